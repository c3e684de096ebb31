/* lower.c - the resolved project -> the plan (docs/plan.md).
 *
 * Per shot: its key frame (one image job per take), the video animated from
 * the picked take, one voice job per line; per music cue used: one music job;
 * per scene and per episode: an edit. Params hold exactly what can change an
 * output: resolved prompts, sizes, seeds, durations, reference image digests,
 * the text of lines; names of declarations go only into "draft" (what the
 * draft backend draws) and into edit params (subtitles). */
#include "builtins.h"
#include "jsonw.h"
#include "model.h"
#include "sha.h"
#include "util.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SHOT_MS 3000
#define DEFAULT_MUSIC_MS 30000

/* Origin digests of texts seen lately: the same style, negative, looks and
 * camera come back in shot after shot, and a SHA-256 costs far more than a
 * comparison. Keyed by content: texts from the per-scene scratch arena do
 * not keep their address. */
enum { ORIGIN_MEMO = 256 };
typedef struct OriginMemo {
  const char *prefix; /* a declaration's name: lives as long as the compile */
  char *text;         /* malloc'ed copy */
  size_t len;
  char hex[9];
} OriginMemo;

typedef struct Lower {
  Compiler *c;
  Plan *plan;
  const char *backend[JOB_KIND_COUNT];
  Entity *series_style;
  const char *series_negative;
  Symtab music_jobs;  /* job id -> (index + 1) */
  Symtab ref_digests; /* absolute path -> digest hex (arena) */
  JsonW w, w2, origin;
  ShaCtx *sha;         /* for origin digests */
  OriginMemo *memo;    /* ORIGIN_MEMO slots */
  Buf params, tmp, id, origin_text;
} Lower;

static Entity *lookup(Lower *L, Module *m, const char *name) { return name ? module_lookup(L->c, m, name) : NULL; }

static Entity *style_of(Lower *L, Module *m, Node *n) {
  Node *p = n ? ast_prop(n, "style") : NULL;
  return p && p->value.kind == V_NAME ? lookup(L, m, p->value.str) : NULL;
}

static const char *str_prop(Node *n, const char *prop) {
  Node *p = n ? ast_prop(n, prop) : NULL;
  return p && p->value.kind == V_STRING ? p->value.str : NULL;
}

static uint32_t derived_seed(const char *text) {
  unsigned char d[32];
  sha256(text, strlen(text), d);
  return ((uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3]) & 0x7fffffffu;
}

/* Digest of a reference image, relative to the file that names it; records it
 * in the plan's file table. Reports and returns NULL when unreadable. */
static const char *ref_digest(Lower *L, Node *prop) {
  const char *rel = prop->value.str;
  Buf path = {0};
  if (rel[0] == '/') {
    buf_puts(&path, rel);
  } else {
    const char *slash = strrchr(prop->file->path, '/');
    if (slash) buf_append(&path, prop->file->path, (size_t)(slash - prop->file->path + 1));
    buf_puts(&path, rel);
  }
  char *abs = realpath(buf_cstr(&path), NULL);
  const char *digest = NULL;
  if (!abs) {
    diag_error(L->c->d, prop->file, prop->value.off, prop->value.len, "reference image %s: %s", buf_cstr(&path),
               strerror(errno));
  } else if ((digest = symtab_get(&L->ref_digests, abs)) == NULL) {
    size_t len;
    char *bytes = file_read_all(abs, &len, (size_t)64 << 20);
    if (!bytes) {
      diag_error(L->c->d, prop->file, prop->value.off, prop->value.len, "reference image %s: %s", buf_cstr(&path),
                 strerror(errno));
    } else {
      unsigned char d[32];
      char hex[65];
      sha256(bytes, len, d);
      sha_hex(d, hex);
      free(bytes);
      digest = arena_strdup(L->c->arena, hex);
      symtab_put(&L->ref_digests, arena_strdup(L->c->arena, abs), (void *)digest);
      plan_add_file(L->plan, hex, abs);
    }
  }
  free(abs);
  buf_free(&path);
  return digest;
}

