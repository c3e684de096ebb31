/* http_job.c - one job on a description-driven HTTP backend (http_job.h).
 *
 * Failure policy, step by step (docs/backends.md, "Faults"):
 * - nothing sent yet (connection refused, DNS): the job may be retried by
 *   the scheduler (JobResult.retryable);
 * - the submit was answered with 408/429/5xx or a rule says "retry": the
 *   service refused it for now, so resending is safe: retryable, with its
 *   Retry-After;
 * - the submit went out but no complete answer came back (timeout, cut-off
 *   body, malformed JSON): the service may have started and charged for
 *   the job, so it is NOT resent (unless the description says
 *   "resend": true, for free local services);
 * - a refusal (moderation, content filter, bad request, auth, no credit):
 *   fails at once with the service's own message;
 * - polls and downloads are resent inside the engine; once a job id is
 *   saved, a later try (or build) polls that id instead of submitting. */
#include "http_job.h"
#include "cache.h"
#include "http_answer.h"
#include "http_media.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
  DEFAULT_ANSWER_MB = 64,
  DEFAULT_DOWNLOAD_MB = 1024,
  POLL_RESENDS = 4,
  DOWNLOAD_RESENDS = 4,
  MAX_BAD_POLLS = 3,
};

typedef struct Job {
  const JobCtx *ctx;
  HttpBackend *b;
  JobResult *r;
  const cJSON *desc; /* the description resolved for this job (owned by b) */
  HttpVars v;
  char **hdrs;     /* auth and description headers ("Name: value"), owned */
  size_t nhdrs;
  int64_t deadline;
  double deadline_s;
  char *pending;   /* <cache>/pending/<key>.json, owned; NULL without a cache */
} Job;

static const cJSON *obj(const cJSON *o, const char *name) { return cJSON_GetObjectItemCaseSensitive(o, name); }

static const char *str_or(const cJSON *o, const char *name, const char *dflt) {
  const cJSON *x = obj(o, name);
  return cJSON_IsString(x) ? x->valuestring : dflt;
}

static double num_or(const cJSON *o, const char *name, double dflt) {
  const cJSON *x = obj(o, name);
  return cJSON_IsNumber(x) ? x->valuedouble : dflt;
}

