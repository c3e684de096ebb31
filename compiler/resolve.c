/* resolve.c - every check between parsing and lowering: properties (known,
 * once, of the right type), names (declared, of the right kind, with "did you
 * mean"), `extends` chains (no cycles, same kind), {name} references in
 * prompts, numbers and durations in range, episode and scene structure.
 * Errors go to Diags; lowering runs only when there are none. */
#include "builtins.h"
#include "model.h"
#include "props.h"
#include "strlit.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

#define MAX_SEED 4294967295LL
#define MAX_TAKES 100
#define MAX_DURATION_MS (3600LL * 1000)

static const char *kind_article(NodeKind k) {
  switch (k) {
  case N_STYLE: return "a style";
  case N_CHARACTER: return "a character";
  case N_CREATURE: return "a creature";
  case N_PLACE: return "a place";
  case N_MUSIC: return "a music cue";
  case N_SIZE: return "a shot size";
  case N_CAMERA: return "a camera move";
  default: return "something else";
  }
}

typedef struct Cands {
  const char **v;
  size_t n, cap;
  const NodeKind *kinds;
  size_t nkinds;
} Cands;

static void cand_add(void *ud, const char *key, void *val) {
  Cands *c = ud;
  Entity *e = val;
  if (c->nkinds) {
    bool ok = false;
    for (size_t i = 0; i < c->nkinds; i++) ok |= e && e->decl->kind == c->kinds[i];
    if (!ok) return;
  }
  if (c->n == c->cap) c->v = xrealloc(c->v, (c->cap = c->cap ? c->cap * 2 : 32) * sizeof *c->v);
  c->v[c->n++] = key;
}

static void unknown_name(Compiler *c, Module *m, SourceFile *f, uint32_t off, uint32_t len, const char *what,
                         const char *name, const NodeKind *kinds, size_t nkinds) {
  Cands cands = {NULL, 0, 0, kinds, nkinds};
  const char *dot = strchr(name, '.');
  Module *scope = m;
  const char *tail = name;
  if (dot) {
    char alias[256];
    size_t n = (size_t)(dot - name) < sizeof alias - 1 ? (size_t)(dot - name) : sizeof alias - 1;
    memcpy(alias, name, n);
    alias[n] = 0;
    scope = symtab_get(&m->aliases, alias);
    if (!scope) {
      cands.nkinds = 0;
      symtab_each(&m->aliases, cand_add, &cands);
      const char *best = suggest_best(alias, cands.v, cands.n);
      if (best)
        diag_error(c->d, f, off, (uint32_t)n, "no import is named '%s' (in '%s'); did you mean '%s'?", alias, name, best);
      else
        diag_error(c->d, f, off, (uint32_t)n, "no import is named '%s' (in '%s'); import a library first", alias, name);
      free(cands.v);
      return;
    }
    tail = dot + 1;
  }
  symtab_each(&scope->names, cand_add, &cands);
  if (!dot && c->prelude && scope != c->prelude) symtab_each(&c->prelude->names, cand_add, &cands);
  const char *best = strchr(tail, '.') ? NULL : suggest_best(tail, cands.v, cands.n);
  if (best && dot)
    diag_error(c->d, f, off, len, "unknown %s '%s'; did you mean '%.*s.%s'?", what, name, (int)(dot - name), name, best);
  else if (best)
    diag_error(c->d, f, off, len, "unknown %s '%s'; did you mean '%s'?", what, name, best);
  else
    diag_error(c->d, f, off, len, "unknown %s '%s'", what, name);
  free(cands.v);
}

void resolve_unknown(Compiler *c, Module *m, SourceFile *f, uint32_t off, uint32_t len, const char *what,
                     const char *name) {
  unknown_name(c, m, f, off, len, what, name, NULL, 0);
}

/* Looks name up and checks its kind; reports and returns NULL on failure. */
static Entity *expect(Compiler *c, Module *m, SourceFile *f, uint32_t off, uint32_t len, const char *name,
                      const NodeKind *kinds, size_t nkinds, const char *what) {
  Entity *e = module_lookup(c, m, name);
  if (!e) {
    unknown_name(c, m, f, off, len, what, name, kinds, nkinds);
    return NULL;
  }
  for (size_t i = 0; i < nkinds; i++)
    if (e->decl->kind == kinds[i]) return e;
  diag_error(c->d, f, off, len, "'%s' is %s, not %s %s", name, kind_article(e->decl->kind),
             strchr("aeiou", what[0]) ? "an" : "a", what);
  return NULL;
}

