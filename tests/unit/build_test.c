/* build_test.c - runtime_build() end to end with a fake backend: first
 * build, no-op build, outputs re-made, -n, corrupt cache entries, failures,
 * retries, targets, the lock, pruning, clean and gc. */
#include "build.h"
#include "cache.h"
#include "check.h"
#include "lock.h"
#include "outputs.h"
#include "util.h"
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static atomic_int calls[16];
static atomic_int flaky_left;

static int job_index(const char *id) { return id[0] - 'a'; }

/* Writes "<params>|<input main contents>..." as the main output, and an srt
 * for edits. Params with "fail" fail; with "flaky" fail retryably while
 * flaky_left > 0. */
static int fake_run(const JobCtx *ctx, JobResult *r) {
  atomic_fetch_add(&calls[job_index(ctx->job->id) & 15], 1);
  if (strstr(ctx->job->params, "fail")) {
    dprintf(ctx->log_fd, "line one of the log\nthe fake tool gave up\n");
    return job_fail(r, "the fake backend was told to fail");
  }
  if (strstr(ctx->job->params, "flaky") && atomic_fetch_sub(&flaky_left, 1) > 0) {
    r->retryable = true;
    return job_fail(r, "service busy");
  }
  Buf text = {0};
  buf_puts(&text, ctx->job->params);
  for (size_t i = 0; i < ctx->job->ninputs; i++) {
    const char *path = job_input_file(ctx, i, "main");
    size_t len;
    char *in = path ? file_read_all(path, &len, 0) : NULL;
    buf_printf(&text, "|%s", in ? in : "?");
    free(in);
  }
  Buf path = {0};
  buf_printf(&path, "%s/out.txt", ctx->workdir);
  FILE *f = fopen(path.data, "w");
  fputs(text.data, f);
  fclose(f);
  job_result_add(r, "main", path.data);
  if (ctx->job->kind == JOB_EDIT) {
    buf_clear(&path);
    buf_printf(&path, "%s/subs.srt", ctx->workdir);
    f = fopen(path.data, "w");
    fputs("1\n00:00:00,000 --> 00:00:01,000\nhello\n", f);
    fclose(f);
    job_result_add(r, "srt", path.data);
  }
  buf_free(&text);
  buf_free(&path);
  return 0;
}

/* Runs until cancelled (at most 5 s). */
static int slow_run(const JobCtx *ctx, JobResult *r) {
  for (int i = 0; i < 500 && !*ctx->cancel; i++) usleep(10000);
  Buf path = {0};
  buf_printf(&path, "%s/half.txt", ctx->workdir);
  FILE *f = fopen(path.data, "w");
  fputs("half", f);
  fclose(f);
  buf_free(&path);
  return job_fail(r, "interrupted");
}

static const BackendDesc backends[] = {{.name = "fake", .run = fake_run}, {.name = "slow", .run = slow_run}};

static char *root;

/* a -> b, a -> c, (b, c) -> d; prompt of a given. */
static Plan *make_plan(const char *prompt_a, const char *params_d) {
  Plan *p = plan_new();
  p->root = root;
  char params[256];
  snprintf(params, sizeof params, "{\"prompt\":\"%s\",\"seed\":1}", prompt_a);
  size_t a = plan_add(p, "a", JOB_IMAGE, "fake", NULL, 0, params, "ep01/a", NULL);
  size_t b = plan_add(p, "b", JOB_VIDEO, "fake", &a, 1, "{\"camera\":\"static\"}", "ep01/b", NULL);
  size_t c = plan_add(p, "c", JOB_VOICE, "fake", &a, 1, "{\"text\":\"hi\"}", NULL, NULL);
  size_t bc[2] = {b, c};
  plan_add(p, "d", JOB_EDIT, "fake", bc, 2, params_d ? params_d : "{\"type\":\"episode\"}", "ep01", NULL);
  plan_compute_keys(p);
  return p;
}

static char out_text[8192];

/* Runs a build; its stdout lands in out_text. */
static int build(Plan *p, RunOptions *o) {
  size_t len = 0;
  char *buf = NULL;
  FILE *f = open_memstream(&buf, &len);
  o->out = f;
  o->backends = backends;
  o->nbackends = 2;
  o->jobs = o->jobs ? o->jobs : 2;
  o->retry_base_ms = 1;
  if (!o->max_cost) o->max_cost = -1;
  int rc = runtime_build(p, o);
  fclose(f);
  snprintf(out_text, sizeof out_text, "%s", buf ? buf : "");
  free(buf);
  return rc;
}

static bool has_line(const char *line) {
  size_t n = strlen(line);
  for (const char *p = out_text; (p = strstr(p, line)); p++)
    if ((p == out_text || p[-1] == '\n') && (p[n] == '\n' || p[n] == 0)) return true;
  return false;
}

