/* draft_params.c - reading a draft job's params defensively, with errors
 * that name the member ("params.shots[1].duration_ms: missing"), plus the
 * small file and path helpers the draft_*.c files share (draft.h). */
#include "draft.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int draft_get_int(const cJSON *obj, const char *where, const char *name, long lo, long hi, long *out,
                  JobResult *r) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
  if (!v) return job_fail(r, "%s.%s: missing", where, name);
  if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble)) {
    return job_fail(r, "%s.%s: must be an integer", where, name);
  }
  if (v->valuedouble < (double)lo || v->valuedouble > (double)hi) {
    return job_fail(r, "%s.%s: %.0f is out of range [%ld, %ld]", where, name, v->valuedouble, lo, hi);
  }
  *out = (long)v->valuedouble;
  return 0;
}

int draft_get_str(const cJSON *obj, const char *where, const char *name, const char **out, JobResult *r) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
  if (!v) return job_fail(r, "%s.%s: missing", where, name);
  if (!cJSON_IsString(v)) return job_fail(r, "%s.%s: must be a string", where, name);
  *out = v->valuestring;
  return 0;
}

const cJSON *draft_get_array(const cJSON *obj, const char *where, const char *name, JobResult *r) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
  if (!v) {
    job_fail(r, "%s.%s: missing", where, name);
    return NULL;
  }
  if (!cJSON_IsArray(v)) {
    job_fail(r, "%s.%s: must be an array", where, name);
    return NULL;
  }
  return v;
}

long draft_opt_int(const cJSON *obj, const char *name, long dflt) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
  if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble)) return dflt;
  if (v->valuedouble < (double)LONG_MIN / 2 || v->valuedouble > (double)LONG_MAX / 2) return dflt;
  return (long)v->valuedouble;
}

const char *draft_opt_str(const cJSON *obj, const char *name, const char *dflt) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
  return cJSON_IsString(v) ? v->valuestring : dflt;
}

int draft_get_frame_size(const cJSON *params, int *w, int *h, int *fps, JobResult *r) {
  long lw, lh, lf;
  if (draft_get_int(params, "params", "width", 16, 8192, &lw, r) != 0) return -1;
  if (draft_get_int(params, "params", "height", 16, 8192, &lh, r) != 0) return -1;
  if (draft_get_int(params, "params", "fps", 1, 240, &lf, r) != 0) return -1;
  if (lw % 2 || lh % 2) {
    return job_fail(r, "params: video size %ldx%ld must be even in both directions (H.264 4:2:0)", lw, lh);
  }
  *w = (int)lw;
  *h = (int)lh;
  *fps = (int)lf;
  return 0;
}

char *draft_input_path(const JobCtx *ctx, size_t i, const char *name, JobResult *r) {
  const char *p = job_input_file(ctx, i, name);
  const char *id = ctx->inputs && i < ctx->job->ninputs ? ctx->inputs[i].id : NULL;
  if (!p) {
    job_fail(r, "input %zu (%s) has no \"%s\" output", i, id ? id : "?", name);
    return NULL;
  }
  char *abs = realpath(p, NULL);
  if (!abs) {
    job_fail(r, "input %zu (%s): %s: %s", i, id ? id : "?", p, strerror(errno));
    return NULL;
  }
  return abs;
}

char *draft_path(const JobCtx *ctx, const char *name) {
  Buf b = {0};
  buf_printf(&b, "%s/%s", ctx->workdir, name);
  return buf_take(&b);
}

int draft_write_all(int fd, const void *data, size_t n, const char *path, JobResult *r) {
  const char *p = data;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return job_fail(r, "cannot write %s: %s", path, strerror(errno));
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int draft_write_file(const char *path, const void *data, size_t n, JobResult *r) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return job_fail(r, "cannot create %s: %s", path, strerror(errno));
  if (draft_write_all(fd, data, n, path, r) != 0) {
    close(fd);
    return -1;
  }
  if (close(fd) != 0) return job_fail(r, "cannot write %s: %s", path, strerror(errno));
  return 0;
}

void draft_log(const JobCtx *ctx, const char *fmt, ...) {
  if (ctx->log_fd < 0) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(msg, sizeof msg - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n > sizeof msg - 2) n = (int)sizeof msg - 2;
  msg[n++] = '\n';
  ssize_t w = write(ctx->log_fd, msg, (size_t)n);
  (void)w;
}

long draft_frames(long duration_ms, int fps) {
  long f = (duration_ms * fps + 500) / 1000;
  return f < 1 ? 1 : f;
}
