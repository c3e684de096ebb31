/* sched_test.c - the DAG executor with a fake job runner: dependency order
 * with -j 1 and -j 4, -k, retries, inputs sent back, pools, cancel, and
 * jobs that end on another thread. */
#include "check.h"
#include "plan.h"
#include "scheduler.h"
#include "util.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { MAX_JOBS = 16 };

/* What the fake runner does, per job, and what it saw. */
typedef struct Fake {
  pthread_mutex_t mu;
  size_t order[64];
  size_t norder;
  SchedStatus script[MAX_JOBS][4]; /* outcome of try 1..4 (default DONE) */
  size_t redo_of[MAX_JOBS];        /* with SCHED_REDO_INPUTS: the input to send back */
  int tries[MAX_JOBS];
  int running, max_running;
  int running_pool1, max_running_pool1;
  int sleep_ms;
  volatile sig_atomic_t *cancel_on_first; /* set by the first job that runs */
  size_t started_order[64];
  size_t nstarted;
} Fake;

static Fake fake;
static const int *fake_pool;

static void fake_run(void *ctx, size_t job, int attempt, SchedOutcome *out) {
  Fake *f = ctx;
  pthread_mutex_lock(&f->mu);
  f->running++;
  if (f->running > f->max_running) f->max_running = f->running;
  bool p1 = fake_pool && fake_pool[job] == 1;
  if (p1 && ++f->running_pool1 > f->max_running_pool1) f->max_running_pool1 = f->running_pool1;
  int tries = ++f->tries[job];
  if (f->cancel_on_first) *f->cancel_on_first = 1;
  pthread_mutex_unlock(&f->mu);
  if (f->sleep_ms) usleep((useconds_t)f->sleep_ms * 1000);
  SchedStatus s = tries <= 4 ? f->script[job][tries - 1] : SCHED_DONE;
  out->status = s;
  if (s == SCHED_REDO_INPUTS) {
    out->redo = xmalloc(sizeof *out->redo);
    out->redo[0] = f->redo_of[job];
    out->nredo = 1;
  }
  pthread_mutex_lock(&f->mu);
  f->running--;
  if (p1) f->running_pool1--;
  if (s == SCHED_DONE) f->order[f->norder++] = job;
  pthread_mutex_unlock(&f->mu);
  (void)attempt;
}

static void fake_reset(void) {
  memset(&fake, 0, sizeof fake);
  pthread_mutex_init(&fake.mu, NULL);
  fake_pool = NULL;
}

static size_t pos(size_t job) {
  for (size_t i = 0; i < fake.norder; i++)
    if (fake.order[i] == job) return i;
  return (size_t)-1;
}

/* a -> b, a -> c, (b, c) -> d */
static Plan *diamond(void) {
  Plan *p = plan_new();
  size_t a = plan_add(p, "a", JOB_IMAGE, "draft", NULL, 0, "{}", NULL, NULL);
  size_t b = plan_add(p, "b", JOB_VIDEO, "draft", &a, 1, "{}", NULL, NULL);
  size_t c = plan_add(p, "c", JOB_VIDEO, "draft", &a, 1, "{\"x\":1}", NULL, NULL);
  size_t bc[2] = {b, c};
  plan_add(p, "d", JOB_EDIT, "draft", bc, 2, "{}", NULL, NULL);
  plan_compute_keys(p);
  return p;
}

static int run(Plan *p, bool *todo, int jobs, bool keep_going, SchedStats *st) {
  int limit = jobs;
  SchedOptions o = {0};
  o.npools = 1;
  o.pool_limit = &limit;
  o.keep_going = keep_going;
  o.retry_base_ms = 1;
  o.retry_cap_ms = 5;
  SchedHooks h = {.ctx = &fake, .run = fake_run};
  return sched_run(p, todo, &o, &h, st);
}

static void all(bool *todo, size_t n) {
  for (size_t i = 0; i < n; i++) todo[i] = true;
}

static void test_diamond(int jobs) {
  fake_reset();
  fake.sleep_ms = 20;
  Plan *p = diamond();
  bool todo[4];
  all(todo, 4);
  SchedStats st;
  CHECK(run(p, todo, jobs, false, &st) == 0, "sched_run diamond");
  CHECK(st.run == 4 && st.failed == 0 && fake.norder == 4, jobs == 1 ? "-j 1 runs all four" : "-j 4 runs all four");
  CHECK(pos(0) == 0 && pos(3) == 3, jobs == 1 ? "-j 1: a first, d last" : "-j 4: a first, d last");
  if (jobs == 1) {
    CHECK(pos(1) == 1 && pos(2) == 2, "-j 1 runs in plan order");
    CHECK(fake.max_running == 1, "-j 1 runs one at a time");
  } else {
    CHECK(fake.max_running == 2, "-j 4 runs b and c together");
  }
  plan_free(p);
}

static void test_noop(void) {
  fake_reset();
  Plan *p = diamond();
  bool todo[4] = {false, false, false, false};
  SchedStats st;
  run(p, todo, 4, false, &st);
  CHECK(st.run == 0 && fake.norder == 0, "nothing to do runs nothing");
  /* Only d to run: its inputs count as done. */
  todo[3] = true;
  run(p, todo, 4, false, &st);
  CHECK(st.run == 1 && fake.norder == 1 && fake.order[0] == 3, "a job whose inputs are cached runs at once");
  plan_free(p);
}