static void add_ref(Lower *L, Buf *refs, Node *prop) {
  if (!prop || prop->value.kind != V_STRING) return;
  const char *d = ref_digest(L, prop);
  if (!d) return;
  if (strstr(buf_cstr(refs), d)) return;
  buf_puts(refs, refs->len > 1 ? ",{\"sha256\":\"" : "{\"sha256\":\"");
  buf_puts(refs, d);
  buf_puts(refs, "\"}");
}

/* Adds label -> first 8 hex digits of SHA-256(prefix ":" text) to an origin. */
static void origin_add(Lower *L, const char *label, const char *prefix, const char *text) {
  if (!text) return;
  size_t len = strlen(text);
  size_t h = len * 131 + (unsigned char)text[len / 2] * 31 + (unsigned char)text[len ? len - 1 : 0] +
             ((uintptr_t)prefix >> 4);
  OriginMemo *m = &L->memo[h % ORIGIN_MEMO];
  if (!(m->text && m->prefix == prefix && m->len == len && memcmp(m->text, text, len) == 0)) {
    ShaCtx *sha = L->sha;
    if (prefix) {
      sha_update(sha, prefix, strlen(prefix));
      sha_update(sha, ":", 1);
    }
    sha_update(sha, text, len);
    unsigned char d[32];
    char hex[65];
    sha_final(sha, d);
    sha_hex(d, hex);
    free(m->text);
    m->text = xstrndup(text, len);
    m->prefix = prefix;
    m->len = len;
    memcpy(m->hex, hex, 8);
    m->hex[8] = 0;
  }
  jw_str(&L->origin, label, m->hex);
}

typedef struct ShotCtx {
  Node *episode, *scene, *shot;
  int number; /* shot number in the scene, from 1 */
  Entity *style, *place;
  Module *m;
} ShotCtx;

static size_t add_job(Lower *L, JobKind kind, const size_t *inputs, size_t n, const char *output, const char *origin) {
  return plan_add(L->plan, buf_cstr(&L->id), kind, L->backend[kind], inputs, n, buf_cstr(&L->params), output, origin);
}

/* The image jobs of a shot; returns the index of the picked take and leaves
 * the params and origin of the shot's video in L->params and L->origin_text. */