/* A line in the job's log, with every secret removed. */
static void job_log(Job *J, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void job_log(Job *J, const char *fmt, ...) {
  if (J->ctx->log_fd < 0 && !J->ctx->log) return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  Buf b = {0};
  buf_printf(&b, "%s %s\n", J->b->name, line);
  http_redact(&J->v, &b);
  job_log_text(J->ctx, b.data, b.len);
  buf_free(&b);
}

/* Fails the job with a message (secrets removed); returns -1. */
static int fail(Job *J, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(Job *J, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  Buf b = {0};
  buf_puts(&b, msg);
  http_redact(&J->v, &b);
  job_fail(J->r, "%s", b.data);
  job_log(J, "failed: %s", b.data);
  buf_free(&b);
  return -1;
}

static int cancelled(Job *J) { return job_fail(J->r, "cancelled"); }

/* An absolute URL from a path template: base URL + path, or the template
 * itself when it is a whole URL. Values are percent-encoded. */
static int make_url(Job *J, const char *tmpl, Buf *url, Buf *err) {
  if (strncmp(tmpl, "https://", 8) != 0 && strncmp(tmpl, "http://", 7) != 0) buf_puts(url, J->b->base_url);
  return tmpl_string(tmpl, &J->v, true, url, err);
}

/* The header lines of a request: the job's, then extra (NULL-terminated). */
static const char **headers_with(Job *J, const char *const *extra, size_t *n) {
  size_t ne = 0;
  while (extra && extra[ne]) ne++;
  const char **h = xmalloc((J->nhdrs + ne + 1) * sizeof *h);
  for (size_t i = 0; i < J->nhdrs; i++) h[i] = J->hdrs[i];
  for (size_t i = 0; i < ne; i++) h[J->nhdrs + i] = extra[i];
  *n = J->nhdrs + ne;
  return h;
}

static size_t cap_bytes(const cJSON *desc, const char *name, size_t dflt_mb) {
  double mb = num_or(obj(desc, "limits"), name, (double)dflt_mb);
  if (mb < 1) mb = 1;
  return (size_t)(mb * 1024 * 1024);
}

/* Logs the outcome of a request (never its headers), started at t0. */
static void log_outcome(Job *J, const HttpRequest *rq, const HttpResponse *rs, const char *what, int64_t t0) {
  double s = (double)(http_now_ms() - t0) / 1000.0;
  if (rs->err == HTTP_OK)
    job_log(J, "%s: %s %s -> HTTP %ld, %zu bytes, %.2fs%s", what, rq->method, rq->url, rs->status,
            rs->saved ? rs->saved : rs->len, s, rs->tries > 1 ? " (after resends)" : "");
  else
    job_log(J, "%s: %s %s -> %s (%.2fs, %d tr%s)", what, rq->method, rq->url, rs->error, s, rs->tries,
            rs->tries == 1 ? "y" : "ies");
}

/* Runs a request and logs its outcome. */
static int perform(Job *J, HttpRequest *rq, HttpResponse *rs, const char *what) {
  /* the work directory is made only for a request that saves a file there */
  if (rq->save_to) job_make_workdir(J->ctx);
  rq->cancel = J->ctx->cancel;
  rq->deadline_ms = J->deadline;
  int64_t t0 = http_now_ms();
  int rc = http_engine_perform(J->b->engine, rq, rs);
  log_outcome(J, rq, rs, what, t0);
  return rc;
}

/* Parses a JSON body (NULL when it is not JSON). */
static cJSON *parse_body(const HttpResponse *rs) {
  if (!rs->body || !rs->len) return NULL;
  return cJSON_ParseWithLength(rs->body, rs->len);
}

/* A transport-level failure of a request: fills the message. */
static const char *transport_why(const HttpResponse *rs) {
  switch (rs->err) {
  case HTTP_E_TIMEOUT: return "no complete answer in time";
  case HTTP_E_TOO_LARGE: return "the answer is too large";
  case HTTP_E_URL: return "URL refused";
  case HTTP_E_FILE: return "cannot write the answer";
  default: return "connection failed";
  }
}

/* Judges an HTTP answer; on anything but HV_OK fails the job with the
 * service's message (retryable when the verdict allows and safe says the
 * request may be sent again). */
static HttpVerdict judge(Job *J, const HttpResponse *rs, const cJSON *json, const char *what, bool safe) {
  Buf msg = {0};
  long after = rs->retry_after_ms;
  HttpVerdict v = http_judge(obj(J->desc, "errors"), rs->status, rs->body, rs->len, json, &after, &msg);
  if (v == HV_OK) {
    buf_free(&msg);
    return v;
  }
  if (v == HV_RETRY) {
    fail(J, "%s %s (HTTP %ld on the %s): %s", J->b->name, rs->status == 429 ? "is busy" : "failed for now",
         rs->status, what, msg.data);
    J->r->retryable = safe;
    if (safe && after > 0) J->r->retry_after_ms = (unsigned)after;
  } else if (v == HV_REFUSED) {
    fail(J, "%s refused the %s (HTTP %ld): %s", J->b->name, what, rs->status, msg.data);
  } else {
    fail(J, "%s: the %s failed (HTTP %ld): %s", J->b->name, what, rs->status, msg.data);
  }
  buf_free(&msg);
  return v;
}

/* ---- pending jobs ---- */

static void pending_save(Job *J, const char *job_id) {
  if (!J->pending) return;
  Buf dir = {0};
  buf_printf(&dir, "%s/pending", J->ctx->cache_dir);
  cache_mkdirs(dir.data);
  buf_free(&dir);
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "backend", J->b->identity);
  cJSON_AddStringToObject(o, "job", J->ctx->job->id);
  cJSON_AddStringToObject(o, "job_id", job_id);
  cJSON_AddNumberToObject(o, "submitted", (double)time(NULL));
  char *text = cJSON_PrintUnformatted(o);
  if (cache_write_file(J->pending, text, strlen(text)) != 0)
    job_log(J, "warning: cannot save the job id in %s: %s", J->pending, strerror(errno));
  free(text);
  cJSON_Delete(o);
}

/* The job id a previous build submitted for this job, or NULL. */
static char *pending_load(Job *J) {
  if (!J->pending) return NULL;
  size_t len;
  char *text = file_read_all(J->pending, &len, 1 << 16);
  if (!text) return NULL;
  cJSON *o = cJSON_ParseWithLength(text, len);
  free(text);
  const char *backend = str_or(o, "backend", NULL), *id = str_or(o, "job_id", NULL);
  char *r = backend && id && strcmp(backend, J->b->identity) == 0 ? xstrdup(id) : NULL;
  cJSON_Delete(o);
  return r;
}

static void pending_drop(Job *J) {
  if (J->pending) unlink(J->pending);
}

/* ---- steps ---- */

/* The files of "from": "refs" (reference images) or "image" (the key frame). */
static const cJSON *files_of(Job *J, const char *from) {
  if (strcmp(from, "image") == 0) {
    const cJSON *img = http_vars_get(&J->v, "image");
    return img;
  }
  return obj(http_vars_get(&J->v, "refs"), "path");
}

/* Calls f for each path of from. */
static size_t paths_of(Job *J, const char *from, const char **out, size_t cap) {
  const cJSON *f = files_of(J, from);
  size_t n = 0;
  if (cJSON_IsObject(f)) {
    const char *p = str_or(f, "path", NULL);
    if (p && n < cap) out[n++] = p;
  } else {
    for (const cJSON *k = cJSON_IsArray(f) ? f->child : NULL; k && n < cap; k = k->next)
      if (cJSON_IsString(k)) out[n++] = k->valuestring;
  }
  return n;
}

enum { MAX_FILES = 16 };

/* Uploads the files each "uploads" entry names; binds the names the
 * service gives them to <from>.uploaded (and refs.uploaded as a list). */
static int upload(Job *J) {
  const cJSON *ups = obj(J->desc, "uploads");
  for (const cJSON *u = cJSON_IsArray(ups) ? ups->child : NULL; u; u = u->next) {
    const char *from = str_or(u, "from", "refs");
    const char *paths[MAX_FILES];
    size_t n = paths_of(J, from, paths, MAX_FILES);
    cJSON *names = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
      Buf url = {0}, err = {0};
      if (make_url(J, str_or(u, "path", "/upload"), &url, &err) != 0) {
        fail(J, "upload: %s", err.data);
        buf_free(&url), buf_free(&err), cJSON_Delete(names);
        return -1;
      }
      HttpPart parts[17];
      size_t np = 0;
      const char *slash = strrchr(paths[i], '/');
      const char *dot = strrchr(paths[i], '.');
      parts[np++] = (HttpPart){str_or(u, "field", "file"), NULL, paths[i], slash ? slash + 1 : paths[i],
                               media_mime(dot ? dot + 1 : NULL)};
      const cJSON *form = obj(u, "form");
      Buf vals[16];
      size_t nv = 0;
      for (const cJSON *f = cJSON_IsObject(form) ? form->child : NULL; f && nv < 16; f = f->next) {
        if (!cJSON_IsString(f)) continue;
        memset(&vals[nv], 0, sizeof vals[nv]);
        tmpl_string(f->valuestring, &J->v, false, &vals[nv], &err);
        parts[np++] = (HttpPart){f->string, vals[nv].data ? vals[nv].data : "", NULL, NULL, NULL};
        nv++;
      }
      size_t nh;
      const char **h = headers_with(J, NULL, &nh);
      HttpRequest rq = {.method = "POST", .url = url.data, .headers = h, .nheaders = nh, .parts = parts, .nparts = np,
                        .max_bytes = cap_bytes(J->desc, "answer_mb", DEFAULT_ANSWER_MB),
                        .timeout_ms = (long)(num_or(u, "timeout_s", 120) * 1000), .retries = 3};
      HttpResponse rs;
      perform(J, &rq, &rs, "upload");
      free(h);
      for (size_t k = 0; k < nv; k++) buf_free(&vals[k]);
      buf_free(&url);
      buf_free(&err);
      int rc = 0;
      if (rs.err == HTTP_E_CANCELLED) {
        rc = cancelled(J);
      } else if (rs.err != HTTP_OK) {
        rc = fail(J, "upload of %s to %s: %s (%s)", paths[i], J->b->name, transport_why(&rs), rs.error);
        J->r->retryable = rs.err == HTTP_E_TRANSPORT || rs.err == HTTP_E_TIMEOUT;
      } else {
        cJSON *json = parse_body(&rs);
        if (judge(J, &rs, json, "upload", true) != HV_OK) {
          rc = -1;
        } else {
          const cJSON *name = jpath_first(json, str_or(u, "name_path", "$.name"));
          Buf t = {0};
          if (!name || !json_scalar_text(name, &t)) rc = fail(J, "upload: the answer has no file name");
          else cJSON_AddItemToArray(names, cJSON_CreateString(t.data));
          buf_free(&t);
        }
        cJSON_Delete(json);
      }
      http_response_free(&rs);
      if (rc != 0) {
        cJSON_Delete(names);
        return -1;
      }
    }
    cJSON *target = cJSON_GetObjectItemCaseSensitive(J->v.v, strcmp(from, "image") == 0 ? "image" : "ref");
    if (target && names->child) cJSON_AddItemToObject(target, "uploaded", cJSON_Duplicate(names->child, false));
    cJSON *list = strcmp(from, "image") == 0 ? NULL : cJSON_GetObjectItemCaseSensitive(J->v.v, "refs");
    if (list) cJSON_AddItemToObject(list, "uploaded", names);
    else cJSON_Delete(names);
  }
  return 0;
}