/* a fails; b depends on a; c does not. */
static Plan *fail_plan(void) {
  Plan *p = plan_new();
  size_t a = plan_add(p, "a", JOB_IMAGE, "draft", NULL, 0, "{}", NULL, NULL);
  size_t b = plan_add(p, "b", JOB_VIDEO, "draft", &a, 1, "{}", NULL, NULL);
  plan_add(p, "c", JOB_IMAGE, "draft", NULL, 0, "{\"c\":1}", NULL, NULL);
  plan_add(p, "e", JOB_EDIT, "draft", &b, 1, "{}", NULL, NULL);
  plan_compute_keys(p);
  return p;
}

static void test_keep_going(void) {
  fake_reset();
  fake.script[0][0] = SCHED_FAILED;
  Plan *p = fail_plan();
  bool todo[4];
  all(todo, 4);
  SchedStats st;
  run(p, todo, 1, false, &st);
  CHECK(st.failed == 1 && st.run == 0, "without -k: the failure stops the build");
  CHECK(st.skipped == 2 && st.not_started == 1, "without -k: dependents skipped, the rest not started");

  fake_reset();
  fake.script[0][0] = SCHED_FAILED;
  all(todo, 4);
  run(p, todo, 1, true, &st);
  CHECK(st.failed == 1 && st.run == 1 && fake.order[0] == 2, "-k: independent work goes on");
  CHECK(st.skipped == 2 && st.not_started == 0, "-k: dependents of the failure are skipped, transitively");
  plan_free(p);
}

static void test_retries(void) {
  fake_reset();
  fake.script[0][0] = SCHED_RETRY;
  fake.script[0][1] = SCHED_RETRY;
  Plan *p = diamond();
  bool todo[4];
  all(todo, 4);
  SchedStats st;
  run(p, todo, 2, false, &st);
  CHECK(fake.tries[0] == 3 && st.run == 4 && st.failed == 0, "a retryable failure is retried and then passes");

  fake_reset();
  for (int t = 0; t < 4; t++) fake.script[0][t] = SCHED_RETRY;
  all(todo, 4);
  run(p, todo, 2, true, &st);
  CHECK(fake.tries[0] == 3 && st.failed == 1 && st.skipped == 3, "at most three tries, then it fails");
  plan_free(p);

  CHECK(sched_backoff_ms(1000, 30000, 2, 0.999) <= 1000, "first retry waits at most the base");
  CHECK(sched_backoff_ms(1000, 30000, 3, 0.999) > 1000 && sched_backoff_ms(1000, 30000, 3, 0.999) <= 2000,
        "backoff doubles");
  CHECK(sched_backoff_ms(1000, 30000, 12, 0.999) <= 30000 && sched_backoff_ms(1000, 30000, 12, 0.999) > 29000,
        "backoff is capped");
  CHECK(sched_backoff_ms(1000, 30000, 5, 0.0) == 0, "full jitter goes down to zero");
}

static void test_redo(void) {
  fake_reset();
  /* Only d runs; on its first try it finds b's entry bad. */
  fake.script[3][0] = SCHED_REDO_INPUTS;
  fake.redo_of[3] = 1;
  Plan *p = diamond();
  bool todo[4] = {false, false, false, true};
  SchedStats st;
  run(p, todo, 2, false, &st);
  CHECK(fake.tries[1] == 1 && fake.tries[3] == 2, "an input sent back is built again, then the job");
  CHECK(pos(1) < pos(3) && st.run == 2 && todo[1], "the input runs before the job that needed it");
  plan_free(p);
}

static void test_pools(void) {
  fake_reset();
  fake.sleep_ms = 10;
  Plan *p = plan_new();
  for (int i = 0; i < 8; i++) {
    char id[16], params[32];
    snprintf(id, sizeof id, "j%d", i);
    snprintf(params, sizeof params, "{\"i\":%d}", i);
    plan_add(p, id, JOB_IMAGE, i % 2 ? "http" : "draft", NULL, 0, params, NULL, NULL);
  }
  plan_compute_keys(p);
  static const int pools[8] = {0, 1, 0, 1, 0, 1, 0, 1};
  int limits[2] = {4, 1};
  fake_pool = pools;
  bool todo[8];
  all(todo, 8);
  SchedOptions o = {0};
  o.npools = 2;
  o.pool_limit = limits;
  o.job_pool = pools;
  SchedHooks h = {.ctx = &fake, .run = fake_run};
  SchedStats st;
  sched_run(p, todo, &o, &h, &st);
  CHECK(st.run == 8 && fake.max_running_pool1 == 1, "a pool's limit holds");
  CHECK(fake.max_running >= 2, "pools run side by side");
  plan_free(p);
}