/* ---- {name} references in prompt text ---- */

typedef struct RefCheck {
  Compiler *c;
  Module *m;
  SourceFile *f;
} RefCheck;

static void check_piece(void *ud, const StrPiece *p) {
  if (!p->is_ref) return;
  RefCheck *rc = ud;
  static const NodeKind kinds[] = {N_CHARACTER, N_CREATURE, N_PLACE};
  char name[512];
  size_t n = p->len < sizeof name - 1 ? p->len : sizeof name - 1;
  memcpy(name, p->text, n);
  name[n] = 0;
  Entity *e = module_lookup(rc->c, rc->m, name);
  if (!e) {
    unknown_name(rc->c, rc->m, rc->f, p->off, (uint32_t)p->len, "character, creature or place", name, kinds, 3);
  } else if (e->decl->kind != N_CHARACTER && e->decl->kind != N_CREATURE && e->decl->kind != N_PLACE) {
    diag_error(rc->c->d, rc->f, p->off, (uint32_t)p->len,
               "'%s' is %s; {name} in text stands for a character, creature or place", name,
               kind_article(e->decl->kind));
  }
}

static void check_refs(Compiler *c, Module *m, Node *prop) {
  RefCheck rc = {c, m, prop->file};
  const char *err;
  uint32_t err_off;
  const char *raw = prop->file->text + prop->value.off;
  if (strlit_decode(raw, prop->value.len, prop->value.off, true, check_piece, &rc, &err, &err_off) != 0)
    diag_error(c->d, prop->file, err_off, 1, "%s", err);
}

/* ---- properties ---- */

static bool value_fits(const Value *v, PropType t) {
  switch (t) {
  case P_STRING:
  case P_PROMPT: return v->kind == V_STRING;
  case P_INT: return v->kind == V_INT;
  case P_DURATION: return v->kind == V_DURATION;
  case P_NAME: return v->kind == V_NAME;
  }
  return false;
}

static const char *value_desc(ValueKind k) {
  switch (k) {
  case V_STRING: return "a string";
  case V_INT: return "a number";
  case V_DECIMAL: return "a decimal number";
  case V_DURATION: return "a duration";
  case V_NAME: return "a name";
  default: return "nothing";
  }
}

static void check_int_range(Compiler *c, Node *p, int64_t lo, int64_t hi, const char *what) {
  const Value *v = &p->value;
  if (v->overflow || v->num > hi)
    diag_error(c->d, p->file, v->off, v->len, "%s is too large (at most %lld)", what, (long long)hi);
  else if (v->num < lo)
    diag_error(c->d, p->file, v->off, v->len, "%s must be at least %lld", what, (long long)lo);
}

static void check_duration(Compiler *c, SourceFile *f, const Value *v, bool zero_ok, const char *what) {
  if (v->kind != V_DURATION) return;
  if (v->overflow || v->num > MAX_DURATION_MS)
    diag_error(c->d, f, v->off, v->len, "%s is too long (at most 1h)", what);
  else if (v->num < 0)
    diag_error(c->d, f, v->off, v->len, "%s cannot be negative", what);
  else if (v->num == 0 && !zero_ok)
    diag_error(c->d, f, v->off, v->len, "%s must be longer than zero", what);
}

