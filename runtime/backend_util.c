/* backend_util.c - the small helpers every backend uses (backend.h): finding
 * an input's output file, adding outputs to a JobResult, failing a job with
 * a message, and freeing a result. */
#include "backend.h"
#include "util.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

void job_result_add_bytes(JobResult *r, const char *name, const char *path, void *data, size_t len) {
  job_result_add(r, name, path);
  r->data[r->noutputs - 1] = data;
  r->data_len[r->noutputs - 1] = len;
}

int job_make_workdir(const JobCtx *ctx) {
  if (mkdir(ctx->workdir, 0700) != 0 && errno != EEXIST) return -1;
  if (ctx->workdir_made) *ctx->workdir_made = true;
  return 0;
}

void job_log_text(const JobCtx *ctx, const char *text, size_t len) {
  if (ctx->log) {
    buf_append(ctx->log, text, len);
  } else if (ctx->log_fd >= 0) {
    (void)fd_write_all(ctx->log_fd, text, len); /* the log is for people; a write error changes nothing */
  }
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
    free(r->data[i]);
    r->outputs[i].name = NULL;
    r->outputs[i].path = NULL;
    r->data[i] = NULL;
    r->data_len[i] = 0;
  }
  r->noutputs = 0;
  free(r->error);
  r->error = NULL;
}
