/* ast.h - the syntax tree of one .story file, as the parser builds it.
 *
 * One generic Node type: the language is small and uniform (a keyword, a
 * name, an optional title, an optional base, a body of properties and nested
 * blocks), so checks and resolution walk one shape. Nodes live in the
 * compilation's arena. Every node keeps the byte offset it came from, so any
 * later pass can point at the source. What each field means per kind:
 *
 *   kind         name        str               ref            value
 *   N_IMPORT     alias       path              -              -
 *   N_SERIES     -           title             -              -
 *   N_BACKENDS   -           -                 -              -
 *   N_STYLE...   name        title             extends        -
 *     (N_STYLE N_CHARACTER N_CREATURE N_PLACE N_MUSIC N_SIZE N_CAMERA)
 *   N_EPISODE    -           title             -              number (INT)
 *   N_SCENE      name        title             at (place)     -
 *   N_CUE        -           fade (DURATION)   music          at (DURATION)
 *   N_SHOT       -           -                 size           duration
 *   N_LINE       speaker     the line          -              -
 *   N_PROP       prop name   -                 -              the value
 *
 * Children (kids) hold the body in source order: N_PROP, N_BACKENDS,
 * N_SCENE, N_CUE, N_SHOT, N_LINE nodes. */
#ifndef STORYC_AST_H
#define STORYC_AST_H
#include "arena.h"
#include "source.h"
#include <stdbool.h>
#include <stdint.h>

typedef enum NodeKind {
  N_IMPORT, N_SERIES, N_BACKENDS,
  N_STYLE, N_CHARACTER, N_CREATURE, N_PLACE, N_MUSIC, N_SIZE, N_CAMERA,
  N_EPISODE, N_SCENE, N_CUE, N_SHOT, N_LINE, N_PROP,
  N_KIND_COUNT
} NodeKind;

/* A name as written: "li" or a dotted "guofeng.ink_wash". */
typedef struct Name {
  const char *text; /* NULL when absent */
  uint32_t off, len;
} Name;

typedef enum ValueKind { V_NONE, V_STRING, V_INT, V_DECIMAL, V_DURATION, V_NAME } ValueKind;

typedef struct Value {
  const char *str;    /* V_STRING: decoded text; V_NAME: the dotted name */
  int64_t num;        /* V_INT; V_DECIMAL in thousandths; V_DURATION in ms */
  uint32_t off, len;  /* the token in the source (strings: quotes included) */
  ValueKind kind;
  bool overflow;      /* the number did not fit */
} Value;

typedef struct Node Node;
struct Node {
  NodeKind kind;
  uint32_t off;       /* the first token */
  SourceFile *file;
  Name name;
  Value str;
  Name ref;
  Value value;
  Node *kids, *last_kid, *next;
  void *sem;          /* the compiler's data for this node (model.h Entity) */
};

typedef struct AstFile {
  SourceFile *file;
  Node *decls, *last_decl; /* top-level declarations in order */
} AstFile;

Node *ast_new(Arena *a, NodeKind kind, SourceFile *f, uint32_t off);
void ast_append(Node *parent, Node *kid);
void ast_file_append(AstFile *file, Node *decl);
/* "style", "character", ... as the keyword is written. */
const char *ast_kind_name(NodeKind k);
/* Finds the first N_PROP child named prop, or NULL. */
Node *ast_prop(const Node *n, const char *prop);

#endif