static size_t lower_images(Lower *L, ShotCtx *s, const char *base_id, const char *out_base, int64_t duration) {
  Compiler *c = L->c;
  Node *shot = s->shot;
  Cast cast = {{0}, 0};
  Node *pp = ast_prop(shot, "prompt");
  const char *shot_prompt = pp ? prompt_expand(c, s->m, pp, &pp->value, &cast) : "";
  Node *scene_pp = ast_prop(s->scene, "prompt");
  const char *scene_prompt = scene_pp ? prompt_expand(c, s->m, scene_pp, &scene_pp->value, &cast) : "";
  Entity *size = lookup(L, s->m, shot->ref.text);
  bool place_shown = false;
  for (size_t i = 0; i < cast.n; i++) place_shown |= cast.who[i] == s->place;
  const char *parts[5] = {shot_prompt, size ? prompt_style(c, size) : NULL, scene_prompt,
                          s->place && !place_shown ? prompt_look(c, s->place) : NULL,
                          s->style ? prompt_style(c, s->style) : NULL};
  const char *prompt = prompt_join(c, parts, 5);

  const char *negs[16];
  size_t nneg = 0;
  negs[nneg++] = L->series_negative;
  negs[nneg++] = s->style ? prompt_negative(c, s->style) : NULL;
  negs[nneg++] = str_prop(s->scene, "negative");
  negs[nneg++] = str_prop(shot, "negative");
  Buf refs = {0}, castj = {0};
  buf_putc(&refs, '[');
  buf_putc(&castj, '[');
  add_ref(L, &refs, ast_prop(shot, "ref"));
  int64_t seed = -1;
  Node *sp = ast_prop(shot, "seed");
  if (sp) seed = sp->value.num;
  for (size_t i = 0; i < cast.n; i++) {
    Entity *e = cast.who[i];
    if (e->decl->kind == N_PLACE) continue;
    if (castj.len > 1) buf_putc(&castj, ',');
    const char *t = entity_title(e);
    buf_json_string(&castj, t, strlen(t));
    add_ref(L, &refs, entity_prop(e, "ref"));
    Node *es = entity_prop(e, "seed");
    if (seed < 0 && es) seed = es->value.num;
    if (nneg < 16) negs[nneg++] = prompt_negative(c, e);
  }
  if (s->place) {
    add_ref(L, &refs, entity_prop(s->place, "ref"));
    Node *ps = entity_prop(s->place, "seed");
    if (seed < 0 && ps) seed = ps->value.num;
  }
  if (seed < 0) seed = derived_seed(prompt);
  buf_putc(&refs, ']');
  buf_putc(&castj, ']');
  const char *negative = prompt_merge_negatives(c, negs, nneg);

  /* Where the prompt came from, for --explain ("look of li changed"). */
  JsonW *o = &L->origin;
  Buf origin = {0};
  origin_add(L, "shot prompt", NULL, pp ? pp->value.str : "");
  if (scene_pp) origin_add(L, "scene prompt", NULL, scene_pp->value.str);
  if (size) origin_add(L, "shot size", size->decl->name.text, prompt_style(c, size));
  if (s->place && !place_shown) origin_add(L, "place", s->place->decl->name.text, prompt_look(c, s->place));
  if (s->style)
    origin_add(L, "style", s->style->decl->name.text,
               prompt_join(c, (const char *const[]){prompt_style(c, s->style), prompt_negative(c, s->style)}, 2));
  origin_add(L, "negative", NULL, negative);
  char label[300];
  for (size_t i = 0; i < cast.n; i++) {
    Entity *e = cast.who[i];
    snprintf(label, sizeof label, "look of %s", e->decl->name.text);
    origin_add(L, label, NULL, prompt_look(c, e));
  }
  jw_end(o, &origin);

  Node *tp = ast_prop(shot, "takes"), *pk = ast_prop(shot, "pick");
  int64_t takes = tp ? tp->value.num : 1, pick = pk ? pk->value.num : 1;
  size_t picked = 0;
  for (int64_t t = 1; t <= takes; t++) {
    JsonW *w = &L->w, *d = &L->w2;
    jw_str(w, "prompt", prompt);
    jw_str(w, "negative", negative);
    jw_int(w, "width", L->plan->width);
    jw_int(w, "height", L->plan->height);
    jw_int(w, "seed", (seed + t - 1) & 0xffffffffLL);
    if (takes > 1) jw_int(w, "take", t);
    jw_raw(w, "refs", buf_cstr(&refs));
    if (strcmp(L->backend[JOB_IMAGE], "draft") == 0) {
      jw_int(d, "episode", s->episode->value.num);
      jw_str(d, "episode_title", s->episode->str.str ? s->episode->str.str : "");
      jw_str(d, "scene", s->scene->name.text);
      jw_int(d, "shot", s->number);
      jw_int(d, "duration_ms", duration);
      jw_str(d, "shot_size", shot->ref.text ? shot->ref.text : "");
      jw_raw(d, "cast", buf_cstr(&castj));
      jw_str(d, "place", s->place ? entity_title(s->place) : "");
      jw_str(d, "style", s->style ? s->style->decl->name.text : "");
      buf_clear(&L->tmp);
      jw_end(d, &L->tmp);
      jw_raw(w, "draft", buf_cstr(&L->tmp));
    }
    buf_clear(&L->params);
    jw_end(w, &L->params);
    buf_clear(&L->id);
    if (takes > 1) buf_printf(&L->id, "%s/image.%lld", base_id, (long long)t);
    else buf_printf(&L->id, "%s/image", base_id);
    buf_clear(&L->tmp);
    if (takes > 1) buf_printf(&L->tmp, "%s-take%lld", out_base, (long long)t);
    else buf_puts(&L->tmp, out_base);
    char *out = xstrdup(buf_cstr(&L->tmp));
    size_t idx = add_job(L, JOB_IMAGE, NULL, 0, out, buf_cstr(&origin));
    free(out);
    if (t == pick) picked = idx;
  }
  buf_free(&origin);
  buf_free(&refs);
  buf_free(&castj);
  /* The video's prompt: the shot's own words plus the camera phrasing. */
  Node *cp = ast_prop(shot, "camera");
  Entity *cam = cp ? lookup(L, s->m, cp->value.str) : lookup(L, s->m, "static");
  Node *motion = cam ? entity_prop(cam, "motion") : NULL;
  const char *vparts[2] = {shot_prompt, cam ? prompt_style(c, cam) : NULL};
  JsonW *w = &L->w;
  jw_str(w, "prompt", prompt_join(c, vparts, 2));
  jw_str(w, "camera", motion && motion->value.kind == V_NAME ? motion->value.str : "static");
  jw_int(w, "duration_ms", duration);
  jw_int(w, "width", L->plan->width);
  jw_int(w, "height", L->plan->height);
  jw_int(w, "fps", L->plan->fps);
  jw_int(w, "seed", seed);
  buf_clear(&L->params);
  jw_end(w, &L->params);
  origin_add(L, "shot prompt", NULL, pp ? pp->value.str : "");
  origin_add(L, "camera", cam ? cam->decl->name.text : "static", cam ? prompt_style(c, cam) : "");
  for (size_t i = 0; i < cast.n; i++) {
    snprintf(label, sizeof label, "look of %s", cast.who[i]->decl->name.text);
    origin_add(L, label, NULL, prompt_look(c, cast.who[i]));
  }
  buf_clear(&L->origin_text);
  jw_end(o, &L->origin_text);
  return picked;
}

