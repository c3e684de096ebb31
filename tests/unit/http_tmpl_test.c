/* http_tmpl_test.c - the small languages of backend descriptions
 * (runtime/http_tmpl.h): typed and optional templates, URL escaping,
 * ${env:...} as a secret and its redaction, JSON paths, patches, merge
 * patches; and base64, data: URIs and media sniffing (runtime/http_media.h). */
#include "check.h"
#include "http_media.h"
#include "http_tmpl.h"
#include <stdlib.h>
#include <string.h>

static char *expand_text(const char *tmpl, HttpVars *v) {
  cJSON *t = cJSON_Parse(tmpl);
  Buf err = {0};
  bool failed;
  cJSON *x = tmpl_expand(t, v, &err, &failed);
  char *s = failed ? strdup(err.data ? err.data : "?") : x ? cJSON_PrintUnformatted(x) : strdup("(dropped)");
  cJSON_Delete(x);
  cJSON_Delete(t);
  buf_free(&err);
  return s;
}

static void test_templates(void) {
  HttpVars v;
  http_vars_init(&v);
  http_vars_str(&v, "prompt", "a \"quoted\" fox");
  http_vars_num(&v, "seed", 4242);
  http_vars_num(&v, "duration", 5);
  http_vars_str(&v, "empty", "");
  cJSON *ref = cJSON_CreateObject();
  cJSON_AddStringToObject(ref, "b64", "QUJD");
  http_vars_set(&v, "ref", ref);
  cJSON *list = cJSON_CreateObject();
  cJSON *arr = cJSON_AddArrayToObject(list, "b64");
  cJSON_AddItemToArray(arr, cJSON_CreateString("x"));
  cJSON_AddItemToArray(arr, cJSON_CreateString("y"));
  http_vars_set(&v, "refs", list);

  char *s = expand_text("{\"p\":\"${prompt}\",\"s\":\"${seed}\",\"d\":\"${duration|str}\",\"t\":\"seed=${seed}\"}", &v);
  CHECK_STR(s, "{\"p\":\"a \\\"quoted\\\" fox\",\"s\":4242,\"d\":\"5\",\"t\":\"seed=4242\"}", "typed_substitution");
  free(s);
  s = expand_text("{\"a\":\"${?missing}\",\"b\":\"${?empty}\",\"c\":[\"${?missing}\",1]}", &v);
  CHECK_STR(s, "{\"c\":[1]}", "optional_members_dropped");
  free(s);
  s = expand_text("{\"a\":\"${missing}\"}", &v);
  CHECK_STR(s, "variable missing is not set", "missing_variable_is_an_error");
  free(s);
  s = expand_text("{\"r\":\"${ref.b64}\",\"all\":\"${refs.b64}\"}", &v);
  CHECK_STR(s, "{\"r\":\"QUJD\",\"all\":[\"x\",\"y\"]}", "dotted_names_and_lists");
  free(s);

  Buf out = {0}, err = {0};
  http_vars_str(&v, "file", "a b&c/d.png");
  CHECK(tmpl_string("/view?filename=${file}&type=output", &v, true, &out, &err) == 0 &&
            strcmp(out.data, "/view?filename=a%20b%26c/d.png&type=output") == 0,
        "url_values_escaped");
  buf_free(&out);

  setenv("STORYC_TEST_SECRET_KEY", "sk-unit-secret-42", 1);
  s = expand_text("{\"k\":\"${env:STORYC_TEST_SECRET_KEY}\"}", &v);
  CHECK_STR(s, "{\"k\":\"sk-unit-secret-42\"}", "env_variable_read");
  free(s);
  Buf msg = {0};
  buf_puts(&msg, "Incorrect API key provided: sk-unit-secret-42. Or sk-unit-secret-42 again");
  http_redact(&v, &msg);
  CHECK_STR(msg.data, "Incorrect API key provided: [redacted]. Or [redacted] again", "env_values_redacted");
  buf_free(&msg);
  s = expand_text("{\"k\":\"${env:STORYC_TEST_UNSET_VAR}\"}", &v);
  CHECK_STR(s, "environment variable STORYC_TEST_UNSET_VAR is not set", "unset_env_named");
  free(s);
  buf_free(&err);
  http_vars_free(&v);
}