/* Checks the N_PROP children of n against its kind's table. */
static void check_props(Compiler *c, Module *m, Node *n) {
  const PropSpec *specs = props_for(n->kind);
  for (Node *p = n->kids; p; p = p->next) {
    if (p->kind != N_PROP) continue;
    const PropSpec *s = specs;
    while (s->name && strcmp(s->name, p->name.text) != 0) s++;
    if (!s->name) {
      const char *names[32];
      size_t k = 0;
      for (const PropSpec *t = specs; t->name && k < 32; t++) names[k++] = t->name;
      const char *best = suggest_best(p->name.text, names, k);
      if (k == 0)
        diag_error(c->d, p->file, p->name.off, p->name.len, "a %s takes no properties", ast_kind_name(n->kind));
      else if (best)
        diag_error(c->d, p->file, p->name.off, p->name.len, "unknown property '%s' for a %s; did you mean '%s'?",
                   p->name.text, ast_kind_name(n->kind), best);
      else
        diag_error(c->d, p->file, p->name.off, p->name.len, "unknown property '%s' for a %s", p->name.text,
                   ast_kind_name(n->kind));
      continue;
    }
    for (Node *q = n->kids; q != p; q = q->next) {
      if (q->kind == N_PROP && strcmp(q->name.text, p->name.text) == 0) {
        diag_error(c->d, p->file, p->name.off, p->name.len, "'%s' is set twice", p->name.text);
        diag_note(c->d, q->file, q->name.off, q->name.len, "first set here");
        break;
      }
    }
    if (!value_fits(&p->value, s->type)) {
      diag_error(c->d, p->file, p->value.off, p->value.len, "'%s' takes %s, not %s", p->name.text,
                 prop_type_desc(s->type), value_desc(p->value.kind));
      continue;
    }
    if (s->type == P_PROMPT) check_refs(c, m, p);
    if (strcmp(s->name, "seed") == 0) check_int_range(c, p, 0, MAX_SEED, "a seed");
    if (s->type == P_DURATION) check_duration(c, p->file, &p->value, false, p->name.text);
    if (s->type == P_STRING && strcmp(s->name, "ref") == 0 && !p->value.str[0])
      diag_error(c->d, p->file, p->value.off, p->value.len, "'ref' needs the path of an image");
  }
}

static void check_name_prop(Compiler *c, Module *m, Node *n, const char *prop, NodeKind kind, const char *what) {
  Node *p = ast_prop(n, prop);
  if (p && p->value.kind == V_NAME)
    expect(c, m, p->file, p->value.off, p->value.len, p->value.str, &kind, 1, what);
}

/* ---- extends ---- */

static void resolve_extends(Compiler *c, Entity *e) {
  Entity **path = NULL;
  size_t n = 0, cap = 0;
  Entity *cur = e;
  while (cur && cur->state == RES_NONE) {
    cur->state = RES_VISITING;
    if (n == cap) path = xrealloc(path, (cap = cap ? cap * 2 : 16) * sizeof *path);
    path[n++] = cur;
    Node *d = cur->decl;
    if (!d->ref.text) break;
    NodeKind want = d->kind;
    Entity *base = expect(c, cur->mod, d->file, d->ref.off, d->ref.len, d->ref.text, &want, 1,
                          ast_kind_name(d->kind));
    if (base && base->state == RES_VISITING) {
      Buf chain = {0};
      size_t start = 0;
      while (start < n && path[start] != base) start++;
      for (size_t i = start; i < n && i < start + 8; i++) buf_printf(&chain, "%s -> ", path[i]->decl->name.text);
      if (n - start > 8) buf_puts(&chain, "... -> ");
      buf_puts(&chain, base->decl->name.text);
      diag_error(c->d, d->file, d->ref.off, d->ref.len, "'extends' goes round in a circle: %s", buf_cstr(&chain));
      buf_free(&chain);
      for (size_t i = start; i < n; i++) path[i]->bad = true;
      break;
    }
    if (!base) {
      cur->bad = true;
      break;
    }
    cur->base = base;
    cur = base;
  }
  for (size_t i = 0; i < n; i++) path[i]->state = RES_DONE;
  free(path);
}

/* ---- declarations ---- */

static void check_entity(Compiler *c, Entity *e) {
  Node *d = e->decl;
  check_props(c, e->mod, d);
  if (e->state == RES_NONE) resolve_extends(c, e);
  if (d->kind == N_CAMERA) {
    Node *p = ast_prop(d, "motion");
    if (p && p->value.kind == V_NAME && !motion_valid(p->value.str)) {
      size_t n;
      const char *const *names = motion_names(&n);
      const char *best = suggest_best(p->value.str, names, n);
      diag_error(c->d, p->file, p->value.off, p->value.len,
                 best ? "unknown camera motion '%s'; did you mean '%s'?"
                      : "unknown camera motion '%s' (static, push_in, pull_out, pan_left, pan_right, tilt_up, "
                        "tilt_down, orbit, crane, handheld)",
                 p->value.str, best);
    }
  }
}