/* music/<name> for a cue, created the first time a scene uses it. */
static size_t music_job(Lower *L, Module *m, Node *cue, int64_t *length) {
  Entity *e = lookup(L, m, cue->ref.text);
  Node *lp = entity_prop(e, "length");
  *length = lp ? lp->value.num : DEFAULT_MUSIC_MS;
  buf_clear(&L->id);
  buf_printf(&L->id, "music/%s", cue->ref.text);
  /* Names are per module: qualify with the module when not the project's. */
  if (e->mod != L->c->project && !strchr(cue->ref.text, '.')) {
    buf_clear(&L->id);
    buf_printf(&L->id, "music/%s", e->decl->name.text);
  }
  void *known = symtab_get(&L->music_jobs, buf_cstr(&L->id));
  if (known) return (size_t)(uintptr_t)known - 1;
  const char *prompt = prompt_style(L->c, e);
  Node *sp = entity_prop(e, "seed");
  jw_str(&L->w, "prompt", prompt);
  jw_int(&L->w, "length_ms", *length);
  jw_int(&L->w, "seed", sp ? sp->value.num : derived_seed(prompt));
  buf_clear(&L->params);
  jw_end(&L->w, &L->params);
  size_t idx = add_job(L, JOB_MUSIC, NULL, 0, buf_cstr(&L->id), NULL);
  symtab_put(&L->music_jobs, arena_strdup(L->c->arena, buf_cstr(&L->id)), (void *)(uintptr_t)(idx + 1));
  return idx;
}

typedef struct Inputs {
  size_t *v;
  size_t n, cap;
} Inputs;

static size_t input_add(Inputs *in, size_t job) {
  if (in->n == in->cap) in->v = xrealloc(in->v, (in->cap = in->cap ? in->cap * 2 : 16) * sizeof *in->v);
  in->v[in->n] = job;
  return in->n++;
}

