/* fakebuild.c - `storyc build` with an instant fake backend, for `make bench`.
 *
 *   fakebuild PROJECT [-o DIR] [--cache DIR] [-j N] [-S STDLIB] [-n] [--no-fsync]
 *
 * Compiles PROJECT as `storyc build` does (same stdlib, same keys) and runs
 * runtime_build() with every backend name the plan uses ("draft", ...)
 * mapped to a function that writes a tiny file per output (its job's key),
 * so the cache and the output directory it fills are exactly what the real
 * binary expects: `bin/storyc build` afterwards finds everything cached.
 * That is how the bench fills the cache of a 10,000-shot project in seconds
 * (the real draft backend would take hours), and how it times a rebuild
 * after an edit without the backend's own work.
 *
 * --no-fsync turns fsync() into a no-op for this process (this file defines
 * fsync, and the library's calls resolve to it before libc's): filling a
 * cache for a benchmark needs no durability, and 100,000 shots make about
 * a million fsyncs. Timed rebuilds keep the real fsync.
 *
 * Prints the build's summary line on stdout and "compile S s, build S s" on
 * stderr; exits with runtime_build()'s code (1 when the project has errors). */
#include "build.h"
#include "compile.h"
#include "diag.h"
#include "util.h"
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static bool skip_fsync;

int fsync(int fd) {
  if (skip_fsync) return 0;
  return (int)syscall(SYS_fsync, fd);
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Writes <workdir>/<file> holding the job's key and adds it as output name. */
static int put(const JobCtx *ctx, JobResult *r, const char *name, const char *file) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", ctx->workdir, file);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return job_fail(r, "cannot create %s", path);
  char text[160];
  int n = snprintf(text, sizeof text, "%s %s\n", ctx->job->key_hex, name);
  ssize_t w = write(fd, text, (size_t)n);
  close(fd);
  if (w != n) return job_fail(r, "cannot write %s", path);
  job_result_add(r, name, path);
  return 0;
}

/* The outputs a draft job of this kind has, with the same extensions. */
static int fake_run(const JobCtx *ctx, JobResult *r) {
  const PlanJob *j = ctx->job;
  switch (j->kind) {
  case JOB_IMAGE:
    return put(ctx, r, "main", "frame.png");
  case JOB_VIDEO:
    return put(ctx, r, "main", "clip.mp4");
  case JOB_VOICE:
  case JOB_MUSIC:
    return put(ctx, r, "main", "audio.wav");
  default:
    break;
  }
  bool episode = strstr(j->params, "\"type\":\"episode\"") != NULL;
  if (put(ctx, r, "main", episode ? "episode.mp4" : "scene.mp4") != 0) return -1;
  if (put(ctx, r, "subs", "subs.json") != 0) return -1;
  return episode ? put(ctx, r, "srt", "episode.srt") : 0;
}

/* One fake entry per distinct backend name of the plan. */
static BackendDesc *fake_table(const Plan *p, size_t *n) {
  BackendDesc *t = NULL;
  *n = 0;
  for (size_t i = 0; i < p->njobs; i++) {
    const char *name = p->jobs[i].backend;
    bool known = false;
    for (size_t k = 0; k < *n && !known; k++) known = strcmp(t[k].name, name) == 0;
    if (known) continue;
    t = xrealloc(t, (*n + 1) * sizeof *t);
    t[*n] = (BackendDesc){.name = name, .run = fake_run};
    (*n)++;
  }
  return t;
}

/* <dir of this program>/../../stdlib (out/tools/fakebuild -> stdlib). */
static char *default_stdlib(void) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return NULL;
  exe[n] = 0;
  char *slash = strrchr(exe, '/');
  if (!slash) return NULL;
  *slash = 0;
  char path[PATH_MAX + 16];
  snprintf(path, sizeof path, "%s/../../stdlib", exe);
  return realpath(path, NULL);
}

static int usage(void) {
  fprintf(stderr, "usage: fakebuild PROJECT [-o DIR] [--cache DIR] [-j N] [-S STDLIB] [-n] [--no-fsync]\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *project = NULL, *out = NULL, *cache = NULL, *stdlib_arg = NULL;
  int jobs = 0;
  bool dry = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool has_value = i + 1 < argc;
    if (strcmp(a, "-o") == 0 && has_value) out = argv[++i];
    else if (strcmp(a, "--cache") == 0 && has_value) cache = argv[++i];
    else if (strcmp(a, "-j") == 0 && has_value) jobs = atoi(argv[++i]);
    else if (strcmp(a, "-S") == 0 && has_value) stdlib_arg = argv[++i];
    else if (strcmp(a, "-n") == 0) dry = true;
    else if (strcmp(a, "--no-fsync") == 0) skip_fsync = true;
    else if (a[0] != '-' && !project) project = a;
    else return usage();
  }
  if (!project) return usage();
  char *stdlib = stdlib_arg ? xstrdup(stdlib_arg) : default_stdlib();
  double t0 = now_s();
  CompileOptions co = {0};
  co.path = project;
  co.stdlib_dir = stdlib;
  Diags d;
  diag_init(&d, stderr);
  Plan *plan = compile_project(&co, &d);
  double t1 = now_s();
  if (!plan) {
    fprintf(stderr, "fakebuild: %d error%s\n", d.errors, d.errors == 1 ? "" : "s");
    free(stdlib);
    return 1;
  }
  size_t nb;
  BackendDesc *table = fake_table(plan, &nb);
  RunOptions ro = {0};
  ro.jobs = jobs;
  ro.dry_run = dry;
  ro.cache_dir = cache;
  ro.out_dir = out;
  ro.max_cost = -1;
  ro.backends = table;
  ro.nbackends = nb;
  int rc = runtime_build(plan, &ro);
  double t2 = now_s();
  fprintf(stderr, "fakebuild: compile %.3f s, build %.3f s\n", t1 - t0, t2 - t1);
  free(table);
  plan_free(plan);
  free(stdlib);
  return rc;
}
