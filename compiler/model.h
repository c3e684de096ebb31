/* model.h - the compiler's resolved model, shared by its passes (internal).
 *
 * A Module is one imported file, or the project (all top-level .story files
 * of its directory). Each declaration gets an Entity holding what the passes
 * work out about it: its base (extends), and, on demand, its composed texts.
 * The Compiler owns everything and frees it in compile_project(). */
#ifndef STORYC_MODEL_H
#define STORYC_MODEL_H
#include "ast.h"
#include "compile.h"
#include "diag.h"
#include "symtab.h"
#include <stdbool.h>

typedef struct Module Module;
typedef struct Entity Entity;

struct Module {
  const char *name;     /* display: the import path, or the project path */
  const char *dir;      /* folder of its first file: relative imports resolve here */
  AstFile *files;
  size_t nfiles;
  Symtab names;         /* name -> Entity */
  Symtab aliases;       /* import alias -> Module */
  bool loading;         /* on the import stack (cycle detection) */
  bool is_prelude;
};

typedef enum { RES_NONE, RES_VISITING, RES_DONE } ResState;

struct Entity {
  Node *decl;
  Module *mod;
  Entity *base;         /* resolved extends, or NULL */
  ResState state;       /* extends resolution */
  bool bad;             /* has an error: skip in later passes */
  bool expanding;       /* on the {name} expansion stack (cycle detection) */
  const char *look;     /* composed look, {refs} expanded (memo) */
  const char *prompt;   /* composed prompt (memo) */
  const char *negative; /* composed negative (memo) */
};

typedef struct Compiler {
  const CompileOptions *opt;
  Diags *d;
  Arena *arena;
  Arena *scratch;       /* per-scene strings while lowering (NULL: arena) */
  Symtab modules;       /* realpath -> Module */
  Module **mods;        /* every module, in load order */
  size_t nmods;
  Module *project;
  Module *prelude;
  SourceFile **sources; /* every loaded file, freed at the end */
  size_t nsources, capsources;
  Node *series;         /* the project's series declaration, or NULL */
  int syntax_errors;    /* encoding, lexical and syntax errors: no checks after them */
} Compiler;

/* module.c */
int module_load_project(Compiler *c, const char *path);
/* Finds a declaration by (possibly dotted) name as seen from module m:
 * m's own names, then (unqualified) the prelude. NULL when there is none. */
Entity *module_lookup(Compiler *c, Module *m, const char *name);

/* resolve.c: names, extends, properties; errors reported. */
void resolve_project(Compiler *c);
/* Reports an unknown name, with a "did you mean" among the names of m. */
void resolve_unknown(Compiler *c, Module *m, SourceFile *f, uint32_t off, uint32_t len, const char *what,
                     const char *name);

/* suggest.c */
/* The candidate closest to word (edit distance), or NULL when none is close. */
const char *suggest_best(const char *word, const char *const *cands, size_t n);

/* prompt.c: composed texts, on demand (memoized in the Entity). */
const char *prompt_look(Compiler *c, Entity *e);
const char *prompt_style(Compiler *c, Entity *e);
const char *prompt_negative(Compiler *c, Entity *e);
/* Expands a prompt-like string property of node (raw source text of v), as
 * seen from module m; appends the names of characters and creatures shown
 * to cast (may be NULL). Returns an arena string. */
typedef struct Cast {
  Entity *who[64];
  size_t n;
} Cast;
const char *prompt_expand(Compiler *c, Module *m, Node *owner, const Value *v, Cast *cast);
/* Joins non-empty parts with ", ". */
const char *prompt_join(Compiler *c, const char *const *parts, size_t n);
/* Merges comma-separated negative lists, dropping repeats. */
const char *prompt_merge_negatives(Compiler *c, const char *const *parts, size_t n);

/* lower.c */
Plan *lower_project(Compiler *c);

/* Helpers on entities. */
const char *entity_title(const Entity *e);
Node *entity_prop(const Entity *e, const char *prop); /* own or inherited */

#endif
