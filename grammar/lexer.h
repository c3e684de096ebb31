/* lexer.h - the re2c lexer's state (grammar/lexer.re). The whole file is in
 * memory with a NUL sentinel at the end; the lexer hands out tokens as byte
 * ranges and never allocates. Lexical errors go to Diags; a fatal one (a
 * token over 1 MiB, nesting deeper than 256) ends the token stream. */
#ifndef STORYC_LEXER_H
#define STORYC_LEXER_H
#include "diag.h"
#include <stdbool.h>
#include <stdint.h>

#define LEX_MAX_DEPTH 256
#define LEX_MAX_TOKEN ((size_t)1 << 20)

typedef struct Tok {
  uint32_t off, len;
  int64_t num;   /* INT, DECIMAL (thousandths), DURATION (ms) */
  bool overflow;
} Tok;

typedef struct Loc {
  uint32_t off, end;
} Loc;

typedef struct Lexer {
  SourceFile *file;
  Diags *diags;
  const unsigned char *cur, *tok, *lim;
  int depth;
  uint32_t open[LEX_MAX_DEPTH]; /* offsets of the open '{' */
  bool fatal;
} Lexer;

void lex_init(Lexer *lx, SourceFile *f, Diags *d);

#endif