/* The submit body: JSON (template + patches) or multipart parts. */
typedef struct Body {
  char *json;           /* malloc'ed */
  HttpPart parts[40];
  size_t nparts;
  Buf vals[24];
  size_t nvals;
} Body;

static void body_free(Body *b) {
  free(b->json);
  for (size_t i = 0; i < b->nvals; i++) buf_free(&b->vals[i]);
}

static int make_body(Job *J, const cJSON *s, Body *body, Buf *err) {
  const char *ct = str_or(s, "content_type", "json");
  if (strcmp(ct, "multipart") == 0) {
    const cJSON *form = obj(s, "form");
    for (const cJSON *f = cJSON_IsObject(form) ? form->child : NULL; f && body->nvals < 24; f = f->next) {
      bool failed;
      cJSON *x = tmpl_expand(f, &J->v, err, &failed);
      if (failed) return -1;
      if (!x) continue;
      Buf *val = &body->vals[body->nvals++];
      memset(val, 0, sizeof *val);
      if (!json_scalar_text(x, val)) {
        char *t = cJSON_PrintUnformatted(x);
        buf_puts(val, t);
        free(t);
      }
      cJSON_Delete(x);
      body->parts[body->nparts++] = (HttpPart){f->string, val->data ? val->data : "", NULL, NULL, NULL};
    }
    const cJSON *files = obj(s, "files");
    for (const cJSON *f = cJSON_IsArray(files) ? files->child : NULL; f; f = f->next) {
      const char *paths[MAX_FILES];
      size_t n = paths_of(J, str_or(f, "from", "refs"), paths, MAX_FILES);
      for (size_t i = 0; i < n && body->nparts < 40; i++) {
        const char *slash = strrchr(paths[i], '/'), *dot = strrchr(paths[i], '.');
        body->parts[body->nparts++] = (HttpPart){str_or(f, "field", "file"), NULL, paths[i],
                                                 slash ? slash + 1 : paths[i], media_mime(dot ? dot + 1 : NULL)};
      }
    }
    return 0;
  }
  if (strcmp(ct, "none") == 0) return 0;
  bool failed;
  cJSON *b = tmpl_expand(obj(s, "body"), &J->v, err, &failed);
  if (failed) return -1;
  if (!b) b = cJSON_CreateObject();
  const cJSON *patches = obj(s, "patches");
  for (const cJSON *p = cJSON_IsArray(patches) ? patches->child : NULL; p; p = p->next) {
    cJSON *val = tmpl_expand(obj(p, "value"), &J->v, err, &failed);
    if (failed) {
      cJSON_Delete(b);
      return -1;
    }
    if (!val) continue; /* an optional value that is unset */
    if (jpath_set(b, str_or(p, "path", ""), val) != 0) {
      buf_printf(err, "patch %s: no such place in the body", str_or(p, "path", "?"));
      cJSON_Delete(b);
      return -1;
    }
  }
  body->json = cJSON_PrintUnformatted(b);
  cJSON_Delete(b);
  return 0;
}

/* The submit request and what it points to. */
typedef struct Submit {
  Buf url, err, acc;
  Body body;
  Buf lines[16];
  size_t nl;
  const char **h;
  bool raw;    /* the answer's body is the result, saved to raw_path */
  bool resend; /* the description allows sending it again after an ambiguous failure */
  HttpRequest rq;
} Submit;

static void submit_free(Submit *S) {
  free(S->h);
  S->h = NULL;
  buf_free(&S->acc);
  for (size_t i = 0; i < S->nl; i++) buf_free(&S->lines[i]);
  S->nl = 0;
  buf_free(&S->url);
  buf_free(&S->err);
  body_free(&S->body);
  memset(&S->body, 0, sizeof S->body);
}