static char *out_path(const char *rel) {
  Buf b = {0};
  buf_printf(&b, "%s/build/%s", root, rel);
  return buf_take(&b);
}

static char *read_out(const char *rel) {
  char *path = out_path(rel);
  size_t len;
  char *text = file_read_all(path, &len, 0);
  free(path);
  return text;
}

static void reset_calls(void) {
  for (int i = 0; i < 16; i++) atomic_store(&calls[i], 0);
}

static int total_calls(void) {
  int n = 0;
  for (int i = 0; i < 16; i++) n += atomic_load(&calls[i]);
  return n;
}

static void test_first_and_noop(void) {
  Plan *p = make_plan("storm", NULL);
  RunOptions o = {0};
  CHECK(build(p, &o) == 0, "first build succeeds");
  CHECK(has_line("jobs: 4 run, 0 cached, 0 failed"), "first build runs every job");
  char *a = read_out("ep01/a.txt");
  CHECK_STR(a, "{\"prompt\":\"storm\",\"seed\":1}", "main output of a is under build/ with its extension");
  free(a);
  char *b = read_out("ep01/b.txt");
  CHECK(b && strstr(b, "|{\"prompt\":\"storm\"") != NULL, "b saw a's output as its input");
  free(b);
  char *srt = read_out("ep01.srt");
  CHECK(srt && strstr(srt, "hello"), "the episode's srt is next to its main output");
  free(srt);
  char *path = out_path("ep01/a.txt");
  struct stat st;
  CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode), "outputs are files, not symlinks");
  free(path);

  reset_calls();
  memset(&o, 0, sizeof o);
  CHECK(build(p, &o) == 0 && has_line("jobs: 0 run, 4 cached, 0 failed"), "a no-op build runs 0 jobs");
  CHECK(total_calls() == 0, "a no-op build calls no backend");

  /* A deleted output is re-made from the cache, without running anything. */
  path = out_path("ep01/b.txt");
  unlink(path);
  memset(&o, 0, sizeof o);
  CHECK(build(p, &o) == 0 && has_line("jobs: 0 run, 4 cached, 0 failed"), "deleted output: nothing runs");
  CHECK(access(path, F_OK) == 0 && total_calls() == 0, "deleted output is re-made from the cache");
  /* An output edited in place (a copy, so the cache is not touched). */
  unlink(path);
  FILE *f = fopen(path, "w");
  fputs("edited by hand", f);
  fclose(f);
  memset(&o, 0, sizeof o);
  build(p, &o);
  b = read_out("ep01/b.txt");
  CHECK(b && strstr(b, "camera") && total_calls() == 0, "an edited output is put back");
  free(b);
  free(path);
  plan_free(p);
}

static void test_dry_run(void) {
  Plan *p = make_plan("calm sea", NULL);
  RunOptions o = {0};
  o.dry_run = true;
  reset_calls();
  CHECK(build(p, &o) == 0, "-n succeeds");
  CHECK(has_line("a  prompt changed  $0.00"), "-n: a's prompt changed");
  CHECK(has_line("b  input a changed  $0.00"), "-n: b runs because its input changed");
  CHECK(has_line("d  inputs b, c changed  $0.00"), "-n: d names its changed inputs");
  CHECK(has_line("jobs: 4 run, 0 cached, 0 failed"), "-n summary counts jobs that would run");
  CHECK(total_calls() == 0, "-n runs nothing");
  plan_free(p);

  /* A fresh project: -n creates nothing, not even the cache directory. */
  char *saved = root;
  char tmpl[] = "/tmp/storyc-build-test-fresh-XXXXXX";
  root = mkdtemp(tmpl);
  p = make_plan("storm", NULL);
  memset(&o, 0, sizeof o);
  o.dry_run = true;
  build(p, &o);
  CHECK(has_line("a  new  $0.00") && has_line("jobs: 4 run, 0 cached, 0 failed"), "-n on a new project");
  DIR *d = opendir(root);
  int entries = 0;
  struct dirent *de;
  while ((de = readdir(d)))
    if (de->d_name[0] != '.' || strlen(de->d_name) > 2) entries++;
  closedir(d);
  CHECK(entries == 0, "-n writes nothing, not even the cache directory");
  plan_free(p);
  rmdir(root);
  root = saved;
}

static void test_explain_and_incremental(void) {
  /* Change d only: only d runs. */
  Plan *p = make_plan("storm", "{\"type\":\"episode\",\"title\":\"new\"}");
  RunOptions o = {0};
  o.explain = true;
  reset_calls();
  CHECK(build(p, &o) == 0 && has_line("jobs: 1 run, 3 cached, 0 failed"), "editing d runs only d");
  CHECK(atomic_load(&calls[3]) == 1 && total_calls() == 1, "only d's backend is called");
  plan_free(p);
}

