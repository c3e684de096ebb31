/* ast.c - building and querying syntax tree nodes (ast.h). */
#include "ast.h"
#include <string.h>

static const char *const kind_names[N_KIND_COUNT] = {
    "import", "series", "backends", "style", "character", "creature", "place", "music", "size",
    "camera", "episode", "scene", "cue", "shot", "line", "property"};

Node *ast_new(Arena *a, NodeKind kind, SourceFile *f, uint32_t off) {
  Node *n = arena_alloc(a, sizeof *n);
  n->kind = kind;
  n->file = f;
  n->off = off;
  return n;
}

void ast_append(Node *parent, Node *kid) {
  if (!kid) return;
  if (parent->last_kid) parent->last_kid->next = kid;
  else parent->kids = kid;
  parent->last_kid = kid;
}

void ast_file_append(AstFile *file, Node *decl) {
  if (!decl) return;
  if (file->last_decl) file->last_decl->next = decl;
  else file->decls = decl;
  file->last_decl = decl;
}

const char *ast_kind_name(NodeKind k) { return (unsigned)k < N_KIND_COUNT ? kind_names[k] : "?"; }

Node *ast_prop(const Node *n, const char *prop) {
  for (Node *k = n->kids; k; k = k->next)
    if (k->kind == N_PROP && strcmp(k->name.text, prop) == 0) return k;
  return NULL;
}