/* Makes the submit request in S->rq. Returns 0, or -1 after failing the job
 * (S freed). */
static int submit_begin(Job *J, const char *raw_path, Submit *S) {
  const cJSON *s = obj(J->desc, "submit");
  memset(S, 0, sizeof *S);
  if (make_url(J, str_or(s, "path", "/"), &S->url, &S->err) != 0 || make_body(J, s, &S->body, &S->err) != 0) {
    fail(J, "submit: %s", S->err.data);
    submit_free(S);
    return -1;
  }
  const char *extra[20];
  size_t ne = 0;
  if (S->body.json) extra[ne++] = "Content-Type: application/json";
  const char *accept = str_or(s, "accept", NULL);
  if (accept) {
    buf_printf(&S->acc, "Accept: %s", accept);
    extra[ne++] = S->acc.data;
  }
  const cJSON *hs = obj(s, "headers");
  for (const cJSON *h = cJSON_IsObject(hs) ? hs->child : NULL; h && S->nl < 16; h = h->next) {
    if (!cJSON_IsString(h)) continue;
    Buf *line = &S->lines[S->nl];
    memset(line, 0, sizeof *line);
    buf_printf(line, "%s: ", h->string);
    if (tmpl_string(h->valuestring, &J->v, false, line, &S->err) != 0) {
      buf_free(line);
      continue;
    }
    extra[ne++] = S->lines[S->nl++].data;
  }
  extra[ne] = NULL;
  size_t nh;
  S->h = headers_with(J, extra, &nh);
  S->raw = strcmp(str_or(obj(J->desc, "result"), "encoding", ""), "raw_body") == 0 && !obj(obj(J->desc, "job"), "id_path");
  S->resend = cJSON_IsTrue(obj(s, "resend"));
  S->rq = (HttpRequest){.method = str_or(s, "method", "POST"), .url = S->url.data, .headers = S->h, .nheaders = nh,
                        .body = S->body.json, .body_len = S->body.json ? strlen(S->body.json) : 0,
                        .parts = S->body.parts, .nparts = S->body.nparts, .save_to = S->raw ? raw_path : NULL,
                        .max_bytes = S->raw ? cap_bytes(J->desc, "download_mb", DEFAULT_DOWNLOAD_MB)
                                            : cap_bytes(J->desc, "answer_mb", DEFAULT_ANSWER_MB),
                        .timeout_ms = (long)(http_env_num("STORYC_HTTP_TIMEOUT_S", num_or(s, "timeout_s", 300)) * 1000),
                        .connect_timeout_ms = 10000};
  return 0;
}

/* Judges the answer to the submit (S is freed first, rs at the end). On
 * success *answer is the parsed JSON answer (NULL for a raw body saved to
 * a file). */
static int submit_end(Job *J, Submit *S, HttpResponse *rs, cJSON **answer) {
  bool raw = S->raw, resend = S->resend;
  submit_free(S);
  *answer = NULL;
  int rc = -1;
  if (rs->err == HTTP_E_CANCELLED) {
    rc = cancelled(J);
  } else if (rs->err == HTTP_E_DEADLINE) {
    rc = fail(J, "%s: no answer to the submit before the job's deadline (%.0fs)", J->b->name, J->deadline_s);
  } else if (rs->err != HTTP_OK && (!rs->sent || resend)) {
    rc = fail(J, "cannot reach %s: %s (%s)", J->b->name, transport_why(rs), rs->error);
    J->r->retryable = rs->err == HTTP_E_TRANSPORT || rs->err == HTTP_E_TIMEOUT;
  } else if (rs->err != HTTP_OK) {
    rc = fail(J,
              "%s: %s after the request was sent (%s); not sent again, since the service may have started "
              "(and charged for) the job: run the build again to retry",
              J->b->name, transport_why(rs), rs->error);
  } else {
    cJSON *json = parse_body(rs);
    if (judge(J, rs, json, "request", true) == HV_OK) {
      if (!raw && !json) {
        Buf start = {0};
        http_one_line(rs->body, rs->len, 120, &start);
        rc = fail(J, "%s answered malformed JSON (HTTP %ld, %zu bytes: %s)%s", J->b->name, rs->status, rs->len,
                  start.data, resend ? "" : "; not sent again, since the service may have run (and charged for) the job");
        J->r->retryable = resend;
        buf_free(&start);
      } else {
        *answer = json;
        json = NULL;
        rc = 0;
      }
    }
    cJSON_Delete(json);
  }
  http_response_free(rs);
  return rc;
}

/* Sends the submit request and waits for its answer (submit_end). */
static int submit(Job *J, const char *raw_path, cJSON **answer) {
  Submit S;
  if (submit_begin(J, raw_path, &S) != 0) return -1;
  HttpResponse rs;
  perform(J, &S.rq, &rs, "submit");
  return submit_end(J, &S, &rs, answer);
}

/* Polls job_id until it is done; *answer gets the final answer. *gone is
 * set when a resumed job is unknown to the service (404/410 at once). */
