/* http_answer.h - reading a service's answers, as its description says:
 * is it a success, a transient failure worth another try, or a refusal
 * (moderation, bad request, auth, no credit) to report at once with the
 * service's own message; where an asynchronous job stands; where the result
 * is. Pure functions of the answer and the description (no I/O), so the
 * fuzzer (fuzz/fuzz_response.c) drives them directly. */
#ifndef STORYC_HTTP_ANSWER_H
#define STORYC_HTTP_ANSWER_H
#include "buf.h"
#include "http_tmpl.h"
#include <cjson/cJSON.h>
#include <stddef.h>

typedef enum HttpVerdict {
  HV_OK,      /* a success: go on */
  HV_RETRY,   /* transient (rate limit, overload, server error): may pass later */
  HV_REFUSED, /* the service refused the request: report, never retry */
  HV_FAILED,  /* failed for another reason: report, never retry */
} HttpVerdict;

/* Judges an answer from its HTTP status and body (json: the parsed body or
 * NULL) with the description's "errors" block (may be NULL). Appends the
 * service's own code and message (one line, at most ~300 bytes) to msg when
 * the verdict is not HV_OK. *retry_after_ms gets a rule's "after_s" (else
 * it is left alone). */
HttpVerdict http_judge(const cJSON *errors, long status, const char *body, size_t len, const cJSON *json,
                       long *retry_after_ms, Buf *msg);

typedef enum PollState { POLL_PENDING, POLL_DONE, POLL_FAILED } PollState;

/* Where a job stands after a poll answer, by the description's "poll"
 * block (status_from "json": status_path against pending/done/failed;
 * "http": the status code against the same lists). The message of a
 * failed job (error_path) is appended to msg; an unknown state counts as
 * pending and is named in msg. Variables (job_id) expand in paths. */
PollState http_poll_state(const cJSON *poll, long status, const cJSON *json, HttpVars *v, Buf *msg);

/* The result items of an answer: the matches of result.path (expanded),
 * nested arrays flattened, nulls and empty strings left out. Returns how
 * many, or -1 with err set when the path is malformed. */
int http_result_items(const cJSON *result, const cJSON *json, HttpVars *v, JsonMatches *out, Buf *err);

/* One line of printable text from s (control characters and invalid bytes
 * become spaces, runs of spaces one), at most max bytes, "…" when cut. */
void http_one_line(const char *s, size_t n, size_t max, Buf *out);

#endif
