/* build.c - the runtime entry points (build.h): target selection, cache
 * lookups, running jobs through the scheduler, outputs, -n, clean and gc.
 *
 * A build, in order: select the jobs the targets need; under the cache lock,
 * classify each one (cached with its outputs in place, cached but an output
 * must be re-made, or to run); run those through sched_run() with the hooks
 * below; save the outputs record; print the summary.
 *
 * The no-op path is the one that must be fast: a job whose outputs record
 * matches costs one fstatat of its output file; a job without an output one
 * fstatat of its action entry. Nothing is parsed or hashed. An entry found
 * missing or corrupt later, when a running job needs it as an input, is
 * dropped and its job run again (SCHED_REDO_INPUTS). */
#include "build.h"
#include "draft.h"
#include "buildlog.h"
#include "cache.h"
#include "lock.h"
#include "outputs.h"
#include "progress.h"
#include "scheduler.h"
#include "sha.h"
#include "util.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { LOG_TAIL_LINES = 12, LOG_TAIL_BYTES = 4096 };

typedef enum JobMode { MODE_SKIP, MODE_CACHED, MODE_RESTORE, MODE_RUN } JobMode;
typedef enum JobEnd { END_NONE, END_CACHED, END_RUN, END_FAILED, END_CANCELLED } JobEnd;

/* The draft's tools (ffmpeg, espeak-ng, a font) are checked before any job
 * starts, so a missing one is one clear message, not a failed job each. */
static int draft_check(const BackendDesc *d, JobKind kind, Buf *why) {
  (void)d;
  return draft_preflight(kind, why);
}

static const BackendDesc builtin_backends[] = {
    {.name = "draft", .run = draft_run, .preflight = draft_check},
};

const BackendDesc *runtime_backends(size_t *n) {
  *n = sizeof builtin_backends / sizeof builtin_backends[0];
  return builtin_backends;
}

/* Everything one build shares; owned by runtime_build. */
typedef struct Build {
  Plan *plan;
  const RunOptions *opt;
  Cache cache;
  Outputs outs;
  BuildLog log;
  bool log_loaded;
  Progress progress;
  volatile sig_atomic_t *cancel;
  int threads_per_job;
  long pid;  /* getpid(), in the names of lazily made work directories */
  size_t n;
  bool *needed;
  JobMode *mode;
  JobEnd *end;
  bool *in_total;             /* counted in the progress total */
  const BackendDesc **backend; /* per job, NULL when unknown */
  size_t *twin;               /* per job to run: an earlier one with the same key, or (size_t)-1 */
  char **error;               /* per job: why it failed (malloc'ed) */
  /* Action entries known good in this build, per job (b->mu). */
  ActionEntry **entry;
  ActionEntry **retired;      /* replaced entries, freed at the end */
  size_t nretired;
  int build_log_fd;           /* logs/build.log, opened at the first finished memory_log job (b->mu), or -1 */
  Sched *sched;               /* while the scheduler runs (for jobs that end asynchronously) */
  pthread_mutex_t mu;
} Build;

static volatile sig_atomic_t interrupt_flag;

/* SIGINT/SIGTERM: ask the build to stop (backends poll JobCtx.cancel). */
static void on_signal(int sig) {
  (void)sig;
  int saved = errno;
  if (interrupt_flag) _exit(130); /* a second Ctrl-C: leave now (temp files go at the next start) */
  interrupt_flag = 1;
  errno = saved;
}

static int cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? (int)n : 1;
}

static char *default_dir(const Plan *plan, const char *given, const char *name) {
  if (given) return xstrdup(given);
  Buf b = {0};
  buf_printf(&b, "%s/%s", plan->root && *plan->root ? plan->root : ".", name);
  return buf_take(&b);
}

/* ---- targets ---- */

static bool target_matches(const char *id, const char *t, size_t tlen) {
  return strncmp(id, t, tlen) == 0 && (id[tlen] == 0 || id[tlen] == '/');
}

/* Marks the jobs the targets name and everything they need. Returns -1 (and
 * prints) when a target matches no job. */
static int select_targets(const Plan *plan, const RunOptions *opt, bool *needed) {
  size_t n = plan->njobs;
  if (!opt->ntargets) {
    for (size_t i = 0; i < n; i++) needed[i] = true;
    return 0;
  }
  for (size_t t = 0; t < opt->ntargets; t++) {
    const char *target = opt->targets[t];
    size_t tlen = strlen(target);
    while (tlen > 1 && target[tlen - 1] == '/') tlen--;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
      if (!target_matches(plan->jobs[i].id, target, tlen)) continue;
      needed[i] = true;
      any = true;
    }
    if (!any) {
      fprintf(stderr, "storyc: unknown target '%s': no job id is or starts with it (see `storyc plan`)\n", target);
      return -1;
    }
  }
  for (size_t i = n; i-- > 0;) {
    if (!needed[i]) continue;
    const PlanJob *j = &plan->jobs[i];
    for (size_t k = 0; k < j->ninputs; k++) needed[j->inputs[k]] = true;
  }
  return 0;
}

/* The build's backends: the options' table, or the built-in ones. */
static const BackendDesc *backend_table(const RunOptions *opt, size_t *nb) {
  *nb = opt->nbackends;
  return opt->backends ? opt->backends : runtime_backends(nb);
}

static const BackendDesc *find_backend(const RunOptions *opt, const char *name) {
  size_t nb;
  const BackendDesc *table = backend_table(opt, &nb);
  for (size_t i = 0; i < nb; i++)
    if (strcmp(table[i].name, name) == 0) return &table[i];
  return NULL;
}

static double estimate(const Build *b, size_t i) {
  const BackendDesc *d = b->backend[i];
  return d && d->estimate ? d->estimate(d, &b->plan->jobs[i]) : 0.0;
}

/* ---- reasons ---- */

static void load_log(Build *b) {
  if (b->log_loaded) return;
  b->log_loaded = true;
  Buf path = {0};
  buf_printf(&path, "%s/log", b->cache.dir);
  if (buildlog_load(&b->log, path.data) != 0)
    fprintf(stderr, "storyc: warning: cannot read %s: %s\n", path.data, strerror(errno));
  buf_free(&path);
}