static size_t lower_scene(Lower *L, Module *m, Node *ep, Node *scene, Entity *ep_style) {
  Compiler *c = L->c;
  char epdir[32];
  snprintf(epdir, sizeof epdir, "ep%02lld", (long long)ep->value.num);
  ShotCtx s = {ep, scene, NULL, 0, NULL, NULL, m};
  Entity *scene_style = style_of(L, m, scene);
  s.place = lookup(L, m, scene->ref.text);
  Inputs in = {0};
  Buf shots = {0}, lines = {0}, cues = {0};
  buf_putc(&shots, '[');
  int64_t total = 0;
  /* Shots first (their jobs), keeping edit params in shots. */
  for (Node *k = scene->kids; k; k = k->next) {
    if (k->kind != N_SHOT) continue;
    s.shot = k;
    s.number++;
    Entity *shot_style = style_of(L, m, k);
    s.style = shot_style ? shot_style : scene_style ? scene_style : ep_style ? ep_style : L->series_style;
    int64_t duration = k->value.kind == V_DURATION ? k->value.num : DEFAULT_SHOT_MS;
    Buf base_id = {0}, out_base = {0};
    buf_printf(&base_id, "ep%lld/%s/%d", (long long)ep->value.num, scene->name.text, s.number);
    buf_printf(&out_base, "%s/%s/%02d%s%s", epdir, scene->name.text, s.number, k->ref.text ? "-" : "",
               k->ref.text ? k->ref.text : "");
    size_t picked = lower_images(L, &s, buf_cstr(&base_id), buf_cstr(&out_base), duration);
    buf_clear(&L->id);
    buf_printf(&L->id, "%s/video", buf_cstr(&base_id));
    size_t video = add_job(L, JOB_VIDEO, &picked, 1, buf_cstr(&out_base), buf_cstr(&L->origin_text));
    size_t video_in = input_add(&in, video);
    buf_clear(&lines);
    buf_putc(&lines, '[');
    int nline = 0;
    char label[300];
    for (Node *l = k->kids; l; l = l->next) {
      if (l->kind != N_LINE) continue;
      nline++;
      Entity *who = lookup(L, m, l->name.text);
      Node *vp = entity_prop(who, "voice"), *sp = entity_prop(who, "seed");
      jw_str(&L->w, "text", l->str.str);
      jw_str(&L->w, "voice", vp ? vp->value.str : "");
      jw_str(&L->w, "language", L->plan->language);
      jw_int(&L->w, "seed", sp ? sp->value.num : 0);
      buf_clear(&L->params);
      jw_end(&L->w, &L->params);
      buf_clear(&L->id);
      buf_printf(&L->id, "%s/voice.%d", buf_cstr(&base_id), nline);
      Buf vout = {0};
      buf_printf(&vout, "%s/%s/%02d-line%d-%s", epdir, scene->name.text, s.number, nline, l->name.text);
      buf_clear(&L->origin_text);
      origin_add(L, "line", NULL, l->str.str);
      snprintf(label, sizeof label, "voice of %s", l->name.text);
      origin_add(L, label, NULL, vp ? vp->value.str : "");
      jw_end(&L->origin, &L->origin_text);
      size_t voice = add_job(L, JOB_VOICE, NULL, 0, buf_cstr(&vout), buf_cstr(&L->origin_text));
      buf_free(&vout);
      size_t voice_in = input_add(&in, voice);
      const char *title = entity_title(who);
      jw_int(&L->w2, "voice", (int64_t)voice_in);
      jw_str(&L->w2, "speaker", title);
      jw_str(&L->w2, "text", l->str.str);
      if (lines.len > 1) buf_putc(&lines, ',');
      jw_end(&L->w2, &lines);
    }
    buf_putc(&lines, ']');
    jw_int(&L->w2, "video", (int64_t)video_in);
    jw_int(&L->w2, "duration_ms", duration);
    jw_raw(&L->w2, "lines", buf_cstr(&lines));
    if (shots.len > 1) buf_putc(&shots, ',');
    jw_end(&L->w2, &shots);
    total += duration;
    buf_free(&base_id);
    buf_free(&out_base);
  }
  buf_putc(&shots, ']');
  buf_putc(&cues, '[');
  for (Node *k = scene->kids; k; k = k->next) {
    if (k->kind != N_CUE) continue;
    int64_t at = k->value.kind == V_DURATION ? k->value.num : 0;
    int64_t fade = k->str.kind == V_DURATION ? k->str.num : 0;
    if (at >= total) {
      diag_error(c->d, k->file, k->value.off, k->value.len,
                 "this cue starts at %lld.%03llds, but scene '%s' lasts only %lld.%03llds", (long long)(at / 1000),
                 (long long)(at % 1000), scene->name.text, (long long)(total / 1000), (long long)(total % 1000));
      continue;
    }
    int64_t length;
    size_t music = music_job(L, m, k, &length);
    size_t music_in = input_add(&in, music);
    jw_int(&L->w2, "music", (int64_t)music_in);
    jw_int(&L->w2, "at_ms", at);
    jw_int(&L->w2, "fade_ms", fade);
    jw_int(&L->w2, "length_ms", length);
    if (cues.len > 1) buf_putc(&cues, ',');
    jw_end(&L->w2, &cues);
  }
  buf_putc(&cues, ']');
  jw_str(&L->w, "type", "scene");
  jw_int(&L->w, "width", L->plan->width);
  jw_int(&L->w, "height", L->plan->height);
  jw_int(&L->w, "fps", L->plan->fps);
  jw_raw(&L->w, "shots", buf_cstr(&shots));
  jw_raw(&L->w, "cues", buf_cstr(&cues));
  jw_int(&L->w, "duration_ms", total);
  buf_clear(&L->params);
  jw_end(&L->w, &L->params);
  buf_clear(&L->id);
  buf_printf(&L->id, "ep%lld/%s/edit", (long long)ep->value.num, scene->name.text);
  buf_clear(&L->tmp);
  buf_printf(&L->tmp, "%s/%s", epdir, scene->name.text);
  char *out = xstrdup(buf_cstr(&L->tmp));
  size_t idx = add_job(L, JOB_EDIT, in.v, in.n, out, NULL);
  free(out);
  free(in.v);
  buf_free(&shots);
  buf_free(&lines);
  buf_free(&cues);
  return idx;
}

