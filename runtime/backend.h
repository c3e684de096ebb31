/* backend.h - what the scheduler asks of a backend: carry out one job.
 *
 * A backend gets the job's parsed params, the output files of its inputs
 * (already in the cache, read-only), a private work directory and a log file
 * descriptor, and writes its outputs as files in the work directory (or
 * hands small ones over in memory, job_result_add_bytes). The runtime then
 * stores them in the cache (content-addressed) and records the action entry.
 * backend_run() blocks; the scheduler calls it from a worker thread, so a
 * backend keeps no global mutable state.
 *
 * Output names: every job has a "main" output (the frame, the clip, the audio,
 * the edited video); a scene or episode edit also has "subs" (subtitle cues as
 * JSON, see runtime/subs.h) and an episode edit "srt". The extension of the
 * path tells the media type (.png .mp4 .wav .json .srt). */
#ifndef STORYC_BACKEND_H
#define STORYC_BACKEND_H
#include "buf.h"
#include "plan.h"
#include <cjson/cJSON.h>
#include <signal.h>
#include <stdbool.h>

typedef struct JobFile {
  const char *name; /* "main", "subs", "srt" */
  const char *path; /* absolute path */
} JobFile;

typedef struct JobInput {
  const char *id;   /* job id of the input */
  JobKind kind;
  const JobFile *files;
  size_t nfiles;
} JobInput;

typedef struct JobCtx {
  const Plan *plan;
  const PlanJob *job;
  const cJSON *params;     /* parsed job->params */
  const JobInput *inputs;  /* job->ninputs entries, in the job's input order */
  const char *workdir;     /* empty private directory, removed afterwards (made
                              by job_make_workdir for a lazy_workdir backend) */
  int log_fd;              /* the job's log: child stderr goes here (-1 with log) */
  Buf *log;                /* a memory_log backend's log, kept in memory: the
                              runtime writes it out (job_log_text appends) */
  bool *workdir_made;      /* set by job_make_workdir (may be NULL) */
  int threads;             /* threads a media tool may use (>= 1) */
  volatile sig_atomic_t *cancel; /* set on Ctrl-C: stop as soon as possible */
  const char *cache_dir;   /* the cache directory (HTTP backends keep the ids of
                              submitted jobs under <cache_dir>/pending/) */
  const void *backend_data; /* BackendDesc.data of the job's backend */
} JobCtx;

#define JOB_MAX_OUTPUTS 4

typedef struct JobResult {
  JobFile outputs[JOB_MAX_OUTPUTS]; /* paths inside workdir, malloc'ed */
  size_t noutputs;
  /* An output held in memory (job_result_add_bytes): its bytes, malloc'ed,
   * written straight into the cache; outputs[k].path then only names it
   * (its extension tells the type) and no file exists. NULL: a file. */
  void *data[JOB_MAX_OUTPUTS];
  size_t data_len[JOB_MAX_OUTPUTS];
  char *error;        /* malloc'ed one-line reason when the job failed */
  double cost;        /* money spent, in the backend's currency units (0 for draft) */
  bool retryable;     /* a transient failure the scheduler may retry */
  unsigned retry_after_ms; /* with retryable: the service asked to wait this long (0: no hint) */
} JobResult;

/* Returns the path of input i's output named name, or NULL. */
const char *job_input_file(const JobCtx *ctx, size_t i, const char *name);

/* Adds an output (path is copied). */
void job_result_add(JobResult *r, const char *name, const char *path);
/* Adds an output held in memory: takes data (malloc'ed, len bytes); path
 * only names it ("<workdir>/out.png"). */
void job_result_add_bytes(JobResult *r, const char *name, const char *path, void *data, size_t len);
/* Makes ctx->workdir when the backend asked for it lazily (BackendDesc.lazy_workdir);
 * harmless when it exists. Returns 0 or -1 with errno. */
int job_make_workdir(const JobCtx *ctx);
/* Adds text (one or more whole lines) to the job's log: ctx->log when the
 * log is kept in memory, else ctx->log_fd. */
void job_log_text(const JobCtx *ctx, const char *text, size_t len);
/* Sets r->error from a printf format; returns -1 for `return job_fail(...)`. */
int job_fail(JobResult *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void job_result_free(JobResult *r);

/* The draft backend (runtime/draft_*.c): every kind, offline. Returns 0 on
 * success, -1 with r->error set on failure. */
int draft_run(const JobCtx *ctx, JobResult *r);

#endif
