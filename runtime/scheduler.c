/* scheduler.c - the DAG executor (scheduler.h).
 *
 * State of a job to run: WAITING (some inputs not done; `remaining` counts
 * them, one per input occurrence), READY (in its pool's ready heap, lowest
 * plan index first, so -j 1 runs in plan order; one heap per pool, so that
 * starting jobs never looks at the ready jobs of a pool that is full), DELAYED (a retry waiting out its
 * backoff), RUNNING, then DONE, FAILED or SKIPPED. Jobs not to run start
 * DONE. A job may go from DONE back to WAITING/READY when a dependent found
 * its cache entry bad (SCHED_REDO_INPUTS); the counts of waiting dependents
 * are then raised again. Workers take dispatched jobs from a FIFO. A worker
 * that finishes a job does its bookkeeping itself, under the scheduler's
 * lock, starts what became ready and goes on with the first of those jobs
 * without sleeping: no hand-off to another thread between one job and the
 * next. Quick jobs (hooks->quick: run() only starts work that ends
 * elsewhere, SCHED_PENDING) go to a list of their own instead, run at once
 * by the thread that dispatched them (settle): a worker, the calling
 * thread, or the thread that reports a pending job's end (sched_complete).
 * Workers are started when the FIFO first needs them. The calling thread
 * starts the first jobs, releases delayed retries when they are due,
 * watches *cancel and waits for the end. */
#include "scheduler.h"
#include "util.h"
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_WORKERS = 512, POLL_MS = 100, MAX_REDO = 3, MAX_RETRY_AFTER_MS = 300000 };

typedef enum JobState { ST_DONE, ST_WAITING, ST_READY, ST_DELAYED, ST_RUNNING, ST_FAILED, ST_SKIPPED } JobState;


/* Job indices, a min-heap. */
typedef struct Heap {
  size_t *v, n, cap;
} Heap;

struct Sched {
  const Plan *plan;
  bool *todo;
  const SchedOptions *opt;
  const SchedHooks *hooks;
  SchedStats *st;
  size_t n;
  JobState *state;
  size_t *remaining;
  int *attempt;
  int *redos;
  double *ready_at; /* DELAYED: monotonic seconds */
  size_t *dep_start, *deps; /* dependents of job k: deps[dep_start[k] .. dep_start[k+1]) */
  Heap *ready;      /* per pool: READY jobs (may hold stale entries; checked on pop) */
  size_t nready;    /* heaps: max(npools, 1) */
  size_t *delayed, ndelayed;
  int *pool_used;
  int max_tries;
  unsigned base_ms, cap_ms;
  unsigned rng;

  pthread_mutex_t mu;          /* guards everything above and below */
  pthread_cond_t work_cv;      /* workers: a job was queued, or quit */
  pthread_cond_t done_cv;      /* calling thread: nothing running, or a retry was delayed */
  size_t *queue, qhead, qlen;  /* dispatched jobs for the workers, FIFO (capacity n) */
  int *queue_attempt;
  size_t *quickq, nquick;      /* dispatched quick jobs, run by the thread that dispatched them (capacity n) */
  int idle;                    /* workers waiting for a job */
  pthread_t *threads;          /* the workers, started when first needed (quick jobs need none) */
  int nthreads, max_threads;
  bool thread_failed;          /* pthread_create failed: no more are tried */
  bool quit;
  bool stopping;               /* no new job starts (a failure without -k, or *cancel) */
  size_t running;              /* dispatched and not finished (pending ones included) */
};

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

unsigned sched_backoff_ms(unsigned base_ms, unsigned cap_ms, int next_attempt, double rnd) {
  double ceiling = base_ms;
  for (int i = 2; i < next_attempt && ceiling < cap_ms; i++) ceiling *= 2;
  if (ceiling > cap_ms) ceiling = cap_ms;
  return (unsigned)(ceiling * rnd);
}

/* ---- ready heap (min by job index) ---- */

