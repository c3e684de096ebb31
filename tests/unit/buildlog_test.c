/* buildlog_test.c - the build log: append and reload, a cut-off last record,
 * recompaction, and the reasons -n and --explain give. */
#include "buildlog.h"
#include "cache.h"
#include "check.h"
#include "plan.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *make_tmpdir(void) {
  char tmpl[] = "/tmp/storyc-buildlog-test-XXXXXX";
  if (!mkdtemp(tmpl)) fatal("mkdtemp");
  return xstrdup(tmpl);
}

/* image -> video, plus a voice: the shape of one shot. */
static Plan *shot_plan(const char *prompt, int seed, const char *scene) {
  Plan *p = plan_new();
  char params[512];
  snprintf(params, sizeof params,
           "{\"draft\":{\"scene\":\"%s\",\"shot\":1},\"prompt\":\"%s\",\"seed\":%d,\"width\":64}", scene, prompt,
           seed);
  size_t img = plan_add(p, "ep1/s/1/image", JOB_IMAGE, "draft", NULL, 0, params, "ep01/s/01", NULL);
  plan_add(p, "ep1/s/1/video", JOB_VIDEO, "draft", &img, 1, "{\"camera\":\"static\",\"duration_ms\":4000}",
           "ep01/s/01", NULL);
  plan_add(p, "ep1/s/1/voice.1", JOB_VOICE, "draft", NULL, 0, "{\"text\":\"hello\"}", NULL, NULL);
  plan_compute_keys(p);
  return p;
}

static char *reason(const BuildLog *log, Plan *p, size_t job) {
  Buf b = {0};
  buildlog_reason(buildlog_find(log, p->jobs[job].id), p, &p->jobs[job], &b);
  return buf_take(&b);
}

static void check_reason(const BuildLog *log, Plan *p, size_t job, const char *want, const char *name) {
  char *got = reason(log, p, job);
  CHECK_STR(got, want, name);
  free(got);
}

static void test_append_reload(const char *path) {
  Plan *p = shot_plan("a storm", 7, "storm_at_sea");
  BuildLog log;
  buildlog_init(&log);
  CHECK(buildlog_open(&log, path) == 0, "buildlog_open creates the log");
  for (size_t i = 0; i < p->njobs; i++) CHECK(buildlog_append(&log, p, &p->jobs[i]) == 0, "buildlog_append");
  buildlog_free(&log);

  buildlog_init(&log);
  CHECK(buildlog_load(&log, path) == 0, "buildlog_load");
  CHECK(log.nrecs == 3, "three records after reload");
  const BuildLogRecord *r = buildlog_find(&log, "ep1/s/1/video");
  CHECK(r && !strcmp(r->key_hex, p->jobs[1].key_hex) && !strcmp(r->params, p->jobs[1].params) &&
            !strcmp(r->backend, "draft"),
        "record holds key, backend and params");
  CHECK(buildlog_find(&log, "ep1/s/9/image") == NULL, "unknown id has no record");

  /* Reasons against the log of that build. */
  check_reason(&log, p, 0, "not in cache", "reason: same key, entry gone");
  Plan *q = shot_plan("a calm sea", 7, "storm_at_sea");
  check_reason(&log, q, 0, "prompt changed", "reason: prompt changed");
  check_reason(&log, q, 1, "input ep1/s/1/image changed", "reason: input changed");
  plan_free(q);
  q = shot_plan("a calm sea", 8, "storm_at_sea");
  check_reason(&log, q, 0, "prompt, seed changed", "reason: two members changed");
  plan_free(q);
  q = shot_plan("a storm", 7, "harbour");
  check_reason(&log, q, 0, "draft.scene changed", "reason: nested member changed");
  plan_free(q);
  q = plan_new();
  plan_add(q, "ep1/s/2/image", JOB_IMAGE, "draft", NULL, 0, "{}", NULL, NULL);
  plan_add(q, "ep1/s/1/voice.1", JOB_VOICE, "openai-tts", NULL, 0, "{\"text\":\"hello\"}", NULL, NULL);
  plan_compute_keys(q);
  check_reason(&log, q, 0, "new", "reason: new job");
  check_reason(&log, q, 1, "backend changed", "reason: backend changed");
  plan_free(q);
  buildlog_free(&log);

  /* A later record of the same id wins. */
  q = shot_plan("a calm sea", 7, "storm_at_sea");
  buildlog_init(&log);
  buildlog_open(&log, path);
  buildlog_append(&log, q, &q->jobs[0]);
  buildlog_free(&log);
  buildlog_init(&log);
  buildlog_load(&log, path);
  CHECK(log.nrecs == 3 && log.total == 4, "a newer record replaces the older one");
  check_reason(&log, q, 0, "not in cache", "newest record is used");
  buildlog_free(&log);
  plan_free(q);
  plan_free(p);
}