static void test_paths(void) {
  cJSON *j = cJSON_Parse("{\"data\":[{\"b64_json\":\"A\"},{\"b64_json\":\"B\"}],\"id-1\":{\"outputs\":{\"9\":"
                         "{\"images\":[{\"filename\":\"x.png\"}]},\"12\":{\"images\":[{\"filename\":\"y.png\"}]}}},"
                         "\"m\":[[\"start\",{}],[\"error\",{\"exception_message\":\"OOM\"}]]}");
  CHECK_STR(cJSON_GetStringValue(jpath_first(j, "$.data[0].b64_json")), "A", "path_index");
  CHECK_STR(cJSON_GetStringValue(jpath_first(j, "$.data[-1].b64_json")), "B", "path_negative_index");
  JsonMatches m = {0};
  CHECK(jpath_eval(j, "$.data[*].b64_json", &m) == 2, "path_wildcard");
  json_matches_free(&m);
  CHECK(jpath_eval(j, "$['id-1'].outputs.*.images[*].filename", &m) == 2 &&
            strcmp(m.items[1]->valuestring, "y.png") == 0,
        "path_quoted_member_and_star");
  json_matches_free(&m);
  CHECK_STR(cJSON_GetStringValue(jpath_first(j, "$.m[-1][1].exception_message")), "OOM", "path_nested_lists");
  CHECK(jpath_first(j, "$.nope.deeper") == NULL, "path_missing");
  CHECK(jpath_eval(j, "data", &m) == -1 && jpath_eval(j, "$.data[", &m) == -1, "path_malformed");
  CHECK(jpath_set(j, "$.data[1].b64_json", cJSON_CreateString("C")) == 0 &&
            strcmp(cJSON_GetStringValue(jpath_first(j, "$.data[1].b64_json")), "C") == 0,
        "patch_replaces");
  CHECK(jpath_set(j, "$['id-1'].outputs.9.new", cJSON_CreateNumber(1)) == 0 &&
            jpath_first(j, "$['id-1'].outputs.9.new") != NULL,
        "patch_adds_member");
  CHECK(jpath_set(j, "$.absent.x", cJSON_CreateNumber(1)) == -1, "patch_needs_parent");
  cJSON_Delete(j);

  cJSON *t = cJSON_Parse("{\"a\":1,\"b\":{\"c\":2,\"d\":3},\"e\":[1,2]}");
  cJSON *p = cJSON_Parse("{\"a\":null,\"b\":{\"c\":4},\"e\":[9],\"f\":\"new\"}");
  json_merge_patch(t, p);
  char *s = cJSON_PrintUnformatted(t);
  CHECK_STR(s, "{\"b\":{\"c\":4,\"d\":3},\"e\":[9],\"f\":\"new\"}", "merge_patch");
  free(s);
  cJSON_Delete(t);
  cJSON_Delete(p);
}

static void test_media(void) {
  Buf b = {0};
  b64_encode("storyc!", 7, false, &b);
  CHECK_STR(b.data, "c3RvcnljIQ==", "b64_standard");
  buf_clear(&b);
  b64_encode("\xfb\xff", 2, true, &b);
  CHECK_STR(b.data, "-_8", "b64_url_no_padding");
  buf_clear(&b);
  CHECK(b64_decode("c3Rv\ncnljIQ", 11, &b) == 0 && b.len == 7 && memcmp(b.data, "storyc!", 7) == 0,
        "b64_decode_whitespace_no_padding");
  buf_clear(&b);
  CHECK(b64_decode("c3R*", 4, &b) == -1, "b64_decode_rejects_garbage");
  buf_free(&b);
  const char *payload;
  size_t n;
  CHECK(data_uri_payload("data:image/png;base64,iVBO", &payload, &n) && strcmp(payload, "iVBO") == 0 && n == 4,
        "data_uri");
  CHECK(!data_uri_payload("data:text/plain,hello", &payload, &n), "data_uri_needs_base64");
  CHECK_STR(media_sniff((const unsigned char *)"\x89PNG\r\n\x1a\n....", 12), "png", "sniff_png");
  CHECK_STR(media_sniff((const unsigned char *)"RIFF\0\0\0\0WEBPVP8 ", 16), "webp", "sniff_webp");
  CHECK_STR(media_sniff((const unsigned char *)"\0\0\0\x20" "ftypisom", 12), "mp4", "sniff_mp4");
  CHECK_STR(media_sniff((const unsigned char *)"ID3\3\0", 5), "mp3", "sniff_mp3");
  CHECK(media_sniff((const unsigned char *)"{\"error\":1}", 11) == NULL, "sniff_json_is_not_media");
  CHECK(media_class("jpg") == 'i' && media_class("mp4") == 'v' && media_class("mp3") == 'a', "media_classes");
}

int main(void) {
  test_templates();
  test_paths();
  test_media();
  return check_done();
}
