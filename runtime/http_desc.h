/* http_desc.h - backend descriptions: the JSON files of stdlib/backends/
 * (format in docs/backends.md) loaded, checked and resolved for a job.
 *
 * An HttpBackend is one description with its model chosen: the plan's
 * backend string for its jobs is its identity, "NAME@MODEL" (just NAME when
 * the service has no model), which is what the job keys hash. Base URL,
 * credentials and limits are read from the environment, never stored in a
 * plan or the cache. */
#ifndef STORYC_HTTP_DESC_H
#define STORYC_HTTP_DESC_H
#include "buf.h"
#include "http_engine.h"
#include "http_tmpl.h"
#include "plan.h"
#include <cjson/cJSON.h>
#include <pthread.h>
#include <stdbool.h>

typedef struct HttpBackend {
  char *name;      /* "openai-image" */
  char *model;     /* "gpt-image-1", "" when the service has none */
  char *identity;  /* "openai-image@gpt-image-1" */
  char *path;      /* the description file */
  cJSON *desc;     /* the description, {"$file": ...} members replaced by the files */
  char *base_url;  /* without a trailing '/' */
  bool loopback;   /* base_url's host is a loopback address (worked out once, not per job) */
  int limit;       /* jobs at once */
  HttpEngine *engine; /* shared by all backends of a build, not owned */
  /* Resolved descriptions per kind and with/without references, made on
   * first use (mu) and kept: jobs only read them. */
  pthread_mutex_t mu;
  cJSON *resolved[JOB_KIND_COUNT][2];
  /* The state of finished one-request jobs, kept for the next ones (mu): a
   * few KB each, whose malloc made glibc consolidate its small free chunks
   * every job (runtime/http_job.c). */
  void *spare_jobs[64];
  int nspare_jobs;
  char *resolved_text[JOB_KIND_COUNT][2];
} HttpBackend;

/* Splits a plan backend string "NAME@MODEL" (or "NAME"); malloc'ed parts,
 * *model NULL when there is none. */
void http_backend_split(const char *backend, char **name, char **model);

/* Loads NAME.json from the first of dirs that has it, for jobs of kind.
 * model: the one the plan names, or NULL to take $STORYC_<NAME>_MODEL or
 * the description's default. Returns NULL with err set. */
HttpBackend *http_backend_load(const char *name, const char *model, JobKind kind, const char *const *dirs,
                               size_t ndirs, Buf *err);
void http_backend_free(HttpBackend *b);

/* The description as one job sees it: the base with every matching variant
 * merged in (when: kind, refs, model), and its JSON text when text is not
 * NULL. Owned by b (made once, then shared by every job). */
const cJSON *http_backend_resolve(HttpBackend *b, JobKind kind, bool refs, const char **text);

/* Checks what a build needs before any job starts: credentials in the
 * environment (naming the variable), an allowed base URL. Returns 0, or -1
 * with why set. */
int http_backend_preflight(const HttpBackend *b, JobKind kind, Buf *why);

/* The estimated price of a job, from the description's cost block. */
double http_backend_cost(HttpBackend *b, const PlanJob *job);
/* The same from a resolved description and the job's parsed params. */
double http_cost_of(const cJSON *desc, const cJSON *params);

/* "STORYC_<NAME>_<suffix>" with NAME upper-cased and '-' as '_'. */
void http_env_name(const char *name, const char *suffix, Buf *out);
/* A number from the environment variable, or dflt when unset or invalid. */
double http_env_num(const char *var, double dflt);

/* Auth (http_auth.c): adds the request header lines the description's auth
 * block asks for to *hdrs (malloc'ed strings), remembering secrets in v.
 * Returns 0, or -1 with err naming the missing environment variable. */
int http_auth_headers(const cJSON *auth, bool loopback, HttpVars *v, char ***hdrs, size_t *n, Buf *err);
/* Names the first missing environment variable the auth block needs. */
int http_auth_check(const cJSON *auth, bool loopback, Buf *why);
/* A JWT signed with HMAC-SHA256: header {"alg":"HS256","typ":"JWT"}. */
void http_jwt_hs256(const char *claims_json, const char *secret, Buf *out);

#endif