static int poll(Job *J, bool resumed, const char *raw_path, cJSON **answer, bool *gone) {
  const cJSON *p = obj(J->desc, "poll");
  double interval = http_env_num("STORYC_HTTP_POLL_S", num_or(p, "interval_s", 2));
  double max_interval = http_env_num("STORYC_HTTP_POLL_S", num_or(p, "max_interval_s", 30));
  double factor = num_or(p, "backoff", 1.5);
  if (factor < 1) factor = 1;
  bool raw = strcmp(str_or(obj(J->desc, "result"), "encoding", ""), "raw_body") == 0;
  double delay = resumed ? 0 : interval;
  int bad = 0;
  const char *id = str_or(J->v.v, "job_id", "?");
  for (int n = 0;; n++) {
    Buf url = {0}, err = {0};
    if (make_url(J, str_or(p, "path", "/"), &url, &err) != 0) {
      fail(J, "poll: %s", err.data);
      buf_free(&url), buf_free(&err);
      return -1;
    }
    buf_free(&err);
    size_t nh;
    const char **h = headers_with(J, NULL, &nh);
    HttpRequest rq = {.method = str_or(p, "method", "GET"), .url = url.data, .headers = h, .nheaders = nh,
                      .save_to = raw ? raw_path : NULL,
                      .max_bytes = raw ? cap_bytes(J->desc, "download_mb", DEFAULT_DOWNLOAD_MB)
                                       : cap_bytes(J->desc, "answer_mb", DEFAULT_ANSWER_MB),
                      .timeout_ms = (long)(http_env_num("STORYC_HTTP_TIMEOUT_S", num_or(p, "timeout_s", 30)) * 1000),
                      .low_speed_bytes = 1, .low_speed_s = 60,
                      .delay_ms = (unsigned)(delay * 1000), .retries = POLL_RESENDS};
    HttpResponse rs;
    perform(J, &rq, &rs, "poll");
    free(h);
    buf_free(&url);
    int rc = 1; /* 1: poll again */
    cJSON *json = NULL;
    if (rs.err == HTTP_E_CANCELLED) {
      rc = cancelled(J);
    } else if (rs.err == HTTP_E_DEADLINE) {
      rc = fail(J,
                "%s: job %s not finished after %.0fs (its deadline); the id is kept, so the next build goes on "
                "polling it instead of paying again",
                J->b->name, id, J->deadline_s);
    } else if (rs.err != HTTP_OK) {
      rc = fail(J, "%s: polling job %s: %s (%s); the id is kept for the next try", J->b->name, id, transport_why(&rs),
                rs.error);
      J->r->retryable = rs.err != HTTP_E_TOO_LARGE;
    } else if (resumed && n == 0 && (rs.status == 404 || rs.status == 410)) {
      *gone = true;
      rc = -1;
    } else {
      json = parse_body(&rs);
      HttpVerdict v = judge(J, &rs, json, "job", true);
      if (v == HV_RETRY) {
        rc = -1; /* the engine's resends ran out: the scheduler may try again, resuming this id */
      } else if (v != HV_OK) {
        if (rs.status == 404 || rs.status == 410) pending_drop(J); /* the service does not know the id */
        rc = -1;
      } else if (!json && !(raw && rs.saved) && strcmp(str_or(p, "status_from", "json"), "http") != 0) {
        if (++bad > MAX_BAD_POLLS) {
          rc = fail(J, "%s: polling job %s: the answers are not valid JSON; the id is kept for the next try",
                    J->b->name, id);
          J->r->retryable = true;
        }
        job_log(J, "poll: the answer is not valid JSON (%d of %d)", bad, MAX_BAD_POLLS);
      } else {
        Buf msg = {0};
        PollState st = http_poll_state(p, rs.status, json, &J->v, &msg);
        if (st == POLL_DONE) {
          *answer = json ? json : cJSON_CreateObject();
          json = NULL;
          rc = 0;
        } else if (st == POLL_FAILED) {
          pending_drop(J);
          rc = fail(J, "%s: job %s failed: %s", J->b->name, id, msg.data);
        } else if (msg.len) {
          job_log(J, "poll: %s (still waiting)", msg.data);
        }
        buf_free(&msg);
      }
    }
    cJSON_Delete(json);
    http_response_free(&rs);
    if (rc != 1) return rc;
    delay = n == 0 && resumed ? interval : delay * factor;
    if (delay < interval) delay = interval;
    if (delay > max_interval) delay = max_interval;
  }
}

/* Downloads url into path (auth headers only to the service's own origin). */
static int download(Job *J, const char *url, const char *path, bool with_auth) {
  const cJSON *d = obj(obj(J->desc, "result"), "download");
  size_t nh = 0;
  const char **h = with_auth ? headers_with(J, NULL, &nh) : NULL;
  HttpRequest rq = {.method = "GET", .url = url, .headers = h, .nheaders = nh, .save_to = path,
                    .max_bytes = cap_bytes(J->desc, "download_mb", DEFAULT_DOWNLOAD_MB),
                    .timeout_ms = (long)(num_or(d, "timeout_s", 900) * 1000), .low_speed_bytes = 1024,
                    .low_speed_s = 60, .retries = DOWNLOAD_RESENDS};
  HttpResponse rs;
  perform(J, &rq, &rs, "download");
  free(h);
  int rc = 0;
  if (rs.err == HTTP_E_CANCELLED) {
    rc = cancelled(J);
  } else if (rs.err != HTTP_OK) {
    rc = fail(J, "%s: downloading the result: %s (%s)", J->b->name, transport_why(&rs), rs.error);
    J->r->retryable = rs.err == HTTP_E_TRANSPORT || rs.err == HTTP_E_TIMEOUT;
  } else if (rs.status < 200 || rs.status >= 300) {
    Buf msg = {0};
    http_one_line(rs.body, rs.len, 200, &msg);
    rc = fail(J, "%s: downloading the result: HTTP %ld %s", J->b->name, rs.status, msg.data);
    J->r->retryable = rs.status == 408 || rs.status == 429 || rs.status >= 500;
    buf_free(&msg);
  }
  http_response_free(&rs);
  return rc;
}

static bool same_origin_as_base(Job *J, const char *url) {
  size_t n = strlen(J->b->base_url);
  const char *scheme_end = strstr(J->b->base_url, "://");
  const char *host_end = scheme_end ? strchr(scheme_end + 3, '/') : NULL;
  if (host_end) n = (size_t)(host_end - J->b->base_url);
  return strncmp(url, J->b->base_url, n) == 0 && (url[n] == '/' || url[n] == 0 || url[n] == '?');
}

static char expected_class(JobKind k) { return k == JOB_IMAGE ? 'i' : k == JOB_VIDEO ? 'v' : 'a'; }