static void test_params_reason(void) {
  Buf b = {0};
  buildlog_params_reason("{\"a\":1,\"b\":2}", "{\"a\":1,\"b\":2}", &b);
  CHECK(b.len == 0, "equal params give no reason");
  buildlog_params_reason("{\"a\":1}", "{\"a\":1,\"take\":2}", &b);
  CHECK_STR(buf_cstr(&b), "take changed", "added member is named");
  buf_clear(&b);
  buildlog_params_reason("{\"a\":1,\"gone\":true}", "{\"a\":1}", &b);
  CHECK_STR(buf_cstr(&b), "gone changed", "removed member is named");
  buf_clear(&b);
  buildlog_params_reason("not json", "{\"a\":1}", &b);
  CHECK_STR(buf_cstr(&b), "params changed", "unreadable params: generic reason");
  buf_free(&b);
}

static void test_cut_off(const char *path) {
  Plan *p = shot_plan("a storm", 7, "storm_at_sea");
  unlink(path);
  BuildLog log;
  buildlog_init(&log);
  buildlog_open(&log, path);
  buildlog_append(&log, p, &p->jobs[0]);
  buildlog_free(&log);
  /* A build killed in the middle of a record. */
  FILE *f = fopen(path, "a");
  fputs("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\tdraft\t\tep1/s/1/vid", f);
  fclose(f);
  buildlog_init(&log);
  CHECK(buildlog_load(&log, path) == 0 && log.nrecs == 1, "a cut-off last record is ignored");
  CHECK(buildlog_find(&log, "ep1/s/1/vid") == NULL, "the cut-off record is not found");
  buildlog_free(&log);
  buildlog_init(&log);
  CHECK(buildlog_open(&log, path) == 0, "reopen after a cut-off record");
  buildlog_append(&log, p, &p->jobs[1]);
  buildlog_free(&log);
  buildlog_init(&log);
  buildlog_load(&log, path);
  CHECK(log.nrecs == 2 && log.total == 2 && buildlog_find(&log, "ep1/s/1/video"),
        "the next append starts on a clean line");
  buildlog_free(&log);
  plan_free(p);
}

static void test_recompact(const char *path) {
  unlink(path);
  Plan *p = shot_plan("a storm", 7, "storm_at_sea");
  BuildLog log;
  buildlog_init(&log);
  buildlog_open(&log, path);
  /* Many builds of the same jobs, and one job that left the plan. */
  Plan *old = plan_new();
  plan_add(old, "ep9/gone/1/image", JOB_IMAGE, "draft", NULL, 0, "{}", NULL, NULL);
  plan_compute_keys(old);
  buildlog_append(&log, old, &old->jobs[0]);
  for (int round = 0; round < 6000; round++)
    for (size_t i = 0; i < p->njobs; i++) buildlog_append(&log, p, &p->jobs[i]);
  buildlog_free(&log);
  struct stat before, after;
  stat(path, &before);
  CHECK(buildlog_maybe_recompact(path, p) == 1, "a log many times its live size is recompacted");
  stat(path, &after);
  CHECK(after.st_size < before.st_size / 100, "recompaction shrinks the log");
  buildlog_init(&log);
  buildlog_load(&log, path);
  CHECK(log.nrecs == 3 && log.total == 3, "one record per job id of the plan remains");
  CHECK(buildlog_find(&log, "ep9/gone/1/image") == NULL, "ids not in the plan are dropped");
  CHECK(buildlog_find(&log, "ep1/s/1/voice.1") != NULL, "live ids are kept");
  buildlog_free(&log);
  CHECK(buildlog_maybe_recompact(path, p) == 0, "a compact log is left alone");
  plan_free(old);
  plan_free(p);
}

int main(void) {
  char *root = make_tmpdir();
  Buf path = {0};
  buf_printf(&path, "%s/log", root);
  test_append_reload(path.data);
  test_params_reason();
  test_cut_off(path.data);
  test_recompact(path.data);
  buf_free(&path);
  cache_remove_tree(root);
  free(root);
  return check_done();
}
