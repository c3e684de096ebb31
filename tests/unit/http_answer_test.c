/* http_answer_test.c - judging answers (runtime/http_answer.h) the way the
 * services of ../shared/reference/backend-apis.md send them, poll states,
 * result items; Retry-After, backoff and the URL rule (http_engine.h); JWT
 * HS256 against a known token (http_desc.h). */
#include "check.h"
#include "http_answer.h"
#include "http_desc.h"
#include "http_engine.h"
#include <stdlib.h>
#include <string.h>

static HttpVerdict judge(const char *errors, long status, const char *body, char *msg, size_t cap) {
  cJSON *e = errors ? cJSON_Parse(errors) : NULL;
  cJSON *j = cJSON_Parse(body);
  Buf m = {0};
  long after = -1;
  HttpVerdict v = http_judge(e, status, body, strlen(body), j, &after, &m);
  snprintf(msg, cap, "%s", m.data ? m.data : "");
  buf_free(&m);
  cJSON_Delete(j);
  cJSON_Delete(e);
  return v;
}

static void test_judge(void) {
  char msg[512];
  const char *openai = "{\"rules\":[{\"code\":[\"moderation_blocked\"],\"then\":\"refuse\",\"why\":\"content refused\"},"
                       "{\"status\":429,\"then\":\"retry\"}]}";
  CHECK(judge(openai, 200, "{\"data\":[{\"b64_json\":\"x\"}]}", msg, sizeof msg) == HV_OK, "ok_answer");
  HttpVerdict v = judge(openai, 400,
                        "{\"error\":{\"message\":\"Your request was rejected by the safety system.\","
                        "\"type\":\"image_generation_user_error\",\"code\":\"moderation_blocked\"}}",
                        msg, sizeof msg);
  CHECK(v == HV_REFUSED && strstr(msg, "rejected by the safety system") && strstr(msg, "moderation_blocked"),
        "moderation_refused_with_message");
  CHECK(judge(openai, 429, "{\"error\":{\"message\":\"Rate limit\"}}", msg, sizeof msg) == HV_RETRY, "429_retry");
  CHECK(judge(NULL, 503, "<html>busy</html>", msg, sizeof msg) == HV_RETRY && strcmp(msg, "<html>busy</html>") == 0,
        "5xx_retry_text_body");
  CHECK(judge(NULL, 401, "{\"detail\":\"You did not pass a valid authentication token\"}", msg, sizeof msg) ==
                HV_REFUSED && strstr(msg, "authentication token"),
        "auth_refused");
  const char *kling = "{\"envelope_path\":\"$.code\",\"ok\":[0],\"code_paths\":[\"$.code\"],\"message_paths\":[\"$.message\"],"
                      "\"rules\":[{\"code\":[1102],\"then\":\"refuse\"},{\"code\":[1302,1303],\"then\":\"retry\"}]}";
  CHECK(judge(kling, 200, "{\"code\":0,\"message\":\"SUCCESS\",\"data\":{}}", msg, sizeof msg) == HV_OK, "envelope_ok");
  CHECK(judge(kling, 200, "{\"code\":5000,\"message\":\"Internal error\"}", msg, sizeof msg) == HV_FAILED &&
            strcmp(msg, "5000: Internal error") == 0,
        "error_inside_200");
  CHECK(judge(kling, 429, "{\"code\":1102,\"message\":\"resource pack depleted\"}", msg, sizeof msg) == HV_REFUSED,
        "429_that_is_not_retryable");
  CHECK(judge(kling, 429, "{\"code\":1302,\"message\":\"too frequent\"}", msg, sizeof msg) == HV_RETRY, "rate_limit_code");
  const char *eleven = "{\"code_paths\":[\"$.detail.status\"],\"rules\":[{\"status\":429,\"code\":"
                       "\"too_many_concurrent_requests\",\"then\":\"retry\",\"after_s\":2}]}";
  cJSON *e = cJSON_Parse(eleven);
  const char *body = "{\"detail\":{\"status\":\"too_many_concurrent_requests\",\"message\":\"too many\"}}";
  cJSON *j = cJSON_Parse(body);
  Buf m = {0};
  long after = -1;
  CHECK(http_judge(e, 429, body, strlen(body), j, &after, &m) == HV_RETRY && after == 2000, "rule_after_s");
  buf_free(&m);
  cJSON_Delete(j);
  cJSON_Delete(e);
  char longmsg[2000];
  memset(longmsg, 'x', sizeof longmsg);
  memcpy(longmsg, "{\"error\":{\"message\":\"", 21);
  strcpy(longmsg + 1900, "\"}}");
  judge(NULL, 400, longmsg, msg, sizeof msg);
  CHECK(strlen(msg) < 320, "message_capped");
  judge(NULL, 400, "{\"error\":{\"message\":\"line one\\nline\\ttwo\\u0007\"}}", msg, sizeof msg);
  CHECK_STR(msg, "line one line two", "message_one_line");
}

static PollState poll_state(const char *poll, const char *body, const char *job_id, char *msg, size_t cap) {
  cJSON *p = cJSON_Parse(poll), *j = cJSON_Parse(body);
  HttpVars v;
  http_vars_init(&v);
  http_vars_str(&v, "job_id", job_id);
  Buf m = {0};
  PollState s = http_poll_state(p, 200, j, &v, &m);
  snprintf(msg, cap, "%s", m.data ? m.data : "");
  buf_free(&m);
  http_vars_free(&v);
  cJSON_Delete(p);
  cJSON_Delete(j);
  return s;
}