static void test_cancel(void) {
  fake_reset();
  static volatile sig_atomic_t cancel;
  cancel = 0;
  fake.cancel_on_first = &cancel;
  Plan *p = diamond();
  bool todo[4];
  all(todo, 4);
  int limit = 1;
  SchedOptions o = {0};
  o.npools = 1;
  o.pool_limit = &limit;
  o.cancel = &cancel;
  SchedHooks h = {.ctx = &fake, .run = fake_run};
  SchedStats st;
  sched_run(p, todo, &o, &h, &st);
  CHECK(st.interrupted && fake.tries[0] == 1 && fake.tries[1] == 0, "cancel: no new job starts");
  CHECK(st.not_started == 3, "cancel: the rest is not started");
  plan_free(p);
}


/* ---- jobs that end on another thread (SCHED_PENDING, sched_complete) ---- */

/* A fake service: a thread that completes pending jobs, in the order they
 * were started, each after sleep_ms; job 1's first try asks for a retry. */
typedef struct Service {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  size_t queue[64];
  size_t head, len;
  bool quit;
  Sched *sched;
  pthread_t run_thread[MAX_JOBS]; /* the thread each job's run() ran on, by try */
  pthread_t main_thread;
  int pending_now, pending_max;
  int tries[MAX_JOBS];
  size_t done_order[64];
  size_t ndone;
} Service;

static Service svc;

static void svc_run(void *ctx, size_t job, int attempt, SchedOutcome *out) {
  (void)ctx;
  (void)attempt;
  pthread_mutex_lock(&svc.mu);
  svc.run_thread[job] = pthread_self();
  svc.tries[job]++;
  if (++svc.pending_now > svc.pending_max) svc.pending_max = svc.pending_now;
  svc.queue[(svc.head + svc.len++) % 64] = job;
  pthread_cond_signal(&svc.cv);
  pthread_mutex_unlock(&svc.mu);
  out->status = SCHED_PENDING;
}

static bool svc_quick(void *ctx, size_t job) {
  (void)ctx;
  (void)job;
  return true;
}

static void svc_attach(void *ctx, Sched *s) {
  (void)ctx;
  svc.sched = s;
}

static void *svc_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&svc.mu);
  for (;;) {
    while (!svc.len && !svc.quit) pthread_cond_wait(&svc.cv, &svc.mu);
    if (!svc.len) break;
    size_t job = svc.queue[svc.head];
    svc.head = (svc.head + 1) % 64;
    svc.len--;
    int tries = svc.tries[job];
    svc.pending_now--;
    pthread_mutex_unlock(&svc.mu);
    usleep(2000);
    SchedOutcome out = {job == 1 && tries == 1 ? SCHED_RETRY : SCHED_DONE, 0, NULL, 0};
    if (out.status == SCHED_DONE) {
      pthread_mutex_lock(&svc.mu);
      svc.done_order[svc.ndone++] = job;
      pthread_mutex_unlock(&svc.mu);
    }
    sched_complete(svc.sched, job, &out, 0.002);
    pthread_mutex_lock(&svc.mu);
  }
  pthread_mutex_unlock(&svc.mu);
  return NULL;
}

static size_t svc_pos(size_t job) {
  for (size_t i = 0; i < svc.ndone; i++)
    if (svc.done_order[i] == job) return i;
  return (size_t)-1;
}

static void test_pending(void) {
  memset(&svc, 0, sizeof svc);
  pthread_mutex_init(&svc.mu, NULL);
  pthread_cond_init(&svc.cv, NULL);
  svc.main_thread = pthread_self();
  pthread_t t;
  pthread_create(&t, NULL, svc_main, NULL);
  Plan *p = diamond();
  bool todo[4];
  all(todo, 4);
  int limit = 2;
  SchedOptions o = {0};
  o.npools = 1;
  o.pool_limit = &limit;
  o.retry_base_ms = 1;
  o.retry_cap_ms = 5;
  SchedHooks h = {.ctx = NULL, .run = svc_run, .quick = svc_quick, .attach = svc_attach};
  SchedStats st;
  CHECK(sched_run(p, todo, &o, &h, &st) == 0, "sched_run with pending jobs");
  CHECK(st.run == 4 && st.failed == 0 && svc.ndone == 4, "pending jobs all end through sched_complete");
  CHECK(svc_pos(0) == 0 && svc_pos(3) == 3, "pending jobs: a first, d last");
  CHECK(svc.tries[1] == 2, "a pending job asking for a retry runs again");
  CHECK(svc.pending_max <= 2, "pending jobs count against the pool limit");
  CHECK(pthread_equal(svc.run_thread[0], svc.main_thread), "the first quick job runs on the calling thread");
  CHECK(pthread_equal(svc.run_thread[3], t), "a quick job made ready by a completion runs on the completing thread");
  CHECK(svc.sched == NULL, "attach is told NULL at the end");
  pthread_mutex_lock(&svc.mu);
  svc.quit = true;
  pthread_cond_signal(&svc.cv);
  pthread_mutex_unlock(&svc.mu);
  pthread_join(t, NULL);
  plan_free(p);
}

int main(void) {
  test_diamond(1);
  test_diamond(4);
  test_noop();
  test_keep_going();
  test_retries();
  test_redo();
  test_pools();
  test_cancel();
  test_pending();
  return check_done();
}
