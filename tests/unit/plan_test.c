/* plan_test.c - plan model: keys, JSON round trip, canonical params,
 * reader errors, backend override. */
#include "check.h"
#include "jsoncanon.h"
#include "jsonw.h"
#include "plan.h"
#include <stdlib.h>
#include <string.h>

static Plan *sample(void) {
  Plan *p = plan_new();
  size_t img = plan_add(p, "ep1/s/1/image", JOB_IMAGE, "draft", NULL, 0,
                        "{\"draft\":{\"shot\":1},\"prompt\":\"a \\\"b\\\" 中文\",\"seed\":7}", "ep01/s/01", NULL);
  size_t vid = plan_add(p, "ep1/s/1/video", JOB_VIDEO, "draft", &img, 1, "{\"camera\":\"push_in\"}", "ep01/s/01", NULL);
  plan_add(p, "ep1/s/edit", JOB_EDIT, "draft", &vid, 1, "{\"type\":\"scene\"}", NULL, NULL);
  plan_add_file(p, "0000000000000000000000000000000000000000000000000000000000000000", "/refs/a.png");
  plan_compute_keys(p);
  return p;
}

static Plan *reparse(const Plan *p, char **err) {
  Buf b = {0};
  plan_write_json(p, &b);
  Plan *q = plan_read_json(b.data, b.len, err);
  buf_free(&b);
  return q;
}

static Plan *read_text(const char *s, char **err) { return plan_read_json(s, strlen(s), err); }

int main(void) {
  Plan *p = sample();
  char *err = NULL;
  Plan *q = reparse(p, &err);
  CHECK(q != NULL, "round trip parses");
  if (q) {
    CHECK(q->njobs == 3, "round trip keeps jobs");
    int same = 1;
    for (size_t i = 0; i < 3; i++) same &= strcmp(p->jobs[i].key_hex, q->jobs[i].key_hex) == 0;
    CHECK(same, "round trip keeps keys");
    CHECK(q->jobs[2].inputs[0] == 1, "round trip keeps inputs");
    CHECK(plan_find(q, "ep1/s/1/video") == 1, "find by id");
    CHECK(plan_find(q, "nope") == (size_t)-1, "find a missing id");
    CHECK(plan_file_path(q, "0000000000000000000000000000000000000000000000000000000000000000") != NULL,
          "round trip keeps files");
  }
  plan_free(q);

  /* An input key changes the keys of everything downstream only. */
  Plan *r = sample();
  r->jobs[0].params = "{\"prompt\":\"other\",\"seed\":7}";
  plan_compute_keys(r);
  CHECK(strcmp(p->jobs[0].key_hex, r->jobs[0].key_hex) != 0, "params change the key");
  CHECK(strcmp(p->jobs[1].key_hex, r->jobs[1].key_hex) != 0, "an input key changes the key");
  plan_free(r);

  /* Switching a kind to another backend drops the draft-only params. */
  Plan *s = sample();
  plan_set_backend(s, JOB_IMAGE, "openai-image");
  CHECK(strstr(s->jobs[0].params, "draft") == NULL, "draft params dropped for another backend");
  CHECK(strcmp(s->jobs[0].backend, "openai-image") == 0, "backend set");
  CHECK(strcmp(s->jobs[1].key_hex, p->jobs[1].key_hex) != 0, "backend change reaches dependents");
  plan_free(s);

  /* Hand-written params are canonicalised: order and spacing do not matter. */
  const char *a = "{\"format\":\"storyc-plan\",\"version\":1,\"jobs\":[{\"id\":\"x\",\"kind\":\"music\",\"backend\":\"draft\","
                  "\"params\":{\"b\": 1, \"a\": [1, 2.5, \"z\"]}}]}";
  const char *b = "{\"format\":\"storyc-plan\",\"version\":1,\"jobs\":[{\"id\":\"x\",\"kind\":\"music\",\"backend\":\"draft\","
                  "\"params\":{\"a\":[1,2.5,\"z\"],\"b\":1}}]}";
  Plan *pa = read_text(a, &err), *pb = read_text(b, &err);
  CHECK(pa && pb && strcmp(pa->jobs[0].key_hex, pb->jobs[0].key_hex) == 0, "canonical params");
  CHECK(pa && strcmp(pa->jobs[0].params, "{\"a\":[1,2.5,\"z\"],\"b\":1}") == 0, "canonical text");
  plan_free(pa);
  plan_free(pb);

  /* jsonw writes the same canonical text as jsoncanon. */
  JsonW w = {0};
  Buf out = {0}, canon = {0};
  jw_str(&w, "zeta", "z\n\"");
  jw_int(&w, "alpha", -5);
  jw_raw(&w, "mid", "[1,{\"k\":\"v\"}]");
  jw_end(&w, &out);
  cJSON *parsed = cJSON_Parse(out.data);
  json_canonical(parsed, &canon);
  CHECK_STR(out.data, canon.data, "jsonw output is canonical");
  cJSON_Delete(parsed);
  jw_free(&w);
  buf_free(&out);
  buf_free(&canon);

  static const char *const bad[] = {
      "not json",
      "{\"format\":\"other\"}",
      "{\"format\":\"storyc-plan\",\"version\":99,\"jobs\":[]}",
      "{\"format\":\"storyc-plan\",\"version\":1}",
      "{\"format\":\"storyc-plan\",\"version\":1,\"jobs\":[{\"id\":\"a\",\"kind\":\"poem\",\"backend\":\"d\",\"params\":{}}]}",
      "{\"format\":\"storyc-plan\",\"version\":1,\"jobs\":[{\"id\":\"a\",\"kind\":\"image\",\"backend\":\"d\",\"params\":{},\"inputs\":[\"b\"]}]}",
      "{\"format\":\"storyc-plan\",\"version\":1,\"jobs\":[{\"id\":\"a\",\"kind\":\"image\",\"backend\":\"d\",\"params\":{}},{\"id\":\"a\",\"kind\":\"image\",\"backend\":\"d\",\"params\":{}}]}",
      "{\"format\":\"storyc-plan\",\"version\":1,\"jobs\":[{\"id\":\"a\",\"kind\":\"image\",\"backend\":\"d\",\"params\":[]}]}",
      "{\"format\":\"storyc-plan\",\"version\":1,\"jobs\":[{\"id\":\"a\",\"kind\":\"image\",\"backend\":\"d\",\"params\":{},\"output\":\"../../etc/x\"}]}",
      "{\"format\":\"storyc-plan\",\"version\":1,\"jobs\":[{\"id\":\"a\",\"kind\":\"image\",\"backend\":\"d\",\"params\":{},\"output\":\"/abs\"}]}",
      "{\"format\":\"storyc-plan\",\"version\":1,\"series\":{\"width\":-1},\"jobs\":[]}",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    err = NULL;
    Plan *x = read_text(bad[i], &err);
    char name[64];
    snprintf(name, sizeof name, "bad plan %zu rejected with a message", i);
    CHECK(x == NULL && err && *err, name);
    plan_free(x);
    free(err);
  }
  plan_free(p);
  return check_done();
}
