/* backend_util.c - the small helpers every backend uses (backend.h): finding
 * an input's output file, adding outputs to a JobResult, failing a job with
 * a message, and freeing a result. */
#include "backend.h"
#include "util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *job_input_file(const JobCtx *ctx, size_t i, const char *name) {
  if (!ctx || !ctx->inputs || !ctx->job || i >= ctx->job->ninputs || !name) return NULL;
  const JobInput *in = &ctx->inputs[i];
  for (size_t k = 0; k < in->nfiles; k++) {
    if (in->files[k].name && strcmp(in->files[k].name, name) == 0) return in->files[k].path;
  }
  return NULL;
}

void job_result_add(JobResult *r, const char *name, const char *path) {
  if (r->noutputs >= JOB_MAX_OUTPUTS) fatal("job_result_add: more than %d outputs", JOB_MAX_OUTPUTS);
  r->outputs[r->noutputs].name = xstrdup(name);
  r->outputs[r->noutputs].path = xstrdup(path);
  r->noutputs++;
}

int job_fail(JobResult *r, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* One line: newlines from tool output become spaces. */
  for (char *p = msg; *p; p++) {
    if (*p == '\n' || *p == '\r') *p = ' ';
  }
  free(r->error);
  r->error = xstrdup(msg);
  return -1;
}

void job_result_free(JobResult *r) {
  for (size_t i = 0; i < r->noutputs; i++) {
    free((char *)r->outputs[i].name);
    free((char *)r->outputs[i].path);
    r->outputs[i].name = NULL;
    r->outputs[i].path = NULL;
  }
  r->noutputs = 0;
  free(r->error);
  r->error = NULL;
}
