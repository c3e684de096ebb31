/* fuzz_response.c - libFuzzer harness of the answer handling of the HTTP
 * backends (runtime/http_answer.c, http_tmpl.c, http_media.c): what storyc
 * does with bytes from services it does not control, with no network.
 *
 * Input: byte 0 picks a shipped description (the JSON files of stdlib/backends, in
 * name order), byte 1 the kind of job; the rest is "<status>\0<body>". The
 * body is judged (http_judge), read as a poll answer (http_poll_state) and
 * as a result (http_result_items, then base64 / data: URI decoding and media
 * sniffing). Properties: no crash; messages are one line of bounded length
 * and, after redaction, never hold the secret the job knows; a result's
 * extension is one of the known ones (an output file is always
 * <workdir>/out.<ext>: nothing from the answer names a path). */
#include "fuzz_util.h"
#include "http_answer.h"
#include "http_media.h"
#include "http_tmpl.h"
#include "util.h"
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_STDLIB
#define FUZZ_STDLIB "stdlib"
#endif

enum { MAX_DESCS = 32 };
static const char SECRET[] = "sk-fuzz-SECRET-0123456789";

static cJSON *descs[MAX_DESCS];
static size_t ndescs;

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  const char *root = getenv("STORYC_FUZZ_STDLIB");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/backends", root && *root ? root : FUZZ_STDLIB);
  DIR *d = opendir(dir);
  char *names[MAX_DESCS];
  size_t n = 0;
  for (struct dirent *e; d && (e = readdir(d)) && n < MAX_DESCS;)
    if (str_has_suffix(e->d_name, ".json")) names[n++] = xstrdup(e->d_name);
  if (d) closedir(d);
  qsort(names, n, sizeof *names, name_cmp);
  for (size_t i = 0; i < n; i++) {
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    size_t len;
    char *text = file_read_all(path, &len, 1 << 20);
    cJSON *j = text ? cJSON_ParseWithLength(text, len) : NULL;
    if (j) descs[ndescs++] = j;
    free(text);
    free(names[i]);
  }
  if (!ndescs) descs[ndescs++] = cJSON_Parse("{\"poll\":{\"status_path\":\"$.status\",\"done\":[\"ok\"]},"
                                             "\"result\":{\"path\":\"$.data[*]\",\"encoding\":\"b64\"}}");
  return 0;
}

/* A message must be one line, short, and free of the secret once redacted. */
static void check_message(HttpVars *v, Buf *msg) {
  http_redact(v, msg);
  if (!msg->data) return;
  fuzz_check(strstr(msg->data, SECRET) == NULL, "secret in a message");
  fuzz_check(msg->len < 1024, "message too long");
  for (size_t i = 0; i < msg->len; i++) fuzz_check((unsigned char)msg->data[i] >= 0x20, "control character in a message");
}

static void check_ext(const char *ext) {
  if (!ext) return;
  fuzz_check(media_class(ext) != 0, "sniffed an extension of no known media");
  fuzz_check(strchr(ext, '/') == NULL && strchr(ext, '.') == NULL, "extension with a path in it");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 3) return 0;
  const cJSON *desc = descs[data[0] % ndescs];
  static const char *const kinds[] = {"image", "video", "voice", "music"};
  const char *kind = kinds[data[1] % 4];
  const char *rest = (const char *)data + 2;
  size_t n = size - 2;
  const char *nul = memchr(rest, 0, n);
  char status_text[16] = "200";
  const char *body = rest;
  size_t len = n;
  if (nul && (size_t)(nul - rest) < sizeof status_text) {
    memcpy(status_text, rest, (size_t)(nul - rest));
    status_text[nul - rest] = 0;
    body = nul + 1;
    len = n - (size_t)(nul - rest) - 1;
  }
  long status = strtol(status_text, NULL, 10);
  char *copy = xstrndup(body, len); /* answers arrive NUL-terminated */
  cJSON *json = cJSON_ParseWithLength(copy, len);

  HttpVars v;
  http_vars_init(&v);
  http_vars_secret(&v, SECRET);
  http_vars_str(&v, "job_id", "job-1");
  http_vars_str(&v, "kind", kind);

  Buf msg = {0};
  long after = -1;
  HttpVerdict verdict = http_judge(cJSON_GetObjectItemCaseSensitive(desc, "errors"), status, copy, len, json, &after, &msg);
  fuzz_check(verdict >= HV_OK && verdict <= HV_FAILED, "verdict out of range");
  fuzz_check(verdict == HV_OK || msg.len > 0, "a failure without a message");
  check_message(&v, &msg);
  buf_clear(&msg);

  PollState st = http_poll_state(cJSON_GetObjectItemCaseSensitive(desc, "poll"), status, json, &v, &msg);
  fuzz_check(st == POLL_PENDING || st == POLL_DONE || st == POLL_FAILED, "poll state out of range");
  check_message(&v, &msg);
  buf_free(&msg);

  JsonMatches items = {0};
  Buf err = {0};
  const cJSON *result = cJSON_GetObjectItemCaseSensitive(desc, "result");
  if (cJSON_GetObjectItemCaseSensitive(result, "path") && http_result_items(result, json, &v, &items, &err) > 0) {
    for (size_t i = 0; i < items.n && i < 4; i++) {
      const cJSON *it = items.items[i];
      fuzz_check(it && !cJSON_IsNull(it), "a null result item");
      if (!cJSON_IsString(it)) continue;
      const char *payload = it->valuestring;
      size_t plen = strlen(payload);
      data_uri_payload(it->valuestring, &payload, &plen);
      Buf bytes = {0};
      if (b64_decode(payload, plen, &bytes) == 0) check_ext(media_sniff((const unsigned char *)bytes.data, bytes.len));
      buf_free(&bytes);
    }
  }
  check_ext(media_sniff((const unsigned char *)copy, len));
  json_matches_free(&items);
  buf_free(&err);
  http_vars_free(&v);
  cJSON_Delete(json);
  free(copy);
  return 0;
}
