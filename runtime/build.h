/* build.h - the runtime's entry points: what `storyc build`, `run`, `clean`
 * and `gc` call once they have a plan.
 *
 * runtime_build() selects the jobs the targets need, finds which are cached
 * (action cache), runs the others in parallel through the backend table,
 * stores their outputs in the cache, puts readable copies under the output
 * directory and ends with "jobs: R run, C cached, F failed" on stdout. */
#ifndef STORYC_BUILD_H
#define STORYC_BUILD_H
#include "backend.h"
#include "plan.h"
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Carries out one job (see backend.h): 0, or -1 with r->error set. */
typedef int (*BackendRunFn)(const JobCtx *ctx, JobResult *r);
struct BackendDesc;
/* Estimated cost of a job in dollars (for -n and --max-cost). */
typedef double (*BackendCostFn)(const struct BackendDesc *d, const PlanJob *job);
/* Starts job asynchronously: returns 0 and calls done(ud, rc) later, on
 * another thread (never before it returns), rc as BackendRunFn's; or -1
 * with r->error set (done is not called). */
typedef int (*BackendStartFn)(const JobCtx *ctx, JobResult *r, void (*done)(void *ud, int rc), void *ud);
/* Whether start can carry out job (else run does, on a worker thread). */
typedef bool (*BackendCanStartFn)(const struct BackendDesc *d, const PlanJob *job);
/* Checks, before any job starts, what the backend needs from the environment
 * (credentials, a usable URL) for jobs of kind: 0, or -1 with why set. */
typedef int (*BackendPreflightFn)(const struct BackendDesc *d, JobKind kind, Buf *why);

/* One backend the runtime can send jobs to, chosen by PlanJob.backend. */
typedef struct BackendDesc {
  const char *name;       /* "draft", "openai-image@gpt-image-1", ... */
  BackendRunFn run;
  int limit;              /* jobs at once; 0: the -j value (local work) */
  BackendCostFn estimate; /* NULL: free */
  BackendPreflightFn preflight; /* NULL: nothing to check */
  const void *data;       /* the backend's own description, passed to run as JobCtx.backend_data */
  bool lazy_workdir;      /* the work directory is not made before run: the backend
                             calls job_make_workdir when it writes a file there */
  BackendStartFn start;   /* NULL: run only */
  BackendCanStartFn can_start; /* with start */
  void (*batch)(const struct BackendDesc *d, bool begin); /* optional: around a run of starts */
  bool memory_log;        /* the backend writes its log with job_log_text (no
                             child process writes to it): kept in memory, and
                             written to logs/<key>.log only when the job fails
                             (a finished job's log goes to logs/build.log) */
} BackendDesc;

/* What a build can start before its plan exists: loading the outputs record
 * of an output directory and looking at every file it lists (one fstatat
 * each), on a thread, while the compiler runs. runtime_build() takes the
 * result (RunOptions.prefetch) when it builds every job into that same
 * directory, and otherwise does the work itself. */
typedef struct BuildPrefetch BuildPrefetch;
BuildPrefetch *runtime_prefetch(const char *out_dir);
/* Waits for the thread; frees what runtime_build() did not take. NULL is fine. */
void runtime_prefetch_free(BuildPrefetch *p);

typedef struct RunOptions {
  int jobs;                /* -j N local slots; <= 0: number of cores */
  bool keep_going;         /* -k */
  bool dry_run;            /* -n: print what would run and why; write nothing */
  bool explain;            /* --explain: print why each job runs as it starts */
  const char *cache_dir;   /* --cache DIR; NULL: <plan root>/.storyc */
  const char *out_dir;     /* -o DIR; NULL: <plan root>/build */
  const char *const *targets; /* job ids or prefixes at '/' ("ep1", "ep1/storm_at_sea") */
  size_t ntargets;         /* 0: every job */
  bool progress_tty;       /* live status line (stderr is a terminal) */
  double max_cost;         /* --max-cost: refuse when the jobs to run are estimated
                              above it; < 0: no limit */
  const BackendDesc *backends; /* NULL: runtime_backends() */
  size_t nbackends;
  /* For tests and embedders; zero values mean the defaults. */
  volatile sig_atomic_t *cancel; /* NULL: SIGINT/SIGTERM set the runtime's own flag */
  unsigned retry_base_ms;  /* first retry backoff (1000) */
  FILE *out;               /* -n lines and the summary (stdout) */
  BuildPrefetch *prefetch; /* from runtime_prefetch(), or NULL */
} RunOptions;

/* The built-in backends: draft (every kind, offline, free). */
const BackendDesc *runtime_backends(size_t *n);

/* Runs the build. Returns the exit code: 0 ok, 1 failed jobs, 2 environment
 * error (cache not writable, locked by another build, unknown target),
 * 130 interrupted. */
int runtime_build(Plan *plan, const RunOptions *opt);
/* Removes the output files a build made under out_dir (the cache stays).
 * Returns 0, or 2 on errors. */
int runtime_clean(const char *out_dir);
/* Drops the cache entries of cache_dir (NULL: <plan root>/.storyc) that no
 * job of plan has, and the blobs only they used; prints what it freed.
 * Returns 0, or 2 on errors. */
int runtime_gc(Plan *plan, const char *cache_dir);

#endif
