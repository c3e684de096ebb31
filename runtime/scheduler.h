/* scheduler.h - the DAG executor: runs the jobs of a plan that need to run, in
 * parallel, each as soon as its inputs are done. (Not named sched.h: that
 * would hide the system <sched.h> that <pthread.h> includes.)
 *
 * The scheduler knows nothing about caches or backends: a hook runs one job
 * on a worker thread and reports an outcome. It owns the policy: readiness,
 * per-pool concurrency limits (one pool per backend: draft gets -j slots,
 * an HTTP service its own limit), stop-or-keep-going after a failure,
 * retries with capped exponential backoff and full jitter, skipping the
 * dependents of failed jobs, and stopping cleanly when *cancel is set.
 *
 * Decisions are made under the scheduler's lock: by the worker that just
 * finished a job (it records the outcome, starts what became ready and runs
 * the first of those itself, so that going from one job to the next costs no
 * thread hand-off), or by the calling thread (the first jobs, delayed
 * retries, *cancel, the end). The started/finished/retrying hooks are called
 * with that lock held, one at a time, in the order things happen, on either
 * kind of thread: they need no locking of their own against each other (but
 * run() is concurrent with them), and they should be quick. */
#ifndef STORYC_SCHED_H
#define STORYC_SCHED_H
#include "plan.h"
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum SchedStatus {
  SCHED_DONE,        /* ran and stored its outputs */
  SCHED_CACHED,      /* had nothing to generate (e.g. outputs restored from the cache) */
  SCHED_FAILED,      /* failed for good */
  SCHED_RETRY,       /* failed in a way that may pass on another try */
  SCHED_REDO_INPUTS, /* inputs' cache entries turned out bad (dropped): build them again first */
  SCHED_CANCELLED,   /* stopped because *cancel was set */
  SCHED_PENDING,     /* run() started work that ends later, elsewhere: its
                        outcome comes through sched_complete() */
} SchedStatus;

typedef struct Sched Sched;

typedef struct SchedOutcome {
  SchedStatus status;
  unsigned retry_after_ms; /* SCHED_RETRY: the service asked to wait this long (0: no hint) */
  size_t *redo;            /* SCHED_REDO_INPUTS: job indices, malloc'ed; the scheduler frees it */
  size_t nredo;
} SchedOutcome;

typedef struct SchedHooks {
  void *ctx;
  /* Runs job on a worker thread; attempt counts from 1. Fills *out. */
  void (*run)(void *ctx, size_t job, int attempt, SchedOutcome *out);
  /* Optional; called one at a time, with the scheduler's lock held. */
  void (*started)(void *ctx, size_t job, int attempt);
  void (*finished)(void *ctx, size_t job, SchedStatus status, double seconds);
  void (*retrying)(void *ctx, size_t job, int next_attempt, int max_tries, double delay_s);
  /* Optional: true when run() returns at once for job (it only starts work,
   * SCHED_PENDING, or finds it has nothing to do). Such a job is run by the
   * thread that frees its pool's slot (the one calling sched_complete(), a
   * worker, or the calling thread), not handed to a sleeping worker: a build
   * of many HTTP jobs goes from one to the next with no thread hand-off. */
  bool (*quick)(void *ctx, size_t job);
  /* Optional: told the running scheduler (for sched_complete) before the
   * first job starts, and NULL once sched_run is about to return. */
  void (*attach)(void *ctx, Sched *s);
  /* Optional: called (begin, then !begin) around a run of quick jobs on one
   * thread, e.g. to send their requests out together. */
  void (*batch)(void *ctx, bool begin);
} SchedHooks;

typedef struct SchedOptions {
  size_t npools;
  const int *pool_limit; /* concurrent jobs of each pool (values < 1 count as 1) */
  const int *job_pool;   /* pool of each job of the plan (NULL: all in pool 0) */
  const size_t *after;   /* per job, an earlier job it must wait for besides its
                            inputs ((size_t)-1: none), e.g. a job with the same
                            key that runs first (NULL: none) */
  bool keep_going;       /* -k: after a failure, go on with what does not depend on it */
  int max_tries;         /* tries of a retryable job (0: 3) */
  unsigned retry_base_ms; /* first backoff (0: 1000) */
  unsigned retry_cap_ms;  /* largest backoff (0: 30000) */
  volatile sig_atomic_t *cancel; /* polled; when set, no new job starts (may be NULL) */
} SchedOptions;

typedef struct SchedStats {
  size_t run;         /* SCHED_DONE */
  size_t cached;      /* SCHED_CACHED */
  size_t failed;      /* jobs that failed for good */
  size_t skipped;     /* jobs not run because an input failed */
  size_t not_started; /* jobs left when the build stopped (failure without -k, or Ctrl-C) */
  bool interrupted;   /* *cancel was set */
} SchedStats;

/* Runs every job i of plan with todo[i] set; the others count as done
 * (cached or not needed). todo is updated: a job the scheduler had to run
 * again (SCHED_REDO_INPUTS) gets set. Returns 0, or -1 when worker threads
 * cannot be started. */
int sched_run(const Plan *plan, bool *todo, const SchedOptions *opt, const SchedHooks *hooks, SchedStats *st);

/* Reports the outcome of a job whose run() said SCHED_PENDING (any thread;
 * frees out->redo). May run quick jobs before it returns. */
void sched_complete(Sched *s, size_t job, SchedOutcome *out, double seconds);

/* The backoff before try number next_attempt (2 = first retry), full jitter:
 * uniform in [0, min(cap, base * 2^(next_attempt - 2))] milliseconds.
 * rnd is a uniform value in [0, 1). */
unsigned sched_backoff_ms(unsigned base_ms, unsigned cap_ms, int next_attempt, double rnd);

#endif