static const char *class_name(char c) { return c == 'i' ? "an image" : c == 'v' ? "a video" : "audio"; }

/* The extension of the media that starts with p (n bytes, the start of the
 * body), or NULL after failing the job: the body is not the media the job
 * makes (say, a JSON error that a binary endpoint sent with 200). */
static const char *media_ext(Job *J, const unsigned char *p, size_t n) {
  const char *ext = media_sniff(p, n);
  char want = expected_class(J->ctx->job->kind);
  if (!ext) {
    const char *text = (const char *)p;
    cJSON *json = cJSON_ParseWithLength(text, n);
    bool texty = json || (n && (text[0] == '<' || text[0] == '{' || text[0] == '['));
    const char *dflt = str_or(obj(J->desc, "result"), "ext", NULL);
    if (texty || !dflt || media_class(dflt) != want) {
      Buf msg = {0};
      long after = -1;
      if (json) http_judge(obj(J->desc, "errors"), 400, text, n, json, &after, &msg);
      else if (texty) http_one_line(text, n, 200, &msg);
      fail(J, "%s sent %s instead of %s%s%s", J->b->name, texty ? "a text answer" : "an unknown file",
           class_name(want), msg.len ? ": " : "", msg.len ? msg.data : "");
      buf_free(&msg);
      ext = NULL;
    } else {
      ext = dflt;
    }
    cJSON_Delete(json);
    if (!ext) return NULL;
  }
  if (media_class(ext) != want) {
    fail(J, "%s sent %s (%s) where %s was expected", J->b->name, class_name(media_class(ext)), ext, class_name(want));
    return NULL;
  }
  return ext;
}

/* Checks what a download left in path and moves it to out.<ext>. */
static int finish_file(Job *J, const char *path) {
  size_t n = 0;
  char *head = file_read_all(path, &n, 1 << 16);
  if (!head && errno == EFBIG) { /* a big file: its first bytes tell */
    unsigned char first[64];
    FILE *f = fopen(path, "rb");
    n = f ? fread(first, 1, sizeof first, f) : 0;
    if (f) fclose(f);
    head = xmalloc(n + 1);
    memcpy(head, first, n);
  }
  const char *ext = head ? media_ext(J, (const unsigned char *)head, n) : NULL;
  free(head);
  if (!ext) return J->r->error ? -1 : fail(J, "cannot read %s: %s", path, strerror(errno));
  Buf out = {0};
  buf_printf(&out, "%s/out.%s", J->ctx->workdir, ext);
  int rc = 0;
  if (rename(path, out.data) != 0) rc = fail(J, "cannot rename %s: %s", path, strerror(errno));
  else job_result_add(J->r, "main", out.data);
  buf_free(&out);
  return rc;
}

/* Checks decoded bytes and hands them over as out.<ext>, in memory: the
 * runtime hashes them there and writes them once, into the cache (no file in
 * the work directory to write, read back and rename). Takes bytes. */
static int finish_bytes(Job *J, Buf *bytes) {
  const char *ext = media_ext(J, (const unsigned char *)bytes->data, bytes->len);
  if (!ext) return -1;
  Buf out = {0};
  buf_printf(&out, "%s/out.%s", J->ctx->workdir, ext);
  size_t n = bytes->len;
  job_result_add_bytes(J->r, "main", out.data, buf_take(bytes), n);
  buf_free(&out);
  return 0;
}

