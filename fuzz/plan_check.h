/* plan_check.h - the plan round-trip property shared by fuzz_plan.c and
 * fuzz_compile.c: a plan written as JSON must read back (plan_read_json)
 * into the same jobs with the same keys, and writing that again must give
 * the same text. This is what `storyc plan` then `storyc run` relies on: the
 * cache is addressed by keys, so a key that moves on the way through JSON
 * means work done twice. Aborts (via fuzz_check) when the property breaks. */
#ifndef STORYC_FUZZ_PLAN_CHECK_H
#define STORYC_FUZZ_PLAN_CHECK_H
#include "fuzz_util.h"
#include "plan.h"
#include <string.h>

/* Same series, files, jobs, ids, kinds, backends, inputs, params and keys. */
static inline void plan_check_same(const Plan *a, const Plan *b) {
  fuzz_check(strcmp(a->title, b->title) == 0, "series title changed on the way through JSON");
  fuzz_check(strcmp(a->language, b->language) == 0, "language changed on the way through JSON");
  fuzz_check(strcmp(a->root, b->root) == 0, "root changed on the way through JSON");
  fuzz_check(a->width == b->width && a->height == b->height && a->fps == b->fps,
             "size or fps changed on the way through JSON");
  fuzz_check(a->nfiles == b->nfiles, "number of files changed on the way through JSON");
  fuzz_check(a->njobs == b->njobs, "number of jobs changed on the way through JSON");
  for (size_t i = 0; i < a->njobs; i++) {
    const PlanJob *x = &a->jobs[i], *y = &b->jobs[i];
    fuzz_check(strcmp(x->id, y->id) == 0, "a job id changed on the way through JSON");
    fuzz_check(x->kind == y->kind, "a job kind changed on the way through JSON");
    fuzz_check(strcmp(x->backend, y->backend) == 0, "a backend changed on the way through JSON");
    fuzz_check(x->ninputs == y->ninputs, "a job's inputs changed on the way through JSON");
    for (size_t k = 0; k < x->ninputs; k++)
      fuzz_check(x->inputs[k] == y->inputs[k], "a job's inputs changed on the way through JSON");
    fuzz_check(strcmp(x->params, y->params) == 0, "params changed on the way through JSON");
    fuzz_check(strcmp(x->key_hex, y->key_hex) == 0, "a job key changed on the way through JSON");
  }
}

/* Writes p, reads it back, compares, writes again: the texts must be equal. */
static inline void plan_check_roundtrip(const Plan *p) {
  Buf j1 = {0}, j2 = {0};
  plan_write_json(p, &j1);
  char *err = NULL;
  Plan *q = plan_read_json(buf_cstr(&j1), j1.len, &err);
  if (!q) fprintf(stderr, "fuzz: plan_read_json: %s\n", err ? err : "?");
  fuzz_check(q != NULL, "a plan written by plan_write_json does not read back");
  plan_check_same(p, q);
  plan_write_json(q, &j2);
  fuzz_check(j1.len == j2.len && memcmp(j1.data, j2.data, j1.len) == 0,
             "plan JSON is not stable: writing the plan read back gives other text");
  Buf dot = {0};
  plan_write_dot(q, &dot);
  buf_free(&dot);
  plan_free(q);
  buf_free(&j1);
  buf_free(&j2);
}

#endif