static void job_reason(Build *b, size_t i, Buf *out) {
  load_log(b);
  const PlanJob *j = &b->plan->jobs[i];
  buildlog_reason(buildlog_find(&b->log, j->id), b->plan, j, out);
}

/* ---- entries of inputs ---- */

static void report_corrupt(Build *b, size_t job, const char *what) {
  progress_print(&b->progress, "storyc: cache entry of %s is corrupt (%s); dropped, regenerating it",
                 b->plan->jobs[job].id, what);
}

/* The action entry of job k with every blob checked, loaded once per build.
 * Returns NULL when it is missing or bad (then it is dropped). */
static const ActionEntry *good_entry(Build *b, size_t k) {
  pthread_mutex_lock(&b->mu);
  const ActionEntry *known = b->entry[k];
  pthread_mutex_unlock(&b->mu);
  if (known) return known;
  const PlanJob *j = &b->plan->jobs[k];
  ActionEntry *e = xcalloc(1, sizeof *e);
  int r = cache_get_action(&b->cache, j->key_hex, e);
  if (r == -1) {
    free(e);
    return NULL;
  }
  if (r == -2) {
    report_corrupt(b, k, "unreadable action entry");
    cache_drop_action(&b->cache, j->key_hex);
    free(e);
    return NULL;
  }
  for (size_t i = 0; i < e->noutputs; i++) {
    int c = cache_check_blob(&b->cache, e->outputs[i].digest_hex);
    if (c == 0) continue;
    char what[128];
    snprintf(what, sizeof what, "%s output %.12s… %s", e->outputs[i].name, e->outputs[i].digest_hex,
             c == -1 ? "missing" : "does not match its digest");
    report_corrupt(b, k, what);
    if (c == -2) cache_drop_blob(&b->cache, e->outputs[i].digest_hex);
    cache_drop_action(&b->cache, j->key_hex);
    action_entry_free(e);
    free(e);
    return NULL;
  }
  pthread_mutex_lock(&b->mu);
  if (b->entry[k]) {
    action_entry_free(e);
    free(e);
  } else {
    b->entry[k] = e;
  }
  known = b->entry[k];
  pthread_mutex_unlock(&b->mu);
  return known;
}

/* Replaces job k's known entry by e (may be NULL). The old one is kept until
 * the build ends: another worker may still be reading it. */
static void replace_entry(Build *b, size_t k, ActionEntry *e) {
  pthread_mutex_lock(&b->mu);
  if (b->entry[k]) {
    b->retired = xrealloc(b->retired, (b->nretired + 1) * sizeof *b->retired);
    b->retired[b->nretired++] = b->entry[k];
  }
  b->entry[k] = e;
  pthread_mutex_unlock(&b->mu);
}

/* ---- running one job ---- */

static void set_error(Build *b, size_t i, const char *msg) {
  pthread_mutex_lock(&b->mu);
  free(b->error[i]);
  b->error[i] = xstrdup(msg ? msg : "failed");
  pthread_mutex_unlock(&b->mu);
}

