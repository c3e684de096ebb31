/* plan.c - the plan model: building, keys, lookup, backend override (plan.h).
 * JSON and dot I/O live in plan_json.c. */
#include "plan.h"
#include "jsoncanon.h"
#include "sha.h"
#include "util.h"
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

typedef struct PlanIndex {
  size_t *slots; /* job index + 1, 0 = empty */
  size_t cap;    /* power of two */
  size_t count;  /* jobs indexed so far */
} PlanIndex;

static const char *const kind_names[JOB_KIND_COUNT] = {"image", "video", "voice", "music", "edit"};

const char *job_kind_name(JobKind k) { return (unsigned)k < JOB_KIND_COUNT ? kind_names[k] : "?"; }

int job_kind_parse(const char *name) {
  for (int i = 0; i < JOB_KIND_COUNT; i++)
    if (strcmp(name, kind_names[i]) == 0) return i;
  return -1;
}

Plan *plan_new(void) {
  Plan *p = xcalloc(1, sizeof *p);
  p->arena = arena_new();
  p->title = "";
  p->language = "en";
  p->root = ".";
  p->width = 1080;
  p->height = 1920;
  p->fps = 24;
  return p;
}

void plan_free(Plan *p) {
  if (!p) return;
  if (p->index) free(p->index->slots);
  free(p->index);
  free(p->jobs);
  free(p->files);
  arena_free(p->arena);
  free(p);
}

void plan_reserve(Plan *p, size_t n) {
  if (n <= p->cap) return;
  p->cap = n;
  p->jobs = xrealloc(p->jobs, p->cap * sizeof *p->jobs);
}

size_t plan_add(Plan *p, const char *id, JobKind kind, const char *backend, const size_t *inputs,
                size_t ninputs, const char *params, const char *output, const char *origin) {
  if (p->njobs == p->cap) {
    p->cap = p->cap ? p->cap * 2 : 64;
    p->jobs = xrealloc(p->jobs, p->cap * sizeof *p->jobs);
  }
  PlanJob *j = &p->jobs[p->njobs];
  memset(j, 0, sizeof *j);
  j->id = arena_strdup(p->arena, id);
  j->kind = kind;
  /* Jobs mostly share a few backends: keep one copy of each name. */
  const char *same = NULL;
  for (size_t i = p->njobs; i-- > 0 && i + 8 > p->njobs;)
    if (strcmp(p->jobs[i].backend, backend) == 0) same = p->jobs[i].backend;
  j->backend = same ? same : arena_strdup(p->arena, backend);
  j->ninputs = ninputs;
  if (ninputs) {
    j->inputs = arena_alloc(p->arena, ninputs * sizeof *j->inputs);
    memcpy(j->inputs, inputs, ninputs * sizeof *j->inputs);
  }
  j->params = arena_strdup(p->arena, params ? params : "{}");
  j->output = output ? arena_strdup(p->arena, output) : NULL;
  j->origin = origin ? arena_strdup(p->arena, origin) : NULL;
  return p->njobs++;
}

void plan_add_file(Plan *p, const char *digest_hex, const char *path) {
  if (plan_file_path(p, digest_hex)) return;
  if (p->nfiles == p->capfiles) p->files = xrealloc(p->files, (p->capfiles = p->capfiles ? p->capfiles * 2 : 8) * sizeof *p->files);
  p->files[p->nfiles].digest = arena_strdup(p->arena, digest_hex);
  p->files[p->nfiles].path = arena_strdup(p->arena, path);
  p->nfiles++;
}

const char *plan_file_path(const Plan *p, const char *digest_hex) {
  for (size_t i = 0; i < p->nfiles; i++)
    if (strcmp(p->files[i].digest, digest_hex) == 0) return p->files[i].path;
  return NULL;
}

static void job_key(ShaCtx *sha, const Plan *p, PlanJob *j) {
  static const char nl = '\n';
  const char *kind = job_kind_name(j->kind);
  sha_update(sha, "storyc-job-key/1\n", 17);
  sha_update(sha, kind, strlen(kind));
  sha_update(sha, &nl, 1);
  sha_update(sha, j->backend, strlen(j->backend));
  sha_update(sha, &nl, 1);
  sha_update(sha, j->params, strlen(j->params));
  sha_update(sha, &nl, 1);
  for (size_t i = 0; i < j->ninputs; i++) {
    sha_update(sha, p->jobs[j->inputs[i]].key_hex, 64);
    sha_update(sha, &nl, 1);
  }
  sha_final(sha, j->key);
  sha_hex(j->key, j->key_hex);
}

void plan_compute_keys(Plan *p) {
  ShaCtx *sha = sha_new();
  for (size_t i = 0; i < p->njobs; i++) job_key(sha, p, &p->jobs[i]);
  sha_free(sha);
}

static void index_insert(PlanIndex *ix, const Plan *p, size_t job) {
  size_t mask = ix->cap - 1, h = str_hash(p->jobs[job].id) & mask;
  while (ix->slots[h]) h = (h + 1) & mask;
  ix->slots[h] = job + 1;
}

/* Brings the index up to date with jobs added since it was last used. */
static PlanIndex *index_sync(Plan *p) {
  PlanIndex *ix = p->index;
  if (!ix) ix = p->index = xcalloc(1, sizeof *ix);
  if (ix->count == p->njobs) return ix;
  if (p->njobs * 2 > ix->cap) {
    size_t cap = 64;
    while (cap < p->njobs * 2) cap *= 2;
    free(ix->slots);
    ix->slots = xcalloc(cap, sizeof *ix->slots);
    ix->cap = cap;
    ix->count = 0;
  }
  for (; ix->count < p->njobs; ix->count++) index_insert(ix, p, ix->count);
  return ix;
}

size_t plan_find(Plan *p, const char *id) {
  PlanIndex *ix = index_sync(p);
  if (!ix->cap) return (size_t)-1;
  size_t mask = ix->cap - 1, h = str_hash(id) & mask;
  while (ix->slots[h]) {
    size_t j = ix->slots[h] - 1;
    if (strcmp(p->jobs[j].id, id) == 0) return j;
    h = (h + 1) & mask;
  }
  return (size_t)-1;
}

void plan_set_backend(Plan *p, JobKind kind, const char *backend) {
  int to_draft = strcmp(backend, "draft") == 0;
  for (size_t i = 0; i < p->njobs; i++) {
    PlanJob *j = &p->jobs[i];
    if (j->kind != kind || strcmp(j->backend, backend) == 0) continue;
    j->backend = arena_strdup(p->arena, backend);
    if (to_draft) continue;
    cJSON *params = cJSON_Parse(j->params);
    if (!params || !cJSON_GetObjectItemCaseSensitive(params, "draft")) {
      cJSON_Delete(params);
      continue;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(params, "draft");
    Buf b = {0};
    json_canonical(params, &b);
    j->params = arena_strdup(p->arena, buf_cstr(&b));
    buf_free(&b);
    cJSON_Delete(params);
  }
  plan_compute_keys(p);
}