static void heap_push(Heap *h, size_t job) {
  if (h->n == h->cap) {
    h->cap = h->cap ? 2 * h->cap : 64;
    h->v = xrealloc(h->v, h->cap * sizeof *h->v);
  }
  size_t i = h->n++;
  h->v[i] = job;
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (h->v[parent] <= h->v[i]) break;
    size_t t = h->v[parent];
    h->v[parent] = h->v[i];
    h->v[i] = t;
    i = parent;
  }
}

static size_t heap_pop(Heap *h) {
  size_t top = h->v[0];
  h->v[0] = h->v[--h->n];
  size_t i = 0;
  for (;;) {
    size_t l = 2 * i + 1, r = l + 1, m = i;
    if (l < h->n && h->v[l] < h->v[m]) m = l;
    if (r < h->n && h->v[r] < h->v[m]) m = r;
    if (m == i) break;
    size_t t = h->v[m];
    h->v[m] = h->v[i];
    h->v[i] = t;
    i = m;
  }
  return top;
}

static int pool_of(const Sched *s, size_t job);

/* A job enters its pool's heap each time it becomes READY (entries of jobs
 * that left READY meanwhile go stale), so the heaps grow on demand. */
static void make_ready(Sched *s, size_t job) {
  s->state[job] = ST_READY;
  heap_push(&s->ready[pool_of(s, job)], job);
}

static bool any_ready(const Sched *s) {
  for (size_t p = 0; p < s->nready; p++)
    if (s->ready[p].n) return true;
  return false;
}

/* ---- workers ---- */

static void handle(Sched *s, size_t job, SchedOutcome *out, double seconds);
static void settle(Sched *s, bool on_worker);

/* Runs job (s->mu held; released while it runs) and records the outcome,
 * unless it is pending. */
static void run_job(Sched *s, size_t job, int attempt) {
  pthread_mutex_unlock(&s->mu);
  double t0 = now_s();
  SchedOutcome out = {SCHED_FAILED, 0, NULL, 0};
  s->hooks->run(s->hooks->ctx, job, attempt, &out);
  double secs = now_s() - t0;
  pthread_mutex_lock(&s->mu);
  if (out.status != SCHED_PENDING) handle(s, job, &out, secs);
}