/* "png" from ".../frame.png" ("" when none). */
static void ext_of(const char *path, char ext[16]) {
  ext[0] = 0;
  const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
  if (!dot || (slash && dot < slash)) return;
  size_t n = strlen(dot + 1);
  if (n == 0 || n >= 16) return;
  for (size_t i = 0; i < n; i++) {
    char c = dot[1 + i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return;
  }
  memcpy(ext, dot + 1, n + 1);
}

/* Stores a finished job: blobs, action entry, build log, outputs. */
static int store_result(Build *b, size_t i, const char *workdir, const JobResult *r, double wall) {
  const PlanJob *j = &b->plan->jobs[i];
  ActionEntry *e = xcalloc(1, sizeof *e);
  e->job_id = xstrdup(j->id);
  e->backend = xstrdup(j->backend);
  e->wall_s = wall;
  e->cost = r->cost;
  e->finished = (int64_t)time(NULL);
  bool have_main = false;
  size_t wlen = strlen(workdir);
  char msg[512] = "";
  for (size_t k = 0; k < r->noutputs && k < ACTION_MAX_OUTPUTS; k++) {
    const JobFile *f = &r->outputs[k];
    ActionOutput *o = &e->outputs[e->noutputs];
    if (!f->name || !f->path || strlen(f->name) >= sizeof o->name) {
      snprintf(msg, sizeof msg, "backend returned an output without a valid name or path");
      break;
    }
    bool inside = strncmp(f->path, workdir, wlen) == 0 && f->path[wlen] == '/';
    int put = r->data[k] ? cache_put_blob_bytes(&b->cache, r->data[k], r->data_len[k], o)
                         : cache_put_blob(&b->cache, f->path, inside, o);
    if (put != 0) {
      snprintf(msg, sizeof msg, "cannot store output %s (%s) in the cache: %s", f->name, f->path, strerror(errno));
      break;
    }
    snprintf(o->name, sizeof o->name, "%s", f->name);
    ext_of(f->path, o->ext);
    have_main |= strcmp(f->name, "main") == 0;
    e->noutputs++;
  }
  if (!msg[0] && !have_main) snprintf(msg, sizeof msg, "backend %s returned no main output", j->backend);
  if (!msg[0] && cache_put_action(&b->cache, j->key_hex, e) != 0)
    snprintf(msg, sizeof msg, "cannot write the action entry: %s", strerror(errno));
  if (msg[0]) {
    set_error(b, i, msg);
    action_entry_free(e);
    free(e);
    return -1;
  }
  buildlog_append(&b->log, b->plan, j);
  char *err = NULL;
  int rc = outputs_install(&b->outs, &b->cache, j, e, false, &err);
  if (rc != 0) set_error(b, i, err ? err : "cannot install outputs");
  free(err);
  replace_entry(b, i, e);
  return rc == 0 ? 0 : -1;
}

/* Re-makes the outputs of a cached job. 0 done, 1 the entry is bad (dropped:
 * run the job), -1 failed. */
static int restore(Build *b, size_t i) {
  const PlanJob *j = &b->plan->jobs[i];
  ActionEntry e;
  int r = cache_get_action(&b->cache, j->key_hex, &e);
  if (r == -1) return 1;
  if (r == -2) {
    report_corrupt(b, i, "unreadable action entry");
    cache_drop_action(&b->cache, j->key_hex);
    return 1;
  }
  char *err = NULL;
  int rc = outputs_install(&b->outs, &b->cache, j, &e, true, &err);
  if (rc == -2) {
    for (size_t k = 0; k < e.noutputs; k++)
      if (cache_check_blob(&b->cache, e.outputs[k].digest_hex) == -2)
        cache_drop_blob(&b->cache, e.outputs[k].digest_hex);
    report_corrupt(b, i, "an output blob is missing or does not match its digest");
    cache_drop_action(&b->cache, j->key_hex);
    action_entry_free(&e);
    return 1;
  }
  if (rc != 0) set_error(b, i, err);
  free(err);
  action_entry_free(&e);
  return rc == 0 ? 0 : -1;
}

/* Fills inputs from the entries of job i's inputs; the paths are malloc'ed
 * into files. Returns the number of inputs that must be built again (their
 * indices in redo). */
static size_t gather_inputs(Build *b, size_t i, JobInput *inputs, JobFile *files, size_t *redo) {
  const PlanJob *j = &b->plan->jobs[i];
  size_t nredo = 0, f = 0;
  for (size_t k = 0; k < j->ninputs; k++) {
    size_t in = j->inputs[k];
    const ActionEntry *e = good_entry(b, in);
    if (!e) {
      redo[nredo++] = in;
      continue;
    }
    inputs[k].id = b->plan->jobs[in].id;
    inputs[k].kind = b->plan->jobs[in].kind;
    inputs[k].files = &files[f];
    inputs[k].nfiles = e->noutputs;
    for (size_t o = 0; o < e->noutputs; o++, f++) {
      Buf p = {0};
      cache_blob_path(&b->cache, e->outputs[o].digest_hex, &p);
      files[f].name = e->outputs[o].name;
      files[f].path = buf_take(&p);
    }
  }
  return nredo;
}

/* The job's log file, logs/<key>.log: a new one for a first try, appended
 * to by the next ones. */
static int open_job_log(Build *b, const PlanJob *j, int attempt) {
  Buf path = {0};
  cache_log_path(&b->cache, j->key_hex, &path);
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (attempt > 1 ? O_APPEND : O_TRUNC);
  int fd = open(path.data, flags, 0666);
  buf_free(&path);
  return fd;
}

/* Writes out the log a memory_log backend kept in memory (one write, no
 * file made, for a job that finished: about a quarter of the CPU time
 * storyc spends per job on a fast HTTP service went to making, writing
 * and closing a log file per job). A job that failed (or will be tried
 * again) gets logs/<key>.log, whose last lines are printed; a finished one
 * is appended to logs/build.log, the log of this build's finished jobs,
 * made again by each build that finishes a job (and the log of an earlier
 * failed try of this build is removed). */
static void keep_memory_log(Build *b, const PlanJob *j, int attempt, bool done, const Buf *log) {
  if (!done) {
    int fd = open_job_log(b, j, attempt);
    if (fd >= 0) {
      (void)fd_write_all(fd, log->data ? log->data : "", log->len); /* the log is for people: an error changes nothing */
      close(fd);
    }
    return;
  }
  Buf text = {0};
  buf_printf(&text, "== %s (%s)\n", j->id, j->key_hex);
  buf_append(&text, log->data ? log->data : "", log->len);
  pthread_mutex_lock(&b->mu);
  if (b->build_log_fd < 0) {
    Buf path = {0};
    buf_printf(&path, "%s/logs/build.log", b->cache.dir);
    b->build_log_fd = open(path.data, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0666);
    buf_free(&path);
  }
  int fd = b->build_log_fd;
  pthread_mutex_unlock(&b->mu);
  if (fd >= 0) (void)fd_write_all(fd, text.data, text.len); /* O_APPEND: one write is one piece */
  buf_free(&text);
  if (attempt > 1) {
    Buf path = {0};
    cache_log_path(&b->cache, j->key_hex, &path);
    unlink(path.data);
    buf_free(&path);
  }
}

/* A job handed to its backend: what the backend sees (ctx) and what the
 * runtime cleans up after it. On the heap, so that a job a backend runs
 * asynchronously (BackendDesc.start) can end on another thread. */
typedef struct Running {
  Build *b;
  size_t i;
  int attempt;
  JobInput *inputs;
  JobFile *files;
  size_t nfiles;
  cJSON *params;
  char *workdir;
  bool workdir_made;
  int log_fd;
  Buf log;
  JobCtx ctx;
  JobResult r;
  struct timespec t0;
} Running;

static void running_free(Running *R) {
  if (R->workdir) {
    if (R->workdir_made) cache_remove_tree(R->workdir); /* a lazy one may never have been made */
    free(R->workdir);
  }
  buf_free(&R->log);
  if (R->log_fd >= 0) close(R->log_fd);
  cJSON_Delete(R->params);
  for (size_t f = 0; f < R->nfiles; f++) free((char *)R->files[f].path);
  free(R->files);
  free(R->inputs);
  free(R);
}

/* Sets up job i for its backend: inputs, params, work directory, log.
 * Returns NULL with *out filled when it cannot run (inputs to build again,
 * or a failure). */
static Running *running_begin(Build *b, size_t i, int attempt, SchedOutcome *out) {
  const PlanJob *j = &b->plan->jobs[i];
  const BackendDesc *backend = b->backend[i];
  if (!backend) {
    char msg[256];
    snprintf(msg, sizeof msg, "unknown backend %s", j->backend);
    set_error(b, i, msg);
    out->status = SCHED_FAILED;
    return NULL;
  }
  Running *R = xcalloc(1, sizeof *R);
  R->b = b;
  R->i = i;
  R->attempt = attempt;
  R->log_fd = -1;
  R->nfiles = j->ninputs * ACTION_MAX_OUTPUTS;
  R->inputs = xcalloc(j->ninputs ? j->ninputs : 1, sizeof *R->inputs);
  R->files = xcalloc(R->nfiles ? R->nfiles : 1, sizeof *R->files);
  size_t *redo = xmalloc((j->ninputs ? j->ninputs : 1) * sizeof *redo);
  size_t nredo = gather_inputs(b, i, R->inputs, R->files, redo);
  if (nredo) {
    out->status = SCHED_REDO_INPUTS;
    out->redo = redo;
    out->nredo = nredo;
    running_free(R);
    return NULL;
  }
  free(redo);
  R->params = cJSON_Parse(j->params);
  if (!R->params) {
    set_error(b, i, "the job's params are not valid JSON");
    out->status = SCHED_FAILED;
    running_free(R);
    return NULL;
  }
  Buf wd = {0};
  bool made;
  if (backend->lazy_workdir) { /* a unique name; job_make_workdir makes it if needed */
    buf_printf(&wd, "%s/tmp/job-%ld-%zu-%d", b->cache.dir, b->pid, i, attempt);
    R->workdir = buf_take(&wd);
    made = true;
  } else {
    buf_printf(&wd, "%s/tmp/job-XXXXXX", b->cache.dir);
    R->workdir = buf_take(&wd);
    made = R->workdir_made = mkdtemp(R->workdir) != NULL;
  }
  if (!backend->memory_log) R->log_fd = open_job_log(b, j, attempt);
  if (!made || (!backend->memory_log && R->log_fd < 0)) {
    char msg[512];
    snprintf(msg, sizeof msg, "cannot make the work directory or log under %s: %s", b->cache.dir, strerror(errno));
    set_error(b, i, msg);
    free(R->workdir);
    R->workdir = NULL;
    out->status = SCHED_FAILED;
    running_free(R);
    return NULL;
  }
  R->ctx = (JobCtx){b->plan, j, R->params, R->inputs, R->workdir, R->log_fd, backend->memory_log ? &R->log : NULL,
                    &R->workdir_made, b->threads_per_job, b->cancel, b->cache.dir, backend->data};
  if (attempt > 1) {
    char line[32];
    int n = snprintf(line, sizeof line, "--- try %d\n", attempt);
    job_log_text(&R->ctx, line, (size_t)n);
  }
  clock_gettime(CLOCK_MONOTONIC, &R->t0);
  return R;
}

/* The backend is done with the job (rc: its return value): stores the
 * result, keeps the log, fills *out and frees R. Returns the job's time. */
static double running_end(Running *R, int rc, SchedOutcome *out) {
  Build *b = R->b;
  size_t i = R->i;
  const BackendDesc *backend = b->backend[i];
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double wall = (double)(t1.tv_sec - R->t0.tv_sec) + (double)(t1.tv_nsec - R->t0.tv_nsec) / 1e9;
  if (*b->cancel) {
    out->status = SCHED_CANCELLED;
  } else if (rc != 0 || R->r.error) {
    set_error(b, i, R->r.error ? R->r.error : "failed without saying why");
    out->status = R->r.retryable ? SCHED_RETRY : SCHED_FAILED;
    out->retry_after_ms = R->r.retryable ? R->r.retry_after_ms : 0;
  } else {
    out->status = store_result(b, i, R->workdir, &R->r, wall) == 0 ? SCHED_DONE : SCHED_FAILED;
  }
  job_result_free(&R->r);
  if (backend->memory_log) keep_memory_log(b, &b->plan->jobs[i], R->attempt, out->status == SCHED_DONE, &R->log);
  running_free(R);
  return wall;
}

/* A job of an asynchronous backend ended (on the backend's thread). */
static void running_done(void *ud, int rc) {
  Running *R = ud;
  Build *b = R->b;
  size_t i = R->i;
  SchedOutcome out = {SCHED_FAILED, 0, NULL, 0};
  double wall = running_end(R, rc, &out);
  sched_complete(b->sched, i, &out, wall);
}

/* Whether job i's backend carries it out asynchronously (BackendDesc.start). */
static bool starts_async(const Build *b, size_t i) {
  const BackendDesc *d = b->backend[i];
  return d && d->start && d->can_start(d, &b->plan->jobs[i]);
}

static void run_backend(Build *b, size_t i, int attempt, SchedOutcome *out) {
  Running *R = running_begin(b, i, attempt, out);
  if (!R) return;
  const BackendDesc *backend = b->backend[i];
  if (starts_async(b, i)) {
    if (backend->start(&R->ctx, &R->r, running_done, R) == 0) {
      out->status = SCHED_PENDING;
      return;
    }
    running_end(R, -1, out); /* could not start: R->r says why */
    return;
  }
  running_end(R, backend->run(&R->ctx, &R->r), out);
}

/* ---- scheduler hooks ---- */

static void hook_run(void *ctx, size_t i, int attempt, SchedOutcome *out) {
  Build *b = ctx;
  if (*b->cancel) {
    out->status = SCHED_CANCELLED;
    return;
  }
  /* A job with the same key ran first (the scheduler waits for it): its
   * entry serves this one too. */
  bool twin_done = b->twin[i] != (size_t)-1 && cache_has_action(&b->cache, b->plan->jobs[i].key_hex);
  if (b->mode[i] == MODE_RESTORE || twin_done) {
    int r = restore(b, i);
    if (r == 0) {
      out->status = SCHED_CACHED;
      return;
    }
    if (r < 0) {
      out->status = SCHED_FAILED;
      return;
    }
    b->mode[i] = MODE_RUN; /* only this worker touches mode[i] while i runs */
  }
  run_backend(b, i, attempt, out);
}

/* A job whose backend starts it asynchronously returns at once (restored
 * from the cache, or started): the thread that frees a slot runs it. Not a
 * job that would run on this thread when its restore fails: on the engine
 * thread, a backend that blocks in http_engine_perform would wait for
 * itself. */
static bool hook_quick(void *ctx, size_t i) {
  Build *b = ctx;
  return starts_async(b, i);
}

/* Around a run of quick jobs: backends that start jobs asynchronously send
 * them out together. */
static void hook_batch(void *ctx, bool begin) {
  Build *b = ctx;
  size_t nb;
  const BackendDesc *table = backend_table(b->opt, &nb);
  for (size_t k = 0; k < nb; k++)
    if (table[k].batch) table[k].batch(&table[k], begin);
}

static void hook_attach(void *ctx, Sched *s) {
  Build *b = ctx;
  b->sched = s;
}

static void hook_started(void *ctx, size_t i, int attempt) {
  Build *b = ctx;
  const PlanJob *j = &b->plan->jobs[i];
  if (!b->in_total[i]) {
    b->in_total[i] = true;
    progress_add_total(&b->progress, 1);
  }
  if (b->mode[i] == MODE_CACHED) b->mode[i] = MODE_RUN; /* sent back by a dependent */
  progress_job_started(&b->progress, j->id);
  if (b->opt->explain && attempt == 1) {
    Buf why = {0};
    if (b->mode[i] == MODE_RESTORE) {
      buf_puts(&why, "output missing or changed, restoring it from the cache");
    } else {
      job_reason(b, i, &why);
    }
    progress_print(&b->progress, "explain: %s  %s", j->id, why.data);
    buf_free(&why);
  }
}

/* Prints the last lines of a failed job's log and its path. */
static void print_log_tail(Build *b, const PlanJob *j) {
  Buf path = {0};
  cache_log_path(&b->cache, j->key_hex, &path);
  int fd = open(path.data, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 0) {
    off_t start = st.st_size > LOG_TAIL_BYTES ? st.st_size - LOG_TAIL_BYTES : 0;
    char text[LOG_TAIL_BYTES + 1];
    ssize_t n = pread(fd, text, LOG_TAIL_BYTES, start);
    if (n > 0) {
      text[n] = 0;
      while (n > 0 && text[n - 1] == '\n') text[--n] = 0;
      const char *p = text + n;
      int lines = 0;
      while (p > text && lines < LOG_TAIL_LINES) {
        p--;
        if (*p == '\n') lines++;
      }
      if (*p == '\n') p++;
      if (start > 0 && p == text) { /* a cut line: drop it */
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : p;
      }
      for (const char *line = p; *line;) {
        const char *nl = strchr(line, '\n');
        int len = nl ? (int)(nl - line) : (int)strlen(line);
        progress_print(&b->progress, "  | %.*s", len, line);
        line += len + (nl ? 1 : 0);
      }
    }
    progress_print(&b->progress, "  log: %s", path.data);
  }
  if (fd >= 0) close(fd);
  buf_free(&path);
}

static void hook_finished(void *ctx, size_t i, SchedStatus status, double seconds) {
  Build *b = ctx;
  const PlanJob *j = &b->plan->jobs[i];
  char note[160];
  switch (status) {
  case SCHED_DONE:
    b->end[i] = END_RUN;
    snprintf(note, sizeof note, "%s, %.1fs", j->backend, seconds);
    progress_job_finished(&b->progress, j->id, true, note);
    break;
  case SCHED_CACHED:
    b->end[i] = END_CACHED;
    progress_job_finished(&b->progress, j->id, true, "restored from the cache");
    break;
  case SCHED_CANCELLED:
    b->end[i] = END_CANCELLED;
    progress_job_finished(&b->progress, j->id, false, "interrupted");
    break;
  default:
    b->end[i] = END_FAILED;
    progress_job_finished(&b->progress, j->id, false, "failed");
    pthread_mutex_lock(&b->mu);
    char *err = b->error[i] ? xstrdup(b->error[i]) : xstrdup("failed");
    pthread_mutex_unlock(&b->mu);
    progress_print(&b->progress, "FAILED %s: %s", j->id, err);
    free(err);
    print_log_tail(b, j);
    break;
  }
}

static void hook_retrying(void *ctx, size_t i, int next_attempt, int max_tries, double delay_s) {
  Build *b = ctx;
  pthread_mutex_lock(&b->mu);
  char *err = b->error[i] ? xstrdup(b->error[i]) : xstrdup("failed");
  pthread_mutex_unlock(&b->mu);
  progress_job_finished(&b->progress, b->plan->jobs[i].id, false, "retrying");
  progress_print(&b->progress, "storyc: %s: %s; try %d of %d in %.1fs", b->plan->jobs[i].id, err, next_attempt,
                 max_tries, delay_s);
  free(err);
}

/* ---- the build ---- */

static void build_free(Build *b) {
  if (b->build_log_fd >= 0) close(b->build_log_fd);
  for (size_t i = 0; i < b->n; i++) {
    free(b->error[i]);
    if (b->entry[i]) {
      action_entry_free(b->entry[i]);
      free(b->entry[i]);
    }
  }
  for (size_t i = 0; i < b->nretired; i++) {
    action_entry_free(b->retired[i]);
    free(b->retired[i]);
  }
  free(b->retired);
  free(b->needed);
  free(b->mode);
  free(b->end);
  free(b->in_total);
  free(b->backend);
  free(b->twin);
  free(b->error);
  free(b->entry);
  pthread_mutex_destroy(&b->mu);
}

static void build_init(Build *b, Plan *plan, const RunOptions *opt) {
  memset(b, 0, sizeof *b);
  b->plan = plan;
  b->opt = opt;
  b->n = plan->njobs;
  b->pid = (long)getpid();
  b->build_log_fd = -1;
  size_t n = b->n ? b->n : 1;
  b->needed = xcalloc(n, sizeof *b->needed);
  b->mode = xcalloc(n, sizeof *b->mode);
  b->end = xcalloc(n, sizeof *b->end);
  b->in_total = xcalloc(n, sizeof *b->in_total);
  b->backend = xcalloc(n, sizeof *b->backend);
  b->twin = xmalloc(n * sizeof *b->twin);
  for (size_t i = 0; i < n; i++) b->twin[i] = (size_t)-1;
  b->error = xcalloc(n, sizeof *b->error);
  b->entry = xcalloc(n, sizeof *b->entry);
  pthread_mutex_init(&b->mu, NULL);
  buildlog_init(&b->log);
}

/* Decides what each needed job does (see the top of the file). Dependents
 * come after their inputs, so walking backwards classifies every dependent
 * of a job before the job: a job without an output file whose dependents
 * are all cached is not needed by anything this build does, and is taken
 * as cached without a look at the cache (a later build that runs one of its
 * dependents checks it then). */
static void classify(Build *b, bool use_outputs) {
  bool *dependents = xcalloc(b->n ? b->n : 1, sizeof *dependents); /* has a needed dependent */
  bool *must_check = xcalloc(b->n ? b->n : 1, sizeof *must_check); /* one of them is not cached */
  for (size_t i = b->n; i-- > 0;) {
    if (!b->needed[i]) continue;
    const PlanJob *j = &b->plan->jobs[i];
    b->backend[i] = find_backend(b->opt, j->backend);
    if (use_outputs && j->output && outputs_current(&b->outs, j)) {
      b->mode[i] = MODE_CACHED;
    } else if (use_outputs && !j->output && dependents[i] && !must_check[i]) {
      b->mode[i] = MODE_CACHED;
    } else if (cache_has_action(&b->cache, j->key_hex)) {
      b->mode[i] = j->output && use_outputs ? MODE_RESTORE : MODE_CACHED;
    } else {
      b->mode[i] = MODE_RUN;
    }
    for (size_t k = 0; k < j->ninputs; k++) {
      dependents[j->inputs[k]] = true;
      if (b->mode[i] == MODE_RUN) must_check[j->inputs[k]] = true;
    }
  }
  free(dependents);
  free(must_check);
}

static int twin_cmp(const void *x, const void *y, void *ctx) {
  const Plan *plan = ctx;
  size_t a = *(const size_t *)x, b = *(const size_t *)y;
  int c = memcmp(plan->jobs[a].key, plan->jobs[b].key, 32);
  return c ? c : (a > b) - (a < b);
}

/* Jobs to run with equal keys run once: each waits for the one before it
 * (b->twin, the scheduler's "after" edge) and then takes its entry. */
static void find_twins(Build *b, const bool *todo) {
  size_t *run = xmalloc((b->n ? b->n : 1) * sizeof *run), nrun = 0;
  for (size_t i = 0; i < b->n; i++)
    if (todo[i] && b->mode[i] == MODE_RUN) run[nrun++] = i;
  qsort_r(run, nrun, sizeof *run, twin_cmp, b->plan);
  for (size_t k = 1; k < nrun; k++)
    if (memcmp(b->plan->jobs[run[k]].key, b->plan->jobs[run[k - 1]].key, 32) == 0) b->twin[run[k]] = run[k - 1];
  free(run);
}

/* Asks the backend of every job that will run (once per backend and kind)
 * whether it has what it needs from the environment, so that a missing key
 * is reported before any job starts. Prints each problem (as a note with
 * dry_run); returns -1 when there was one. */
static int preflight(const Build *b, bool dry_run) {
  const BackendDesc **seen_d = NULL;
  JobKind *seen_k = NULL;
  size_t nseen = 0;
  int rc = 0;
  Buf said = {0}; /* messages printed so far, one per line: each is said once */
  for (size_t i = 0; i < b->n; i++) {
    const BackendDesc *d = b->backend[i];
    if (!b->needed[i] || b->mode[i] != MODE_RUN || !d || !d->preflight) continue;
    JobKind k = b->plan->jobs[i].kind;
    bool seen = false;
    for (size_t s = 0; s < nseen && !seen; s++) seen = seen_d[s] == d && seen_k[s] == k;
    if (seen) continue;
    seen_d = xrealloc(seen_d, (nseen + 1) * sizeof *seen_d);
    seen_k = xrealloc(seen_k, (nseen + 1) * sizeof *seen_k);
    seen_d[nseen] = d;
    seen_k[nseen++] = k;
    Buf why = {0};
    if (d->preflight(d, k, &why) != 0) {
      rc = -1;
      buf_putc(&why, '\n');
      if (!strstr(buf_cstr(&said), buf_cstr(&why))) {
        fprintf(stderr, "storyc: %s%s", dry_run ? "note: a build would stop here: " : "", buf_cstr(&why));
        buf_puts(&said, buf_cstr(&why));
      }
    }
    buf_free(&why);
  }
  buf_free(&said);
  free(seen_d);
  free(seen_k);
  return rc;
}

static void print_summary(FILE *out, size_t run, size_t cached, size_t failed) {
  fprintf(out, "jobs: %zu run, %zu cached, %zu failed\n", run, cached, failed);
  fflush(out);
}

static int dry_run(Build *b, FILE *out) {
  size_t run = 0, cached = 0;
  double total = 0;
  Buf why = {0};
  for (size_t i = 0; i < b->n; i++) {
    if (!b->needed[i]) continue;
    if (b->mode[i] != MODE_RUN) {
      cached++;
      continue;
    }
    run++;
    buf_clear(&why);
    job_reason(b, i, &why);
    double cost = estimate(b, i);
    total += cost;
    fprintf(out, "%s  %s  $%.2f\n", b->plan->jobs[i].id, why.data, cost);
  }
  buf_free(&why);
  if (total > 0) fprintf(out, "estimated cost: $%.2f\n", total);
  preflight(b, true);
  print_summary(out, run, cached, 0);
  return 0;
}

/* ---- prefetch ---- */

struct BuildPrefetch {
  char *dir;
  Outputs outs;
  pthread_t thread;
  bool started, joined, taken;
};

static void *prefetch_main(void *arg) {
  BuildPrefetch *p = arg;
  outputs_open(&p->outs, p->dir);
  outputs_check(&p->outs, 1); /* the calling thread is busy compiling */
  return NULL;
}

BuildPrefetch *runtime_prefetch(const char *out_dir) {
  BuildPrefetch *p = xcalloc(1, sizeof *p);
  p->dir = xstrdup(out_dir);
  p->started = pthread_create(&p->thread, NULL, prefetch_main, p) == 0;
  return p;
}

static void prefetch_join(BuildPrefetch *p) {
  if (p->joined) return;
  p->joined = true;
  if (p->started) pthread_join(p->thread, NULL);
}

/* Same directory: both missing, or the same inode. */
static bool same_dir(const char *a, const char *b) {
  struct stat sa, sb;
  int ra = stat(a, &sa), rb = stat(b, &sb);
  if (ra != 0 || rb != 0) return ra != 0 && rb != 0 && strcmp(a, b) == 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Moves the prefetched record of out_dir into *o. */
static bool prefetch_take(BuildPrefetch *p, const char *out_dir, Outputs *o) {
  if (!p || p->taken) return false;
  prefetch_join(p);
  if (!p->started || !same_dir(p->dir, out_dir)) return false;
  pthread_mutex_destroy(&p->outs.mu);
  *o = p->outs;
  pthread_mutex_init(&o->mu, NULL);
  free(o->dir);
  o->dir = xstrdup(out_dir); /* as the build names it, for messages */
  memset(&p->outs, 0, sizeof p->outs);
  p->taken = true;
  return true;
}

void runtime_prefetch_free(BuildPrefetch *p) {
  if (!p) return;
  prefetch_join(p);
  if (p->started && !p->taken) outputs_close(&p->outs);
  free(p->dir);
  free(p);
}

/* Loads the outputs record (checking every file when the build covers every
 * job), from the prefetch when there is one. */
static void open_outputs(Build *b, const char *out_dir) {
  const RunOptions *opt = b->opt;
  if (!opt->ntargets && prefetch_take(opt->prefetch, out_dir, &b->outs)) return;
  outputs_open(&b->outs, out_dir);
  if (!opt->ntargets) outputs_check(&b->outs, cpu_count());
}

static void absolutize(char **dir) {
  char *real = realpath(*dir, NULL);
  if (!real) return;
  free(*dir);
  *dir = real;
}

int runtime_build(Plan *plan, const RunOptions *opt) {
  FILE *out = opt->out ? opt->out : stdout;
  Build b;
  build_init(&b, plan, opt);
  char *cache_dir = default_dir(plan, opt->cache_dir, ".storyc");
  char *out_dir = default_dir(plan, opt->out_dir, "build");
  int code = 0;
  CacheLock lock = {-1};
  bool cache_open_ok = false, outs_open = false;

  if (select_targets(plan, opt, b.needed) != 0) {
    code = 2;
    goto done;
  }
  if (opt->dry_run) {
    cache_open(&b.cache, cache_dir, false);
    cache_open_ok = true;
    open_outputs(&b, out_dir);
    outs_open = true;
    classify(&b, true);
    code = dry_run(&b, out);
    goto done;
  }

  if (cache_open(&b.cache, cache_dir, true) != 0) {
    fprintf(stderr, "storyc: cannot use the cache directory %s: %s\n", cache_dir, strerror(errno));
    code = 2;
    goto done;
  }
  cache_open_ok = true;
  absolutize(&b.cache.dir);
  pid_t holder = 0;
  int lr = lock_acquire(&lock, b.cache.dir, &holder);
  if (lr != 0) {
    if (lr == 1 && holder)
      fprintf(stderr, "storyc: another storyc build is running on this cache (pid %ld)\n", (long)holder);
    else if (lr == 1)
      fprintf(stderr, "storyc: another storyc build is running on this cache\n");
    else
      fprintf(stderr, "storyc: cannot lock %s/lock: %s\n", b.cache.dir, strerror(errno));
    code = 2;
    goto done;
  }
  cache_clean_tmp(&b.cache);
  open_outputs(&b, out_dir);
  outs_open = true;
  classify(&b, true);

  size_t ntodo = 0;
  double cost = 0;
  bool *todo = xcalloc(b.n ? b.n : 1, sizeof *todo);
  for (size_t i = 0; i < b.n; i++) {
    if (!b.needed[i]) continue;
    if (b.mode[i] == MODE_CACHED) {
      b.end[i] = END_CACHED;
      continue;
    }
    todo[i] = b.in_total[i] = true;
    ntodo++;
    if (b.mode[i] == MODE_RUN) cost += estimate(&b, i);
  }
  if (preflight(&b, false) != 0) {
    fprintf(stderr, "storyc: nothing run\n");
    free(todo);
    code = 2;
    goto done;
  }
  if (opt->max_cost >= 0 && cost > opt->max_cost) {
    fprintf(stderr, "storyc: the jobs to run are estimated at $%.2f, over --max-cost $%.2f; nothing run\n", cost,
            opt->max_cost);
    free(todo);
    code = 2;
    goto done;
  }

  SchedStats st = {0};
  if (ntodo) {
    Buf logpath = {0};
    buf_printf(&logpath, "%s/log", b.cache.dir);
    if (buildlog_open(&b.log, logpath.data) != 0)
      fprintf(stderr, "storyc: warning: cannot append to %s: %s\n", logpath.data, strerror(errno));

    int jobs = opt->jobs > 0 ? opt->jobs : cpu_count();
    b.threads_per_job = cpu_count() / jobs > 1 ? cpu_count() / jobs : 1;
    /* Pools: 0 for local work (-j), one per backend with its own limit. */
    size_t nb;
    const BackendDesc *table = backend_table(opt, &nb);
    int *limits = xcalloc(nb + 1, sizeof *limits);
    int *job_pool = xcalloc(b.n, sizeof *job_pool);
    limits[0] = jobs;
    for (size_t k = 0; k < nb; k++) limits[k + 1] = table[k].limit > 0 ? table[k].limit : jobs;
    for (size_t i = 0; i < b.n; i++)
      job_pool[i] = b.backend[i] && b.backend[i]->limit > 0 ? (int)(b.backend[i] - table) + 1 : 0;

    struct sigaction sa, old_int, old_term;
    bool own_signals = !opt->cancel;
    if (own_signals) {
      interrupt_flag = 0;
      memset(&sa, 0, sizeof sa);
      sa.sa_handler = on_signal;
      sigemptyset(&sa.sa_mask);
      sigaction(SIGINT, &sa, &old_int);
      sigaction(SIGTERM, &sa, &old_term);
      b.cancel = &interrupt_flag;
    } else {
      b.cancel = opt->cancel;
    }
    if (opt->explain) load_log(&b);

    SchedOptions so = {0};
    so.npools = nb + 1;
    so.pool_limit = limits;
    so.job_pool = job_pool;
    find_twins(&b, todo);
    so.after = b.twin;
    so.keep_going = opt->keep_going;
    so.retry_base_ms = opt->retry_base_ms;
    so.cancel = b.cancel;
    SchedHooks hooks = {&b, hook_run, hook_started, hook_finished, hook_retrying, hook_quick, hook_attach, hook_batch};
    progress_start(&b.progress, stderr, opt->progress_tty, ntodo);
    if (sched_run(plan, todo, &so, &hooks, &st) != 0) {
      fprintf(stderr, "storyc: cannot start worker threads\n");
      code = 2;
    }
    progress_stop(&b.progress);
    if (own_signals) {
      sigaction(SIGINT, &old_int, NULL);
      sigaction(SIGTERM, &old_term, NULL);
    }
    free(limits);
    free(job_pool);
    if (b.log.fd >= 0) {
      close(b.log.fd);
      b.log.fd = -1;
      buildlog_maybe_recompact(logpath.data, plan);
    }
    buf_free(&logpath);
  }
  free(todo);

  if (!opt->ntargets && !st.interrupted) outputs_prune(&b.outs);
  if (outputs_save(&b.outs) != 0)
    fprintf(stderr, "storyc: warning: cannot write %s/%s: %s\n", out_dir, OUTPUTS_STATE, strerror(errno));

  size_t run = 0, cached = 0, failed = 0;
  for (size_t i = 0; i < b.n; i++) {
    run += b.end[i] == END_RUN;
    cached += b.end[i] == END_CACHED;
    failed += b.end[i] == END_FAILED;
  }
  if (st.skipped)
    fprintf(stderr, "storyc: skipped %zu job%s that depend%s on failed ones\n", st.skipped,
            st.skipped == 1 ? "" : "s", st.skipped == 1 ? "s" : "");
  if (st.interrupted) {
    fprintf(stderr, "interrupted\n");
  } else if (failed && !opt->keep_going && st.not_started) {
    fprintf(stderr, "storyc: stopped after the failure; %zu job%s not started (-k keeps going)\n", st.not_started,
            st.not_started == 1 ? "" : "s");
  }
  print_summary(out, run, cached, failed);
  if (!code) code = st.interrupted ? 130 : failed ? 1 : 0;

done:
  if (outs_open) outputs_close(&b.outs);
  buildlog_free(&b.log);
  lock_release(&lock);
  if (cache_open_ok) cache_close(&b.cache);
  build_free(&b);
  free(cache_dir);
  free(out_dir);
  return code;
}

/* ---- clean and gc ---- */

int runtime_clean(const char *out_dir) {
  size_t removed = 0;
  int r = outputs_clean(out_dir, &removed);
  if (r < 0) {
    fprintf(stderr, "storyc: cannot clean %s: %s\n", out_dir, strerror(errno));
    return 2;
  }
  if (r == 1) {
    fprintf(stderr, "storyc: %s has no %s record; left alone (not made by storyc?)\n", out_dir, OUTPUTS_STATE);
    return 0;
  }
  printf("removed %zu output file%s from %s\n", removed, removed == 1 ? "" : "s", out_dir);
  return 0;
}

static int key_cmp(const void *a, const void *b) { return memcmp(a, b, 32); }

typedef struct LiveKeys {
  unsigned char (*keys)[32];
  size_t n;
} LiveKeys;

static bool key_live(void *ctx, const char *key_hex) {
  const LiveKeys *lk = ctx;
  unsigned char k[32];
  if (sha_from_hex(key_hex, k) != 0) return false;
  return bsearch(k, lk->keys, lk->n, 32, key_cmp) != NULL;
}

int runtime_gc(Plan *plan, const char *cache_dir) {
  char *dir = default_dir(plan, cache_dir, ".storyc");
  struct stat sb;
  if (stat(dir, &sb) != 0) {
    printf("gc: no cache at %s\n", dir);
    free(dir);
    return 0;
  }
  Cache c;
  int code = 0;
  if (cache_open(&c, dir, true) != 0) {
    fprintf(stderr, "storyc: cannot use the cache directory %s: %s\n", dir, strerror(errno));
    free(dir);
    return 2;
  }
  CacheLock lock = {-1};
  pid_t holder = 0;
  int lr = lock_acquire(&lock, dir, &holder);
  if (lr != 0) {
    if (lr == 1)
      fprintf(stderr, "storyc: another storyc build is running on this cache (pid %ld)\n", (long)holder);
    else
      fprintf(stderr, "storyc: cannot lock %s/lock: %s\n", dir, strerror(errno));
    cache_close(&c);
    free(dir);
    return 2;
  }
  LiveKeys lk = {xmalloc((plan->njobs ? plan->njobs : 1) * 32), plan->njobs};
  for (size_t i = 0; i < plan->njobs; i++) memcpy(lk.keys[i], plan->jobs[i].key, 32);
  qsort(lk.keys, lk.n, 32, key_cmp);
  CacheGcStats st;
  if (cache_gc(&c, key_live, &lk, &st) != 0) {
    fprintf(stderr, "storyc: cannot read the cache at %s: %s\n", dir, strerror(errno));
    code = 2;
  } else {
    Buf logpath = {0};
    buf_printf(&logpath, "%s/log", dir);
    buildlog_maybe_recompact(logpath.data, plan);
    buf_free(&logpath);
    printf("gc: removed %zu cache entr%s and %zu blob%s, freed %.1f MiB; kept %zu entr%s and %zu blob%s\n",
           st.actions_removed, st.actions_removed == 1 ? "y" : "ies", st.blobs_removed,
           st.blobs_removed == 1 ? "" : "s", (double)st.bytes_freed / (1024.0 * 1024.0), st.actions_kept,
           st.actions_kept == 1 ? "y" : "ies", st.blobs_kept, st.blobs_kept == 1 ? "" : "s");
  }
  free(lk.keys);
  lock_release(&lock);
  cache_close(&c);
  free(dir);
  return code;
}