static void lower_episode(Lower *L, Module *m, Node *ep) {
  Entity *ep_style = style_of(L, m, ep);
  Inputs in = {0};
  Buf scenes = {0};
  buf_putc(&scenes, '[');
  for (Node *s = ep->kids; s; s = s->next) {
    if (s->kind != N_SCENE) continue;
    L->c->scratch = arena_new();
    size_t idx = lower_scene(L, m, ep, s, ep_style);
    arena_free(L->c->scratch);
    L->c->scratch = NULL;
    size_t k = input_add(&in, idx);
    buf_printf(&scenes, "%s%zu", k ? "," : "", k);
  }
  buf_putc(&scenes, ']');
  const char *title = ep->str.str ? ep->str.str : "";
  jw_str(&L->w, "type", "episode");
  jw_int(&L->w, "number", ep->value.num);
  jw_str(&L->w, "title", title);
  jw_int(&L->w, "width", L->plan->width);
  jw_int(&L->w, "height", L->plan->height);
  jw_int(&L->w, "fps", L->plan->fps);
  jw_raw(&L->w, "scenes", buf_cstr(&scenes));
  buf_clear(&L->params);
  jw_end(&L->w, &L->params);
  buf_clear(&L->id);
  buf_printf(&L->id, "ep%lld/edit", (long long)ep->value.num);
  char *slug = str_slug(title);
  buf_clear(&L->tmp);
  buf_printf(&L->tmp, "ep%02lld%s%s", (long long)ep->value.num, *slug ? "-" : "", slug);
  free(slug);
  char *out = xstrdup(buf_cstr(&L->tmp));
  add_job(L, JOB_EDIT, in.v, in.n, out, NULL);
  free(out);
  free(in.v);
  buf_free(&scenes);
}