static void test_poll(void) {
  char msg[256];
  const char *rep = "{\"status_path\":\"$.status\",\"pending\":[\"starting\",\"processing\"],\"done\":[\"succeeded\"],"
                    "\"failed\":[\"failed\",\"canceled\",\"aborted\"],\"error_path\":\"$.error\"}";
  CHECK(poll_state(rep, "{\"status\":\"processing\"}", "p1", msg, sizeof msg) == POLL_PENDING && !msg[0], "pending");
  CHECK(poll_state(rep, "{\"status\":\"succeeded\",\"output\":[\"u\"]}", "p1", msg, sizeof msg) == POLL_DONE, "done");
  CHECK(poll_state(rep, "{\"status\":\"failed\",\"error\":\"NSFW content detected\"}", "p1", msg, sizeof msg) ==
                POLL_FAILED && strcmp(msg, "NSFW content detected") == 0,
        "failed_with_message");
  CHECK(poll_state(rep, "{\"status\":\"aborted\"}", "p1", msg, sizeof msg) == POLL_FAILED && strstr(msg, "aborted"),
        "aborted_is_terminal");
  CHECK(poll_state(rep, "{\"status\":\"warming\"}", "p1", msg, sizeof msg) == POLL_PENDING && strstr(msg, "unknown"),
        "unknown_state_pending_and_named");
  CHECK(poll_state(rep, "{}", "p1", msg, sizeof msg) == POLL_FAILED, "no_status_fails");
  const char *comfy = "{\"status_path\":\"$['${job_id}'].status.status_str\",\"pending_if_missing\":true,"
                      "\"done\":[\"success\"],\"failed\":[\"error\"]}";
  CHECK(poll_state(comfy, "{}", "ab-12", msg, sizeof msg) == POLL_PENDING, "comfy_empty_history_pending");
  CHECK(poll_state(comfy, "{\"ab-12\":{\"status\":{\"status_str\":\"success\"}}}", "ab-12", msg, sizeof msg) == POLL_DONE,
        "job_id_in_path");

  cJSON *res = cJSON_Parse("{\"path\":\"$.output\"}");
  cJSON *one = cJSON_Parse("{\"output\":\"https://x/y.webp\"}"), *many = cJSON_Parse("{\"output\":[[\"a\",\"\"],null,\"b\"]}");
  HttpVars v;
  http_vars_init(&v);
  JsonMatches m = {0};
  Buf err = {0};
  CHECK(http_result_items(res, one, &v, &m, &err) == 1, "result_string");
  json_matches_free(&m);
  CHECK(http_result_items(res, many, &v, &m, &err) == 2 && strcmp(m.items[1]->valuestring, "b") == 0,
        "result_list_flattened");
  json_matches_free(&m);
  buf_free(&err);
  http_vars_free(&v);
  cJSON_Delete(res);
  cJSON_Delete(one);
  cJSON_Delete(many);
}

static void test_transport_rules(void) {
  time_t now = 1700000000;
  CHECK(http_parse_retry_after("3", now) == 3000, "retry_after_seconds");
  CHECK(http_parse_retry_after("1.5", now) == 1500, "retry_after_fraction");
  CHECK(http_parse_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", now) == 10000, "retry_after_http_date");
  CHECK(http_parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now) == 0, "retry_after_date_in_past");
  CHECK(http_parse_retry_after("soon", now) == -1 && http_parse_retry_after("", now) == -1, "retry_after_garbage");
  CHECK(http_backoff_ms(1000, 30000, 1, 0.999) <= 1000 && http_backoff_ms(1000, 30000, 3, 0.999) > 3000 &&
            http_backoff_ms(1000, 30000, 3, 0.999) <= 4000 && http_backoff_ms(1000, 30000, 20, 0.999) <= 30000 &&
            http_backoff_ms(1000, 30000, 20, 0.0) == 0,
        "backoff_capped_full_jitter");
  char why[200];
  CHECK(http_url_allowed("https://api.openai.com/v1", why, sizeof why), "https_allowed");
  CHECK(http_url_allowed("http://127.0.0.1:8188", why, sizeof why) && http_url_allowed("http://localhost/x", why, sizeof why) &&
            http_url_allowed("http://[::1]:80/", why, sizeof why),
        "loopback_http_allowed");
  CHECK(!http_url_allowed("http://example.com/v1", why, sizeof why) && strstr(why, "only https"), "plain_http_refused");
  CHECK(!http_url_allowed("http://127.0.0.1.evil.com/", why, sizeof why), "loopback_lookalike_refused");
  CHECK(!http_url_allowed("file:///etc/passwd", why, sizeof why) && !http_url_allowed("ftp://x/", why, sizeof why),
        "other_schemes_refused");
}

static void test_jwt(void) {
  /* RFC 7515 A.1's key is binary; this vector was computed with Python's
   * hmac/hashlib (as tests/servers/fake_kling.py checks tokens). */
  Buf out = {0};
  http_jwt_hs256("{\"iss\":\"ak\",\"exp\":1800,\"nbf\":-5}", "secret", &out);
  CHECK_STR(out.data,
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhayIsImV4cCI6MTgwMCwibmJmIjotNX0."
            "m9pqRSpu6uU0DuSruUZtRucMX3j989rJJmdC1KrKisw",
            "jwt_hs256");
  buf_free(&out);
}

int main(void) {
  test_judge();
  test_poll();
  test_transport_rules();
  test_jwt();
  return check_done();
}