/* Finds the result in answer and stores it as a file. */
static int take_result(Job *J, const cJSON *answer, const char *raw_path) {
  const cJSON *res = obj(J->desc, "result");
  const char *enc = str_or(res, "encoding", "");
  if (strcmp(enc, "raw_body") == 0) return finish_file(J, raw_path);
  JsonMatches items = {0};
  Buf err = {0};
  int n = http_result_items(res, answer, &J->v, &items, &err);
  if (n <= 0) {
    int rc = n < 0 ? fail(J, "%s", err.data)
                   : fail(J, "%s finished the job but gave no result (nothing at %s)", J->b->name, str_or(res, "path", "?"));
    json_matches_free(&items);
    buf_free(&err);
    return rc;
  }
  cJSON *item = cJSON_Duplicate(items.items[0], true);
  json_matches_free(&items);
  const cJSON *resolve = obj(res, "resolve");
  if (cJSON_IsObject(resolve)) { /* a second lookup: an id -> where the file is */
    Buf val = {0}, url = {0};
    json_scalar_text(item, &val);
    http_vars_str(&J->v, "value", val.data ? val.data : "");
    buf_free(&val);
    if (make_url(J, str_or(resolve, "path", "/"), &url, &err) != 0) {
      cJSON_Delete(item);
      int rc = fail(J, "resolve: %s", err.data);
      buf_free(&url), buf_free(&err);
      return rc;
    }
    size_t nh;
    const char **h = headers_with(J, NULL, &nh);
    HttpRequest rq = {.method = "GET", .url = url.data, .headers = h, .nheaders = nh,
                      .max_bytes = cap_bytes(J->desc, "answer_mb", DEFAULT_ANSWER_MB), .timeout_ms = 30000,
                      .retries = POLL_RESENDS};
    HttpResponse rs;
    perform(J, &rq, &rs, "resolve");
    free(h);
    buf_free(&url);
    cJSON *json = rs.err == HTTP_OK ? parse_body(&rs) : NULL;
    const cJSON *x = NULL;
    int rc = 0;
    if (rs.err == HTTP_E_CANCELLED) rc = cancelled(J);
    else if (rs.err != HTTP_OK) rc = fail(J, "%s: looking the result up: %s (%s)", J->b->name, transport_why(&rs), rs.error);
    else if (judge(J, &rs, json, "lookup", true) != HV_OK) rc = -1;
    else if (!(x = jpath_first(json, str_or(resolve, "value_path", "$")))) rc = fail(J, "%s: the lookup has no result", J->b->name);
    if (rc != 0) J->r->retryable = rs.err == HTTP_E_TRANSPORT || rs.err == HTTP_E_TIMEOUT;
    cJSON_Delete(item);
    item = rc == 0 ? cJSON_Duplicate(x, true) : NULL;
    cJSON_Delete(json);
    http_response_free(&rs);
    if (rc != 0) {
      buf_free(&err);
      return -1;
    }
  }
  Buf tmp = {0};
  buf_printf(&tmp, "%s/result.part", J->ctx->workdir);
  int rc = 0;
  if (strcmp(enc, "b64") == 0 || strcmp(enc, "data_uri") == 0) {
    const char *s = cJSON_IsString(item) ? item->valuestring : NULL;
    const char *payload = s;
    size_t len = s ? strlen(s) : 0;
    if (s) data_uri_payload(s, &payload, &len);
    Buf bytes = {0};
    if (!s || b64_decode(payload, len, &bytes) != 0 || !bytes.len) {
      rc = fail(J, "%s: the result is not valid base64", J->b->name);
    } else {
      rc = finish_bytes(J, &bytes) != 0 ? -1 : 1; /* 1: done, no file to finish */
    }
    buf_free(&bytes);
  } else if (strcmp(enc, "url") == 0) {
    const char *s = cJSON_IsString(item) ? item->valuestring : NULL;
    Buf url = {0};
    if (s && s[0] == '/') buf_puts(&url, J->b->base_url);
    if (s) buf_puts(&url, s);
    const cJSON *d = obj(res, "download");
    bool auth = cJSON_IsTrue(obj(d, "auth")) && same_origin_as_base(J, url.data ? url.data : "");
    if (!s) rc = fail(J, "%s: the result is not a URL", J->b->name);
    else rc = download(J, url.data, tmp.data, auth);
    buf_free(&url);
  } else { /* download: the item's members fill the download path */
    http_vars_set(&J->v, "item", cJSON_Duplicate(item, true));
    Buf url = {0};
    const cJSON *d = obj(res, "download");
    if (make_url(J, str_or(d, "path", "/"), &url, &err) != 0) rc = fail(J, "download: %s", err.data);
    else rc = download(J, url.data, tmp.data, !cJSON_IsFalse(obj(d, "auth")));
    buf_free(&url);
  }
  cJSON_Delete(item);
  if (rc == 0) rc = finish_file(J, tmp.data);
  if (rc == 1) rc = 0;
  buf_free(&tmp);
  buf_free(&err);
  return rc;
}

/* ---- the job ---- */

static void job_free(Job *J) {
  http_vars_free(&J->v);
  for (size_t i = 0; i < J->nhdrs; i++) free(J->hdrs[i]);
  free(J->hdrs);
  free(J->pending);
}

/* Everything before the first request: description, variables, headers. */
static int prepare(Job *J) {
  const JobCtx *ctx = J->ctx;
  const cJSON *refs = obj(ctx->params, "refs");
  const char *text;
  J->desc = http_backend_resolve(J->b, ctx->job->kind, cJSON_IsArray(refs) && refs->child, &text);
  http_vars_init(&J->v);
  Buf name = {0};
  http_env_name(J->b->name, "DEADLINE_S", &name);
  J->deadline_s = http_env_num("STORYC_HTTP_DEADLINE_S", http_env_num(name.data, num_or(J->desc, "deadline_s", 900)));
  buf_free(&name);
  J->deadline = http_now_ms() + (int64_t)(J->deadline_s * 1000);
  if (ctx->cache_dir && obj(obj(J->desc, "job"), "id_path")) {
    Buf p = {0};
    buf_printf(&p, "%s/pending/%s.json", ctx->cache_dir, ctx->job->key_hex);
    J->pending = buf_take(&p);
  }
  Buf err = {0};
  int rc = http_job_vars(J->b, J->desc, text, ctx, &J->v, &err);
  if (rc == 0 && http_auth_headers(obj(J->desc, "auth"), J->b->loopback, &J->v, &J->hdrs, &J->nhdrs, &err) != 0) rc = -1;
  const cJSON *hs = obj(J->desc, "headers");
  for (const cJSON *h = cJSON_IsObject(hs) ? hs->child : NULL; rc == 0 && h; h = h->next) {
    if (!cJSON_IsString(h)) continue;
    Buf line = {0};
    buf_printf(&line, "%s: ", h->string);
    if (tmpl_string(h->valuestring, &J->v, false, &line, &err) != 0) {
      buf_free(&line);
      rc = -1;
      break;
    }
    J->hdrs = xrealloc(J->hdrs, (J->nhdrs + 1) * sizeof *J->hdrs);
    J->hdrs[J->nhdrs++] = buf_take(&line);
  }
  if (rc != 0) fail(J, "%s: %s", J->b->name, err.data);
  buf_free(&err);
  return rc;
}