/* An upper bound of the jobs an episode makes. */
static size_t count_jobs(Node *ep) {
  size_t n = 1;
  for (Node *s = ep->kids; s; s = s->next) {
    if (s->kind != N_SCENE) continue;
    n++;
    for (Node *k = s->kids; k; k = k->next) {
      if (k->kind == N_CUE) n++;
      if (k->kind != N_SHOT) continue;
      Node *tp = ast_prop(k, "takes");
      n += 1 + (size_t)(tp ? tp->value.num : 1);
      for (Node *l = k->kids; l; l = l->next) n += l->kind == N_LINE;
    }
  }
  return n;
}

static int episode_cmp(const void *a, const void *b) {
  int64_t x = (*(Node *const *)a)->value.num, y = (*(Node *const *)b)->value.num;
  return x < y ? -1 : x > y;
}

static void setup_series(Lower *L) {
  Compiler *c = L->c;
  Plan *p = L->plan;
  Node *s = c->series;
  Module *m = c->project;
  for (int k = 0; k < JOB_KIND_COUNT; k++) L->backend[k] = "draft";
  const Format *fmt = format_find("vertical_1080p");
  if (s) {
    p->title = arena_strdup(p->arena, s->str.str);
    Node *fp = ast_prop(s, "format");
    if (fp) fmt = format_find(fp->value.str);
    const char *lang = str_prop(s, "language");
    if (lang) p->language = arena_strdup(p->arena, lang);
    L->series_style = style_of(L, m, s);
    L->series_negative = str_prop(s, "negative");
    for (Node *b = s->kids; b; b = b->next) {
      if (b->kind != N_BACKENDS) continue;
      for (Node *q = b->kids; q; q = q->next) {
        int k = job_kind_parse(q->name.text);
        if (k >= 0) L->backend[k] = q->value.str;
      }
    }
  } else {
    const char *base = strrchr(c->project->dir, '/');
    p->title = arena_strdup(p->arena, base ? base + 1 : c->project->dir);
  }
  p->width = fmt->width;
  p->height = fmt->height;
  p->fps = fmt->fps;
  Node *fps = s ? ast_prop(s, "fps") : NULL;
  if (fps) p->fps = (int)fps->value.num;
  for (int k = 0; k < JOB_KIND_COUNT; k++)
    if (c->opt->backend[k]) L->backend[k] = c->opt->backend[k];
  char *root = realpath(c->project->dir, NULL);
  p->root = arena_strdup(p->arena, root ? root : c->project->dir);
  free(root);
}

Plan *lower_project(Compiler *c) {
  Lower L = {0};
  L.c = c;
  L.plan = plan_new();
  L.sha = sha_new();
  L.memo = xcalloc(ORIGIN_MEMO, sizeof *L.memo);
  setup_series(&L);
  Module *m = c->project;
  Node **eps = NULL;
  size_t neps = 0;
  for (size_t fi = 0; fi < m->nfiles; fi++)
    for (Node *n = m->files[fi].decls; n; n = n->next)
      if (n->kind == N_EPISODE) {
        eps = xrealloc(eps, (neps + 1) * sizeof *eps);
        eps[neps++] = n;
      }
  if (neps) qsort(eps, neps, sizeof *eps, episode_cmp); /* qsort(NULL, 0) is undefined */
  size_t total = 0;
  for (size_t i = 0; i < neps; i++) total += count_jobs(eps[i]);
  plan_reserve(L.plan, total);
  for (size_t i = 0; i < neps && !c->d->stopped; i++) lower_episode(&L, m, eps[i]);
  free(eps);
  symtab_free(&L.music_jobs);
  symtab_free(&L.ref_digests);
  jw_free(&L.w);
  jw_free(&L.w2);
  jw_free(&L.origin);
  sha_free(L.sha);
  for (size_t i = 0; i < ORIGIN_MEMO; i++) free(L.memo[i].text);
  free(L.memo);
  buf_free(&L.origin_text);
  buf_free(&L.params);
  buf_free(&L.tmp);
  buf_free(&L.id);
  plan_compute_keys(L.plan);
  return L.plan;
}