/* Overwrites the blob of job's main output with other bytes. */
static void corrupt_main_blob(Plan *p, size_t job) {
  Buf dir = {0};
  buf_printf(&dir, "%s/.storyc", root);
  Cache c;
  cache_open(&c, dir.data, false);
  ActionEntry e;
  if (cache_get_action(&c, p->jobs[job].key_hex, &e) == 0) {
    Buf bp = {0};
    cache_blob_path(&c, e.outputs[0].digest_hex, &bp);
    chmod(bp.data, 0644);
    int fd = open(bp.data, O_WRONLY);
    if (write(fd, "X", 1) != 1) fatal("write");
    close(fd);
    buf_free(&bp);
    action_entry_free(&e);
  }
  cache_close(&c);
  buf_free(&dir);
}

static void test_corrupt_input(void) {
  Plan *p = make_plan("storm", NULL);
  corrupt_main_blob(p, 2); /* c has no output file: only d reads it */
  plan_free(p);
  p = make_plan("storm", "{\"type\":\"episode\",\"title\":\"again\"}");
  RunOptions o = {0};
  reset_calls();
  CHECK(build(p, &o) == 0, "build with a corrupt input entry succeeds");
  CHECK(atomic_load(&calls[2]) == 1 && atomic_load(&calls[3]) == 1, "the corrupt input is regenerated, then d");
  CHECK(has_line("jobs: 2 run, 2 cached, 0 failed"), "regenerated input counts as run");

  /* A corrupt blob of a job whose output must be re-made. */
  corrupt_main_blob(p, 1);
  char *path = out_path("ep01/b.txt");
  unlink(path);
  free(path);
  reset_calls();
  memset(&o, 0, sizeof o);
  CHECK(build(p, &o) == 0 && atomic_load(&calls[1]) == 1, "a corrupt blob found while restoring is regenerated");
  CHECK(has_line("jobs: 1 run, 3 cached, 0 failed"), "only that job runs");
  plan_free(p);
}

static void test_failures(void) {
  Plan *p = plan_new();
  p->root = root;
  size_t a = plan_add(p, "a", JOB_IMAGE, "fake", NULL, 0, "{\"prompt\":\"fail\"}", "f/a", NULL);
  plan_add(p, "b", JOB_VIDEO, "fake", &a, 1, "{}", "f/b", NULL);
  plan_add(p, "c", JOB_IMAGE, "nope", NULL, 0, "{}", NULL, NULL);
  plan_add(p, "e", JOB_IMAGE, "fake", NULL, 0, "{\"ok\":1}", "f/e", NULL);
  plan_compute_keys(p);
  RunOptions o = {0};
  o.keep_going = true;
  o.jobs = 1;
  reset_calls();
  CHECK(build(p, &o) == 1, "failed jobs: exit 1");
  CHECK(has_line("jobs: 1 run, 0 cached, 2 failed"), "-k: failures counted, the skipped dependent is not");
  CHECK(atomic_load(&calls[1]) == 0 && atomic_load(&calls[4]) == 1, "-k: b skipped, e still runs");
  plan_free(p);

  p = plan_new();
  p->root = root;
  plan_add(p, "a", JOB_IMAGE, "fake", NULL, 0, "{\"prompt\":\"flaky\"}", "f/flaky", NULL);
  plan_compute_keys(p);
  atomic_store(&flaky_left, 2);
  reset_calls();
  memset(&o, 0, sizeof o);
  CHECK(build(p, &o) == 0 && atomic_load(&calls[0]) == 3, "a retryable failure is retried until it passes");
  plan_free(p);
}

static void test_targets_and_lock(void) {
  Plan *p = make_plan("targets", NULL);
  RunOptions o = {0};
  const char *t[] = {"b"};
  o.targets = t;
  o.ntargets = 1;
  reset_calls();
  CHECK(build(p, &o) == 0 && has_line("jobs: 2 run, 0 cached, 0 failed"), "a target builds itself and its inputs");
  CHECK(atomic_load(&calls[2]) == 0 && atomic_load(&calls[3]) == 0, "jobs outside the target do not run");
  const char *bad[] = {"zz"};
  memset(&o, 0, sizeof o);
  o.targets = bad;
  o.ntargets = 1;
  CHECK(build(p, &o) == 2, "an unknown target is an error (exit 2)");

  Buf dir = {0};
  buf_printf(&dir, "%s/.storyc", root);
  CacheLock l;
  pid_t holder;
  lock_acquire(&l, dir.data, &holder);
  memset(&o, 0, sizeof o);
  CHECK(build(p, &o) == 2, "a build on a locked cache is refused (exit 2)");
  lock_release(&l);
  buf_free(&dir);
  plan_free(p);
}