int http_run(const JobCtx *ctx, JobResult *r) {
  Job J;
  memset(&J, 0, sizeof J);
  J.ctx = ctx;
  J.b = (HttpBackend *)ctx->backend_data;
  J.r = r;
  if (!J.b || !J.b->engine) return job_fail(r, "HTTP backend %s is not set up", ctx->job->backend);
  int rc = prepare(&J);
  Buf raw = {0};
  buf_printf(&raw, "%s/answer.part", ctx->workdir);
  bool async = obj(obj(J.desc, "job"), "id_path") != NULL;
  cJSON *answer = NULL;
  char *resumed = rc == 0 && async ? pending_load(&J) : NULL;
  if (resumed) {
    job_log(&J, "resuming job %s, submitted by an earlier build", resumed);
    http_vars_str(&J.v, "job_id", resumed);
    bool gone = false;
    rc = poll(&J, true, raw.data, &answer, &gone);
    if (rc != 0 && gone) {
      job_log(&J, "the service no longer knows job %s: submitting again", resumed);
      pending_drop(&J);
      job_result_free(r);
      memset(r, 0, sizeof *r);
      free(resumed);
      resumed = NULL;
      rc = 0;
    }
  }
  if (rc == 0 && !resumed) {
    rc = upload(&J);
    if (rc == 0) rc = submit(&J, raw.data, &answer);
    if (rc == 0 && async) {
      const cJSON *idx = jpath_first(answer, str_or(obj(J.desc, "job"), "id_path", "$.id"));
      Buf id = {0};
      if (!idx || !json_scalar_text(idx, &id) || !id.len) {
        rc = fail(&J, "%s accepted the job but its answer has no job id (at %s)", J.b->name,
                  str_or(obj(J.desc, "job"), "id_path", "?"));
      } else {
        http_vars_str(&J.v, "job_id", id.data);
        pending_save(&J, id.data);
        job_log(&J, "submitted: job %s", id.data);
        /* an answer that is already final (Replicate's Prefer: wait) needs no poll */
        Buf msg = {0};
        const cJSON *p = obj(J.desc, "poll");
        bool final = strcmp(str_or(p, "status_from", "json"), "json") == 0 &&
                     http_poll_state(p, 200, answer, &J.v, &msg) == POLL_DONE;
        buf_free(&msg);
        if (!final) {
          cJSON_Delete(answer);
          answer = NULL;
          bool gone = false;
          rc = poll(&J, false, raw.data, &answer, &gone);
          if (gone) rc = fail(&J, "%s lost job %s", J.b->name, id.data);
        }
      }
      buf_free(&id);
    }
  }
  if (rc == 0) rc = take_result(&J, answer, raw.data);
  if (rc == 0) {
    pending_drop(&J);
    r->cost = http_cost_of(J.desc, ctx->params);
  }
  cJSON_Delete(answer);
  free(resumed);
  buf_free(&raw);
  job_free(&J);
  return rc;
}

/* ---- the job without a worker thread ---- */

/* A job that is one request whose answer holds the result (http_start). */
typedef struct Started {
  Job J;
  Submit S;
  HttpResponse rs;
  int64_t t0;
  void (*done)(void *ud, int rc);
  void *ud;
} Started;

/* Whether every request of a job after the description desc is the submit
 * alone: no upload, no job id to poll, a result inside the answer (base64
 * or a data URI) with no second lookup. */
static bool one_request(const cJSON *desc) {
  const cJSON *ups = obj(desc, "uploads");
  const cJSON *res = obj(desc, "result");
  const char *enc = str_or(res, "encoding", "");
  return desc && !(cJSON_IsArray(ups) && ups->child) && !obj(obj(desc, "job"), "id_path") && !obj(res, "resolve") &&
         (strcmp(enc, "b64") == 0 || strcmp(enc, "data_uri") == 0);
}

bool http_can_start(const BackendDesc *d, const PlanJob *job) {
  HttpBackend *b = (HttpBackend *)d->data;
  if (!b || !b->engine) return false;
  return one_request(http_backend_resolve(b, job->kind, false, NULL)) &&
         one_request(http_backend_resolve(b, job->kind, true, NULL));
}

/* A Started for a new job: a kept one, or a new one (neither zeroed). */
static Started *started_take(HttpBackend *b) {
  pthread_mutex_lock(&b->mu);
  Started *A = b->nspare_jobs ? b->spare_jobs[--b->nspare_jobs] : NULL;
  pthread_mutex_unlock(&b->mu);
  return A ? A : xmalloc(sizeof *A);
}

static void started_give(HttpBackend *b, Started *A) {
  pthread_mutex_lock(&b->mu);
  bool kept = b->nspare_jobs < (int)(sizeof b->spare_jobs / sizeof b->spare_jobs[0]);
  if (kept) b->spare_jobs[b->nspare_jobs++] = A;
  pthread_mutex_unlock(&b->mu);
  if (!kept) free(A);
}

/* The engine's done function: the answer is in, on the engine thread. */
static void started_answer(void *ud) {
  Started *A = ud;
  Job *J = &A->J;
  log_outcome(J, &A->S.rq, &A->rs, "submit", A->t0);
  cJSON *answer = NULL;
  int rc = submit_end(J, &A->S, &A->rs, &answer);
  if (rc == 0) rc = take_result(J, answer, NULL); /* decodes the answer: no request */
  if (rc == 0) J->r->cost = http_cost_of(J->desc, J->ctx->params);
  cJSON_Delete(answer);
  job_free(J);
  void (*done)(void *, int) = A->done;
  void *done_ud = A->ud;
  started_give(J->b, A);
  done(done_ud, rc);
}

int http_start(const JobCtx *ctx, JobResult *r, void (*done)(void *ud, int rc), void *ud) {
  HttpBackend *b = (HttpBackend *)ctx->backend_data;
  if (!b || !b->engine) return job_fail(r, "HTTP backend %s is not set up", ctx->job->backend);
  Started *A = started_take(b); /* not zeroed whole: S and rs are filled by submit_begin and the engine */
  Job *J = &A->J;
  memset(J, 0, sizeof *J);
  J->ctx = ctx;
  J->b = b;
  J->r = r;
  if (prepare(J) != 0 || submit_begin(J, NULL, &A->S) != 0) {
    job_free(J);
    started_give(b, A);
    return -1;
  }
  A->done = done;
  A->ud = ud;
  A->S.rq.cancel = ctx->cancel;
  A->S.rq.deadline_ms = J->deadline;
  A->t0 = http_now_ms();
  http_engine_start(J->b->engine, &A->S.rq, &A->rs, started_answer, A);
  return 0;
}

void http_batch(const BackendDesc *d, bool begin) {
  HttpBackend *b = (HttpBackend *)d->data;
  if (b && b->engine) http_engine_plug(b->engine, begin);
}