/* Checks every declaration of m, in source order. */
static void check_module(Compiler *c, Module *m) {
  for (size_t fi = 0; fi < m->nfiles && !c->d->stopped; fi++)
    for (Node *n = m->files[fi].decls; n && !c->d->stopped; n = n->next)
      if (n->sem) check_entity(c, n->sem);
}

/* ---- the project: series, episodes, scenes, shots ---- */

static void check_series(Compiler *c, Module *m, Node *s) {
  check_props(c, m, s);
  Node *f = ast_prop(s, "format");
  if (f && f->value.kind == V_NAME && !format_find(f->value.str)) {
    size_t n;
    const char *const *names = format_names(&n);
    const char *best = suggest_best(f->value.str, names, n);
    if (best)
      diag_error(c->d, f->file, f->value.off, f->value.len, "unknown format '%s'; did you mean '%s'?", f->value.str, best);
    else
      diag_error(c->d, f->file, f->value.off, f->value.len,
                 "unknown format '%s' (vertical_1080p, vertical_720p, landscape_1080p, landscape_720p, square_1080, ...)",
                 f->value.str);
  }
  check_name_prop(c, m, s, "style", N_STYLE, "style");
  Node *fps = ast_prop(s, "fps");
  if (fps && fps->value.kind == V_INT) check_int_range(c, fps, 1, 120, "fps");
  Node *lang = ast_prop(s, "language");
  if (lang && lang->value.kind == V_STRING) {
    const char *l = lang->value.str;
    size_t n = strlen(l);
    bool ok = n >= 2 && n <= 12;
    for (size_t i = 0; ok && i < n; i++)
      ok = (l[i] >= 'a' && l[i] <= 'z') || (l[i] >= 'A' && l[i] <= 'Z') || (i >= 2 && l[i] == '-');
    if (!ok)
      diag_error(c->d, lang->file, lang->value.off, lang->value.len,
                 "'language' takes a language code such as \"en\", \"zh\" or \"pt-BR\"");
  }
  for (Node *k = s->kids; k; k = k->next) {
    if (k->kind != N_BACKENDS) continue;
    check_props(c, m, k);
    for (Node *p = k->kids; p; p = p->next)
      if (p->kind == N_PROP && strcmp(p->name.text, "edit") == 0 && p->value.kind == V_NAME &&
          strcmp(p->value.str, "draft") != 0)
        diag_error(c->d, p->file, p->value.off, p->value.len, "the edit is always done locally: use 'draft'");
  }
}

static void check_shot(Compiler *c, Module *m, Node *shot) {
  check_props(c, m, shot);
  if (shot->ref.text) {
    NodeKind k = N_SIZE;
    expect(c, m, shot->file, shot->ref.off, shot->ref.len, shot->ref.text, &k, 1, "shot size");
  }
  if (shot->value.kind == V_DURATION) check_duration(c, shot->file, &shot->value, false, "a shot's duration");
  check_name_prop(c, m, shot, "camera", N_CAMERA, "camera move");
  check_name_prop(c, m, shot, "style", N_STYLE, "style");
  Node *takes = ast_prop(shot, "takes"), *pick = ast_prop(shot, "pick");
  int64_t ntakes = 1;
  if (takes && takes->value.kind == V_INT) {
    check_int_range(c, takes, 1, MAX_TAKES, "takes");
    ntakes = takes->value.num;
  }
  if (pick && pick->value.kind == V_INT) {
    if (pick->value.overflow || pick->value.num < 1 || pick->value.num > ntakes) {
      if (takes)
        diag_error(c->d, pick->file, pick->value.off, pick->value.len, "pick must be between 1 and takes (%lld)",
                   (long long)ntakes);
      else
        diag_error(c->d, pick->file, pick->value.off, pick->value.len,
                   "pick must be between 1 and takes, and this shot has one take (set takes: N)");
    }
  }
  static const NodeKind speakers[] = {N_CHARACTER, N_CREATURE};
  for (Node *l = shot->kids; l; l = l->next) {
    if (l->kind != N_LINE) continue;
    const PropSpec *ps = props_for(N_SHOT);
    while (ps->name && strcmp(ps->name, l->name.text) != 0) ps++;
    if (ps->name && !module_lookup(c, m, l->name.text)) {
      diag_error(c->d, l->file, l->name.off + l->name.len, 1, "missing ':' after '%s'", l->name.text);
      continue;
    }
    expect(c, m, l->file, l->name.off, l->name.len, l->name.text, speakers, 2, "speaker");
    if (!l->str.str[0]) diag_error(c->d, l->file, l->str.off, l->str.len, "empty line of dialogue");
  }
}

