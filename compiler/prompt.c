/* prompt.c - prompt resolution: composing texts along `extends` chains (base
 * first), expanding {name} to the look of a character, creature or place, and
 * merging negatives. Composed texts are computed on demand and memoized per
 * entity, so a long chain costs time only for what shots use. */
#include "model.h"
#include "strlit.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

#define MAX_EXPANSION_DEPTH 32

const char *entity_title(const Entity *e) {
  return e->decl->str.kind == V_STRING && e->decl->str.str[0] ? e->decl->str.str : e->decl->name.text;
}

Node *entity_prop(const Entity *e, const char *prop) {
  for (const Entity *x = e; x; x = x->base) {
    Node *p = ast_prop(x->decl, prop);
    if (p) return p;
  }
  return NULL;
}

/* Where per-use results go: the lowering's scratch arena when there is one. */
static Arena *out_arena(Compiler *c) { return c->scratch ? c->scratch : c->arena; }

const char *prompt_join(Compiler *c, const char *const *parts, size_t n) {
  Buf b = {0};
  for (size_t i = 0; i < n; i++) {
    if (!parts[i] || !parts[i][0]) continue;
    if (b.len) buf_puts(&b, ", ");
    buf_puts(&b, parts[i]);
  }
  const char *s = arena_strndup(out_arena(c), buf_cstr(&b), b.len);
  buf_free(&b);
  return s;
}

static void trim(const char **s, const char **e) {
  while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\n')) (*s)++;
  while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\n')) (*e)--;
}

const char *prompt_merge_negatives(Compiler *c, const char *const *parts, size_t n) {
  /* Items of all parts, in order; a repeated item is dropped. */
  struct Item {
    const char *s;
    size_t len;
  } items[256];
  size_t nitems = 0;
  Buf b = {0};
  for (size_t i = 0; i < n; i++) {
    const char *p = parts[i];
    while (p && *p) {
      const char *comma = strchr(p, ',');
      const char *s = p, *e = comma ? comma : p + strlen(p);
      p = comma ? comma + 1 : NULL;
      trim(&s, &e);
      if (s == e) continue;
      size_t len = (size_t)(e - s);
      bool dup = false;
      for (size_t k = 0; k < nitems && !dup; k++) dup = items[k].len == len && memcmp(items[k].s, s, len) == 0;
      if (dup) continue;
      if (nitems < sizeof items / sizeof items[0]) items[nitems++] = (struct Item){s, len};
      if (b.len) buf_puts(&b, ", ");
      buf_append(&b, s, len);
    }
  }
  const char *s = arena_strndup(out_arena(c), buf_cstr(&b), b.len);
  buf_free(&b);
  return s;
}

typedef struct Expander {
  Compiler *c;
  Module *m;
  SourceFile *f;
  Buf out;
  Cast *cast;
  int depth;
} Expander;

static const char *look_at_depth(Compiler *c, Entity *e, int depth);

static void expand_piece(void *ud, const StrPiece *p) {
  Expander *x = ud;
  if (!p->is_ref) {
    buf_append(&x->out, p->text, p->len);
    return;
  }
  char name[512];
  size_t n = p->len < sizeof name - 1 ? p->len : sizeof name - 1;
  memcpy(name, p->text, n);
  name[n] = 0;
  Entity *e = module_lookup(x->c, x->m, name);
  if (!e) return; /* reported by resolve */
  if (x->depth >= MAX_EXPANSION_DEPTH) {
    diag_error(x->c->d, x->f, p->off, (uint32_t)p->len, "{%s} expands too deeply (more than %d levels of {name})", name,
               MAX_EXPANSION_DEPTH);
    return;
  }
  if (e->expanding) {
    diag_error(x->c->d, x->f, p->off, (uint32_t)p->len, "the look of '%s' refers back to itself", name);
    return;
  }
  if (x->cast && (e->decl->kind == N_CHARACTER || e->decl->kind == N_CREATURE)) {
    bool seen = false;
    for (size_t i = 0; i < x->cast->n; i++) seen |= x->cast->who[i] == e;
    if (!seen && x->cast->n < sizeof x->cast->who / sizeof x->cast->who[0]) x->cast->who[x->cast->n++] = e;
  }
  const char *look = look_at_depth(x->c, e, x->depth + 1);
  buf_puts(&x->out, look && *look ? look : entity_title(e));
}

static const char *expand_at_depth(Compiler *c, Module *m, Node *owner, const Value *v, Cast *cast, int depth) {
  Expander x = {c, m, owner->file, {0}, cast, depth};
  const char *err;
  uint32_t err_off;
  strlit_decode(owner->file->text + v->off, v->len, v->off, true, expand_piece, &x, &err, &err_off);
  const char *s = arena_strndup(out_arena(c), buf_cstr(&x.out), x.out.len);
  buf_free(&x.out);
  return s;
}

const char *prompt_expand(Compiler *c, Module *m, Node *owner, const Value *v, Cast *cast) {
  return expand_at_depth(c, m, owner, v, cast, 0);
}

/* Composes prop along e's chain, base first, each level expanded in its own
 * module. Negatives are merged instead of joined. */
static const char *compose(Compiler *c, Entity *e, const char *prop, bool merge, int depth) {
  size_t n = 0;
  for (Entity *x = e; x; x = x->base) n++;
  const char **parts = xmalloc(n * sizeof *parts);
  size_t i = n;
  /* The result is memoized in e: it must outlive the scratch arena. */
  Arena *scratch = c->scratch;
  c->scratch = NULL;
  e->expanding = true;
  for (Entity *x = e; x; x = x->base) {
    Node *p = ast_prop(x->decl, prop);
    parts[--i] = p && p->value.kind == V_STRING ? expand_at_depth(c, x->mod, p, &p->value, NULL, depth) : NULL;
  }
  e->expanding = false;
  const char *s = merge ? prompt_merge_negatives(c, parts, n) : prompt_join(c, parts, n);
  c->scratch = scratch;
  free(parts);
  return s;
}

static const char *look_at_depth(Compiler *c, Entity *e, int depth) {
  if (!e->look) e->look = compose(c, e, "look", false, depth);
  return e->look;
}

const char *prompt_look(Compiler *c, Entity *e) { return look_at_depth(c, e, 0); }

const char *prompt_style(Compiler *c, Entity *e) {
  if (!e->prompt) e->prompt = compose(c, e, "prompt", false, 0);
  return e->prompt;
}

const char *prompt_negative(Compiler *c, Entity *e) {
  if (!e->negative) e->negative = compose(c, e, "negative", true, 0);
  return e->negative;
}