static void *worker_main(void *arg) {
  Sched *s = arg;
  pthread_mutex_lock(&s->mu);
  for (;;) {
    while (!s->qlen && !s->quit) {
      s->idle++;
      pthread_cond_wait(&s->work_cv, &s->mu);
      s->idle--;
    }
    if (!s->qlen) break;
    size_t job = s->queue[s->qhead];
    int attempt = s->queue_attempt[s->qhead];
    s->qhead = (s->qhead + 1) % s->n;
    s->qlen--;
    run_job(s, job, attempt);
    settle(s, true);
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

/* ---- bookkeeping (s->mu held: a worker or the calling thread) ---- */

static int pool_of(const Sched *s, size_t job) {
  int p = s->opt->job_pool ? s->opt->job_pool[job] : 0;
  return p >= 0 && (size_t)p < s->opt->npools ? p : 0;
}

static int pool_limit(const Sched *s, int pool) {
  int l = s->opt->npools ? s->opt->pool_limit[pool] : 1;
  return l < 1 ? 1 : l;
}

/* The extra "run after" edge of job, or (size_t)-1. */
static size_t after_of(const Sched *s, size_t job) {
  size_t a = s->opt->after ? s->opt->after[job] : (size_t)-1;
  return a < job ? a : (size_t)-1;
}

static size_t count_not_done_inputs(const Sched *s, size_t job) {
  const PlanJob *j = &s->plan->jobs[job];
  size_t c = 0;
  for (size_t i = 0; i < j->ninputs; i++) c += s->state[j->inputs[i]] != ST_DONE;
  size_t a = after_of(s, job);
  if (a != (size_t)-1) c += s->state[a] != ST_DONE;
  return c;
}

static bool is_waiting(JobState st) { return st == ST_WAITING || st == ST_READY || st == ST_DELAYED; }

/* Job became DONE: wake its waiting dependents. */
static void on_done(Sched *s, size_t job) {
  s->state[job] = ST_DONE;
  for (size_t d = s->dep_start[job]; d < s->dep_start[job + 1]; d++) {
    size_t dep = s->deps[d];
    if (s->state[dep] != ST_WAITING && s->state[dep] != ST_DELAYED) continue;
    if (s->remaining[dep] > 0) s->remaining[dep]--;
    if (s->state[dep] == ST_WAITING && s->remaining[dep] == 0) make_ready(s, dep);
  }
}

/* Job failed for good: its waiting dependents, transitively, are skipped. */
static void skip_dependents(Sched *s, size_t job) {
  size_t *stack = xmalloc(s->n * sizeof *stack), top = 0;
  stack[top++] = job;
  while (top) {
    size_t k = stack[--top];
    for (size_t d = s->dep_start[k]; d < s->dep_start[k + 1]; d++) {
      size_t dep = s->deps[d];
      if (!is_waiting(s->state[dep])) continue;
      s->state[dep] = ST_SKIPPED;
      s->st->skipped++;
      stack[top++] = dep;
    }
  }
  free(stack);
}

/* A DONE input must be built again: it waits for its own inputs, and
 * dependents that wait count it again. */
static void redo_input(Sched *s, size_t input) {
  if (s->state[input] != ST_DONE) return; /* already on its way */
  s->todo[input] = true;
  for (size_t d = s->dep_start[input]; d < s->dep_start[input + 1]; d++) {
    size_t dep = s->deps[d];
    if (!is_waiting(s->state[dep])) continue;
    s->remaining[dep]++;
    if (s->state[dep] == ST_READY) s->state[dep] = ST_WAITING; /* its heap entry goes stale */
  }
  s->remaining[input] = count_not_done_inputs(s, input);
  if (s->remaining[input]) {
    s->state[input] = ST_WAITING;
  } else {
    make_ready(s, input);
  }
}

/* *cancel was set: the build is interrupted, no new job starts. */
static void note_cancel(Sched *s) {
  if (s->opt->cancel && *s->opt->cancel && !s->st->interrupted) {
    s->st->interrupted = true;
    s->stopping = true;
  }
}

/* A job came back from its worker: counts, hooks, what becomes ready. Frees
 * out->redo. */
static void handle(Sched *s, size_t job, SchedOutcome *outp, double seconds) {
  int pool = pool_of(s, job);
  s->pool_used[pool]--;
  s->running--;
  SchedOutcome out = *outp;
  note_cancel(s);
  if (out.status == SCHED_PENDING) out.status = SCHED_FAILED; /* not an outcome */
  if (out.status == SCHED_REDO_INPUTS && ++s->redos[job] > MAX_REDO) out.status = SCHED_FAILED;
  if (s->st->interrupted && out.status != SCHED_DONE && out.status != SCHED_CACHED) out.status = SCHED_CANCELLED;
  if (out.status == SCHED_RETRY && (s->attempt[job] >= s->max_tries || s->stopping)) out.status = SCHED_FAILED;
  switch (out.status) {
  case SCHED_DONE:
  case SCHED_CACHED:
    if (out.status == SCHED_DONE) s->st->run++;
    else s->st->cached++;
    if (s->hooks->finished) s->hooks->finished(s->hooks->ctx, job, out.status, seconds);
    on_done(s, job);
    break;
  case SCHED_RETRY: {
    s->attempt[job]++;
    s->rng = s->rng * 1103515245u + 12345u;
    double rnd = (double)((s->rng >> 8) & 0xffffff) / (double)0x1000000;
    unsigned ms = sched_backoff_ms(s->base_ms, s->cap_ms, s->attempt[job], rnd);
    if (out.retry_after_ms > ms) ms = out.retry_after_ms < MAX_RETRY_AFTER_MS ? out.retry_after_ms : MAX_RETRY_AFTER_MS;
    if (s->hooks->retrying) s->hooks->retrying(s->hooks->ctx, job, s->attempt[job], s->max_tries, ms / 1000.0);
    s->state[job] = ST_DELAYED;
    s->remaining[job] = 0;
    s->ready_at[job] = now_s() + ms / 1000.0;
    s->delayed[s->ndelayed++] = job;
    pthread_cond_signal(&s->done_cv); /* the calling thread releases it when due */
    break;
  }
  case SCHED_REDO_INPUTS:
    for (size_t i = 0; i < out.nredo; i++)
      if (out.redo[i] < s->n) redo_input(s, out.redo[i]);
    s->remaining[job] = count_not_done_inputs(s, job);
    if (s->remaining[job]) {
      s->state[job] = ST_WAITING;
    } else {
      make_ready(s, job);
    }
    break;
  case SCHED_CANCELLED:
    s->state[job] = ST_FAILED;
    s->st->not_started++;
    if (s->hooks->finished) s->hooks->finished(s->hooks->ctx, job, SCHED_CANCELLED, seconds);
    break;
  case SCHED_FAILED:
  case SCHED_PENDING: /* made SCHED_FAILED above */
    s->state[job] = ST_FAILED;
    s->st->failed++;
    if (s->hooks->finished) s->hooks->finished(s->hooks->ctx, job, SCHED_FAILED, seconds);
    skip_dependents(s, job);
    if (!s->opt->keep_going) s->stopping = true;
    break;
  }
  free(outp->redo);
  outp->redo = NULL;
}

/* Moves delayed jobs whose time has come back to READY (or WAITING when an
 * input was sent back meanwhile). Returns the earliest pending ready time. */
static double release_delayed(Sched *s, double now) {
  double next = 0;
  size_t keep = 0;
  for (size_t i = 0; i < s->ndelayed; i++) {
    size_t job = s->delayed[i];
    if (s->state[job] != ST_DELAYED) continue;
    if (s->ready_at[job] <= now) {
      if (s->remaining[job]) {
        s->state[job] = ST_WAITING;
      } else {
        make_ready(s, job);
      }
      continue;
    }
    if (!next || s->ready_at[job] < next) next = s->ready_at[job];
    s->delayed[keep++] = job;
  }
  s->ndelayed = keep;
  return next;
}

/* Hands a READY job of pool to the workers, or to the quick list. */
static void start_job(Sched *s, size_t job, int pool) {
  s->pool_used[pool]++;
  s->running++;
  s->state[job] = ST_RUNNING;
  if (s->hooks->started) s->hooks->started(s->hooks->ctx, job, s->attempt[job]);
  if (s->hooks->quick && s->hooks->quick(s->hooks->ctx, job)) {
    s->quickq[s->nquick++] = job;
    return;
  }
  size_t tail = (s->qhead + s->qlen) % s->n;
  s->queue[tail] = job;
  s->queue_attempt[tail] = s->attempt[job];
  s->qlen++;
}

static void *worker_main(void *arg);

/* Wakes idle workers for the queued jobs (all but one when the caller is a
 * worker that takes one itself), and starts more while there are too few
 * (a build of quick jobs starts none). */
static void wake_workers(Sched *s, bool on_worker) {
  size_t want = s->qlen - (on_worker && s->qlen ? 1 : 0);
  size_t woken = 0;
  for (; woken < want && (int)woken < s->idle; woken++) pthread_cond_signal(&s->work_cv);
  for (; woken < want && s->nthreads < s->max_threads && !s->thread_failed; woken++) {
    if (pthread_create(&s->threads[s->nthreads], NULL, worker_main, s) != 0) {
      s->thread_failed = true;
      break;
    }
    s->nthreads++;
  }
}

static void dispatch(Sched *s);

/* After an outcome (s->mu held): starts what became ready, runs the quick
 * jobs on this thread, wakes workers for the others, and tells the calling
 * thread when nothing runs any more. */
static void settle(Sched *s, bool on_worker) {
  bool batching = false;
  for (;;) {
    if (!s->stopping) dispatch(s);
    if (!s->nquick) break;
    if (!batching && s->hooks->batch) {
      batching = true;
      s->hooks->batch(s->hooks->ctx, true);
    }
    size_t job = s->quickq[--s->nquick];
    run_job(s, job, s->attempt[job]);
  }
  if (batching) s->hooks->batch(s->hooks->ctx, false);
  wake_workers(s, on_worker);
  if (!s->running) pthread_cond_signal(&s->done_cv); /* perhaps the end */
}

void sched_complete(Sched *s, size_t job, SchedOutcome *out, double seconds) {
  pthread_mutex_lock(&s->mu);
  handle(s, job, out, seconds);
  settle(s, false);
  pthread_mutex_unlock(&s->mu);
}

/* Starts ready jobs while their pools have room (queued for the workers,
 * not yet woken, or for the quick list): the work is the jobs started (and
 * stale entries dropped), however many wait behind them. */
static void dispatch(Sched *s) {
  if (s->opt->cancel && *s->opt->cancel) return; /* the calling thread stops the build */
  for (size_t p = 0; p < s->nready; p++) {
    Heap *h = &s->ready[p];
    int pool = (int)p;
    while (h->n && s->pool_used[pool] < pool_limit(s, pool)) {
      size_t job = heap_pop(h);
      if (s->state[job] != ST_READY) continue; /* stale entry */
      start_job(s, job, pool);
    }
  }
}


static void wait_for_news(Sched *s, double until) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
  double wait = POLL_MS / 1000.0;
  if (until && until - now < wait) wait = until - now;
  if (wait < 0.001) wait = 0.001;
  double t = now + wait;
  ts.tv_sec = (time_t)t;
  ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
  pthread_cond_timedwait(&s->done_cv, &s->mu, &ts);
}

static int workers_needed(const Sched *s, size_t ntodo) {
  long total = 0;
  for (size_t p = 0; p < s->opt->npools; p++) total += pool_limit(s, (int)p);
  if (total < 1) total = 1;
  if (total > MAX_WORKERS) total = MAX_WORKERS;
  if ((size_t)total > ntodo) total = (long)ntodo;
  return (int)total;
}

int sched_run(const Plan *plan, bool *todo, const SchedOptions *opt, const SchedHooks *hooks, SchedStats *st) {
  memset(st, 0, sizeof *st);
  Sched s = {0};
  s.plan = plan;
  s.todo = todo;
  s.opt = opt;
  s.hooks = hooks;
  s.st = st;
  s.n = plan->njobs;
  s.max_tries = opt->max_tries > 0 ? opt->max_tries : 3;
  s.base_ms = opt->retry_base_ms ? opt->retry_base_ms : 1000;
  s.cap_ms = opt->retry_cap_ms ? opt->retry_cap_ms : 30000;
  s.rng = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)&s;
  size_t n = s.n, ntodo = 0;
  for (size_t i = 0; i < n; i++) ntodo += todo[i];
  if (!ntodo) return 0;

  s.state = xcalloc(n, sizeof *s.state);
  s.remaining = xcalloc(n, sizeof *s.remaining);
  s.attempt = xcalloc(n, sizeof *s.attempt);
  s.redos = xcalloc(n, sizeof *s.redos);
  s.ready_at = xcalloc(n, sizeof *s.ready_at);
  s.dep_start = xcalloc(n + 1, sizeof *s.dep_start);
  s.nready = opt->npools ? opt->npools : 1;
  s.ready = xcalloc(s.nready, sizeof *s.ready);
  s.delayed = xmalloc(n * sizeof *s.delayed);
  s.queue = xmalloc(n * sizeof *s.queue);
  s.queue_attempt = xmalloc(n * sizeof *s.queue_attempt);
  s.quickq = xmalloc(n * sizeof *s.quickq);
  s.pool_used = xcalloc(opt->npools ? opt->npools : 1, sizeof *s.pool_used);

  /* Dependents, one entry per input occurrence and "after" edge (counting
   * sort by input). */
  size_t nedges = 0;
  for (size_t i = 0; i < n; i++) {
    const PlanJob *j = &plan->jobs[i];
    for (size_t k = 0; k < j->ninputs; k++) s.dep_start[j->inputs[k] + 1]++;
    nedges += j->ninputs;
    size_t a = after_of(&s, i);
    if (a != (size_t)-1) {
      s.dep_start[a + 1]++;
      nedges++;
    }
  }
  for (size_t i = 0; i < n; i++) s.dep_start[i + 1] += s.dep_start[i];
  s.deps = xmalloc((nedges ? nedges : 1) * sizeof *s.deps);
  size_t *fill = xmalloc((n ? n : 1) * sizeof *fill);
  memcpy(fill, s.dep_start, n * sizeof *fill);
  for (size_t i = 0; i < n; i++) {
    const PlanJob *j = &plan->jobs[i];
    for (size_t k = 0; k < j->ninputs; k++) s.deps[fill[j->inputs[k]]++] = i;
    size_t a = after_of(&s, i);
    if (a != (size_t)-1) s.deps[fill[a]++] = i;
  }
  free(fill);

  for (size_t i = 0; i < n; i++) {
    s.attempt[i] = 1;
    s.state[i] = todo[i] ? ST_WAITING : ST_DONE;
  }
  for (size_t i = 0; i < n; i++) {
    if (!todo[i]) continue;
    s.remaining[i] = count_not_done_inputs(&s, i);
    if (!s.remaining[i]) make_ready(&s, i);
  }

  pthread_mutex_init(&s.mu, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&s.done_cv, &ca);
  pthread_condattr_destroy(&ca);
  pthread_cond_init(&s.work_cv, NULL);

  s.max_threads = workers_needed(&s, ntodo);
  s.threads = xmalloc((size_t)s.max_threads * sizeof *s.threads);
  int rc = 0;

  if (hooks->attach) hooks->attach(hooks->ctx, &s);
  pthread_mutex_lock(&s.mu);
  for (;;) {
    note_cancel(&s);
    double next = release_delayed(&s, now_s());
    settle(&s, false);
    if (s.qlen && !s.nthreads && s.thread_failed) { /* not one worker: the queued jobs cannot run */
      rc = -1;
      s.stopping = true;
      for (; s.qlen; s.qlen--, s.qhead = (s.qhead + 1) % s.n) {
        size_t job = s.queue[s.qhead];
        s.pool_used[pool_of(&s, job)]--;
        s.running--;
        s.state[job] = ST_READY; /* counted as not started */
      }
    }
    if (!s.running && (s.stopping || (!any_ready(&s) && !s.ndelayed))) break;
    wait_for_news(&s, next);
  }
  s.quit = true;
  pthread_cond_broadcast(&s.work_cv);
  pthread_mutex_unlock(&s.mu);
  for (int i = 0; i < s.nthreads; i++) pthread_join(s.threads[i], NULL);
  free(s.threads);
  if (hooks->attach) hooks->attach(hooks->ctx, NULL);

  for (size_t i = 0; i < n; i++)
    if (is_waiting(s.state[i])) st->not_started++;

  pthread_mutex_destroy(&s.mu);
  pthread_cond_destroy(&s.work_cv);
  pthread_cond_destroy(&s.done_cv);
  free(s.state);
  free(s.remaining);
  free(s.attempt);
  free(s.redos);
  free(s.ready_at);
  free(s.dep_start);
  free(s.deps);
  for (size_t p = 0; p < s.nready; p++) free(s.ready[p].v);
  free(s.ready);
  free(s.delayed);
  free(s.queue);
  free(s.queue_attempt);
  free(s.quickq);
  free(s.pool_used);
  return rc;
}