static void check_scene(Compiler *c, Module *m, Node *scene) {
  if (scene->ref.text) {
    NodeKind k = N_PLACE;
    expect(c, m, scene->file, scene->ref.off, scene->ref.len, scene->ref.text, &k, 1, "place");
  }
  check_props(c, m, scene);
  check_name_prop(c, m, scene, "style", N_STYLE, "style");
  int shots = 0;
  for (Node *k = scene->kids; k; k = k->next) {
    if (k->kind == N_SHOT) {
      shots++;
      check_shot(c, m, k);
    } else if (k->kind == N_CUE) {
      NodeKind mk = N_MUSIC;
      expect(c, m, k->file, k->ref.off, k->ref.len, k->ref.text, &mk, 1, "music cue");
      check_duration(c, k->file, &k->value, true, "a cue's start");
      check_duration(c, k->file, &k->str, true, "a fade");
    }
  }
  if (shots == 0) diag_error(c->d, scene->file, scene->name.off, scene->name.len, "scene '%s' has no shots", scene->name.text);
}

static void check_episode(Compiler *c, Module *m, Node *ep, Node **seen, size_t nseen) {
  check_props(c, m, ep);
  check_name_prop(c, m, ep, "style", N_STYLE, "style");
  const Value *num = &ep->value;
  if (num->overflow || num->num < 1 || num->num > 9999) {
    diag_error(c->d, ep->file, num->off, num->len, "episode numbers go from 1 to 9999");
  } else {
    for (size_t i = 0; i < nseen; i++) {
      if (seen[i]->value.num == num->num) {
        diag_error(c->d, ep->file, num->off, num->len, "there is already an episode %lld", (long long)num->num);
        diag_note(c->d, seen[i]->file, seen[i]->value.off, seen[i]->value.len, "episode %lld is here",
                  (long long)num->num);
        break;
      }
    }
  }
  int scenes = 0;
  for (Node *s = ep->kids; s; s = s->next) {
    if (s->kind != N_SCENE) continue;
    scenes++;
    for (Node *t = ep->kids; t != s; t = t->next) {
      if (t->kind == N_SCENE && strcmp(t->name.text, s->name.text) == 0) {
        diag_error(c->d, s->file, s->name.off, s->name.len, "episode %lld already has a scene '%s'",
                   (long long)num->num, s->name.text);
        diag_note(c->d, t->file, t->name.off, t->name.len, "the first is here");
        break;
      }
    }
    check_scene(c, m, s);
    if (c->d->stopped) return;
  }
  if (scenes == 0) diag_error(c->d, ep->file, ep->off, 7, "episode %lld has no scenes", (long long)num->num);
}

void resolve_project(Compiler *c) {
  for (size_t i = 0; i < c->nmods && !c->d->stopped; i++) check_module(c, c->mods[i]);
  Module *m = c->project;
  if (!m) return;
  if (c->series) check_series(c, m, c->series);
  Node **seen = NULL;
  size_t nseen = 0;
  for (size_t fi = 0; fi < m->nfiles && !c->d->stopped; fi++) {
    for (Node *n = m->files[fi].decls; n && !c->d->stopped; n = n->next) {
      if (n->kind != N_EPISODE) continue;
      check_episode(c, m, n, seen, nseen);
      seen = xrealloc(seen, (nseen + 1) * sizeof *seen);
      seen[nseen++] = n;
    }
  }
  free(seen);
}
