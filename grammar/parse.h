/* parse.h - text -> AST for one file: the bison parser fed by the re2c
 * lexer. Syntax errors go to Diags with recovery, so one run reports as many
 * real errors as it can. */
#ifndef STORYC_PARSE_H
#define STORYC_PARSE_H
#include "ast.h"
#include "diag.h"

/* Parses f into out (nodes in arena). Returns the number of errors found in
 * this file (encoding, lexical and syntax). */
int parse_file(SourceFile *f, Arena *arena, Diags *d, AstFile *out);

#endif
