/* backends.c - the backend table of a build (backends.h). */
#include "backends.h"
#include "http_job.h"
#include "jsoncanon.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double http_estimate(const BackendDesc *d, const PlanJob *job) {
  return http_backend_cost((HttpBackend *)d->data, job);
}

static int http_preflight(const BackendDesc *d, JobKind kind, Buf *why) {
  return http_backend_preflight(d->data, kind, why);
}

/* The params of job without the draft-only member (docs/plan.md). */
static void drop_draft_params(Plan *plan, PlanJob *j) {
  if (!strstr(j->params, "\"draft\"")) return;
  cJSON *params = cJSON_Parse(j->params);
  if (params && cJSON_GetObjectItemCaseSensitive(params, "draft")) {
    cJSON_DeleteItemFromObjectCaseSensitive(params, "draft");
    Buf b = {0};
    json_canonical(params, &b);
    j->params = arena_strdup(plan->arena, buf_cstr(&b));
    buf_free(&b);
  }
  cJSON_Delete(params);
}

/* One loaded backend per (plan backend string, kind). */
typedef struct Loaded {
  const char *given;
  JobKind kind;
  HttpBackend *hb;
} Loaded;

int backends_setup(Plan *plan, const char *stdlib_dir, bool start_engine, Backends *b) {
  memset(b, 0, sizeof *b);
  size_t ndraft;
  const BackendDesc *draft = runtime_backends(&ndraft);
  Buf project = {0}, std = {0};
  if (plan->root) buf_printf(&project, "%s/backends", plan->root);
  if (stdlib_dir) buf_printf(&std, "%s/backends", stdlib_dir);
  const char *dirs[2] = {project.data, std.data};
  Loaded *loaded = NULL;
  size_t nloaded = 0;
  int rc = 0;
  bool rekey = false;
  for (size_t i = 0; i < plan->njobs; i++) {
    PlanJob *j = &plan->jobs[i];
    bool builtin = false;
    for (size_t k = 0; k < ndraft; k++) builtin |= strcmp(j->backend, draft[k].name) == 0;
    if (builtin) continue;
    const Loaded *l = NULL;
    for (size_t k = 0; k < nloaded && !l; k++)
      if (loaded[k].kind == j->kind && strcmp(loaded[k].given, j->backend) == 0) l = &loaded[k];
    if (!l) {
      loaded = xrealloc(loaded, (nloaded + 1) * sizeof *loaded);
      Loaded *nl = &loaded[nloaded++];
      nl->given = j->backend;
      nl->kind = j->kind;
      nl->hb = NULL;
      if (j->kind == JOB_EDIT) {
        fprintf(stderr, "storyc: edit jobs are made on this machine: their backend is draft, not %s\n", j->backend);
        rc = -1;
      } else {
        char *name, *model;
        http_backend_split(j->backend, &name, &model);
        Buf err = {0};
        nl->hb = http_backend_load(name, model, j->kind, dirs, 2, &err);
        if (!nl->hb) {
          fprintf(stderr, "storyc: backend for %s jobs: %s\n", job_kind_name(j->kind), buf_cstr(&err));
          rc = -1;
        }
        buf_free(&err);
        free(name);
        free(model);
      }
      l = nl;
    }
    if (!l->hb) continue;
    if (strcmp(j->backend, l->hb->identity) != 0) {
      j->backend = arena_strdup(plan->arena, l->hb->identity);
      rekey = true;
    }
    size_t before = strlen(j->params);
    drop_draft_params(plan, j);
    rekey |= strlen(j->params) != before;
  }
  buf_free(&project);
  buf_free(&std);
  if (rekey) plan_compute_keys(plan);
  /* the table: draft, then one entry per identity */
  b->table = xcalloc(ndraft + nloaded + 1, sizeof *b->table);
  memcpy(b->table, draft, ndraft * sizeof *draft);
  b->n = ndraft;
  b->http = xcalloc(nloaded + 1, sizeof *b->http);
  for (size_t k = 0; k < nloaded; k++) {
    HttpBackend *hb = loaded[k].hb;
    if (!hb) continue;
    bool dup = false;
    for (size_t t = 0; t < b->nhttp && !dup; t++) dup = strcmp(b->http[t]->identity, hb->identity) == 0;
    if (dup) {
      http_backend_free(hb);
      continue;
    }
    b->http[b->nhttp++] = hb;
    b->table[b->n++] = (BackendDesc){.name = hb->identity, .run = http_run, .limit = hb->limit,
                                     .estimate = http_estimate, .preflight = http_preflight, .data = hb,
                                     .lazy_workdir = true, .start = http_start, .can_start = http_can_start, .batch = http_batch,
                                     .memory_log = true};
  }
  free(loaded);
  if (rc == 0 && start_engine && b->nhttp) {
    b->engine = http_engine_new();
    if (!b->engine) rc = -1;
    for (size_t k = 0; k < b->nhttp; k++) b->http[k]->engine = b->engine;
  }
  if (rc != 0) backends_free(b);
  return rc;
}

void backends_free(Backends *b) {
  http_engine_free(b->engine);
  for (size_t k = 0; k < b->nhttp; k++) http_backend_free(b->http[k]);
  free(b->http);
  free(b->table);
  memset(b, 0, sizeof *b);
}