static void test_prune_gc_clean(void) {
  Plan *p = make_plan("storm", NULL);
  RunOptions o = {0};
  build(p, &o);
  plan_free(p);
  /* b leaves the plan: its output goes. */
  p = plan_new();
  p->root = root;
  plan_add(p, "a", JOB_IMAGE, "fake", NULL, 0, "{\"prompt\":\"storm\",\"seed\":1}", "ep01/a", NULL);
  plan_compute_keys(p);
  memset(&o, 0, sizeof o);
  CHECK(build(p, &o) == 0 && has_line("jobs: 0 run, 1 cached, 0 failed"), "smaller plan is cached");
  char *b = out_path("ep01/b.txt");
  char *a = out_path("ep01/a.txt");
  CHECK(access(b, F_OK) != 0 && access(a, F_OK) == 0, "outputs of jobs that left the plan are pruned");

  CHECK(runtime_gc(p, NULL) == 0, "gc succeeds");
  Buf dir = {0};
  buf_printf(&dir, "%s/.storyc", root);
  Cache c;
  cache_open(&c, dir.data, false);
  CHECK(cache_has_action(&c, p->jobs[0].key_hex), "gc keeps entries of the plan");
  Plan *old = make_plan("storm", NULL);
  CHECK(!cache_has_action(&c, old->jobs[1].key_hex), "gc drops entries no job reaches");
  cache_close(&c);
  plan_free(old);
  buf_free(&dir);

  char *out = out_path("");
  CHECK(runtime_clean(out) == 0 && access(a, F_OK) != 0 && access(out, F_OK) != 0, "clean removes the outputs");
  memset(&o, 0, sizeof o);
  CHECK(build(p, &o) == 0 && access(a, F_OK) == 0, "after clean, outputs come back from the cache");
  free(out);
  free(a);
  free(b);
  plan_free(p);
}

static void test_twins(void) {
  Plan *p = plan_new();
  p->root = root;
  plan_add(p, "a", JOB_VOICE, "fake", NULL, 0, "{\"text\":\"Yes.\"}", "t/a", NULL);
  plan_add(p, "b", JOB_VOICE, "fake", NULL, 0, "{\"text\":\"Yes.\"}", "t/b", NULL);
  plan_compute_keys(p);
  RunOptions o = {0};
  o.jobs = 4;
  reset_calls();
  CHECK(build(p, &o) == 0 && total_calls() == 1, "jobs with equal keys run once");
  CHECK(has_line("jobs: 1 run, 1 cached, 0 failed"), "the twin counts as cached");
  char *a = read_out("t/a.txt"), *b = read_out("t/b.txt");
  CHECK(a && b && !strcmp(a, b), "both twins have their output");
  free(a);
  free(b);
  plan_free(p);
}

static void *send_sigint(void *arg) {
  (void)arg;
  usleep(300000);
  kill(getpid(), SIGINT);
  return NULL;
}

static void test_interrupt(void) {
  Plan *p = plan_new();
  p->root = root;
  size_t s = plan_add(p, "s", JOB_IMAGE, "slow", NULL, 0, "{}", "i/s", NULL);
  plan_add(p, "t", JOB_VIDEO, "fake", &s, 1, "{}", "i/t", NULL);
  plan_compute_keys(p);
  RunOptions o = {0};
  pthread_t th;
  pthread_create(&th, NULL, send_sigint, NULL);
  int rc = build(p, &o);
  pthread_join(th, NULL);
  CHECK(rc == 130, "Ctrl-C: exit 130");
  CHECK(has_line("jobs: 0 run, 0 cached, 0 failed"), "Ctrl-C: nothing counted as failed");
  Buf dir = {0};
  buf_printf(&dir, "%s/.storyc", root);
  Cache c;
  cache_open(&c, dir.data, false);
  CHECK(!cache_has_action(&c, p->jobs[0].key_hex), "Ctrl-C: no entry for the interrupted job");
  cache_close(&c);
  buf_printf(&dir, "/tmp");
  DIR *d = opendir(dir.data);
  int left = 0;
  struct dirent *de;
  while (d && (de = readdir(d)))
    if (de->d_name[0] != '.') left++;
  if (d) closedir(d);
  CHECK(left == 0, "Ctrl-C: the work directory is removed");
  buf_free(&dir);
  plan_free(p);
}

int main(void) {
  char tmpl[] = "/tmp/storyc-build-test-XXXXXX";
  root = xstrdup(mkdtemp(tmpl));
  test_first_and_noop();
  test_dry_run();
  test_explain_and_incremental();
  test_corrupt_input();
  test_failures();
  test_targets_and_lock();
  test_prune_gc_clean();
  test_twins();
  test_interrupt();
  cache_remove_tree(root);
  free(root);
  return check_done();
}
