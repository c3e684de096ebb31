/* http_answer.c - judging answers, poll states and result items
 * (http_answer.h). */
#include "http_answer.h"
#include "util.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MESSAGE_MAX = 300 };

static const char *const DEFAULT_CODE_PATHS[] = {"$.error.code", "$.code", "$.detail.status", "$.error.type",
                                                 "$.base_resp.status_code"};
static const char *const DEFAULT_MESSAGE_PATHS[] = {"$.error.message", "$.message", "$.detail.message", "$.detail",
                                                    "$.error", "$.errors", "$.base_resp.status_msg"};

void http_one_line(const char *s, size_t n, size_t max, Buf *out) {
  size_t used = 0;
  bool space = false;
  for (size_t i = 0; i < n && s[i]; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f) {
      space = used > 0;
      continue;
    }
    if (c == ' ') {
      space = used > 0;
      continue;
    }
    /* a UTF-8 sequence is kept whole or not at all */
    size_t len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
    bool valid = len > 0 && i + len <= n;
    for (size_t k = 1; valid && k < len; k++) valid = ((unsigned char)s[i + k] & 0xc0) == 0x80;
    if (!valid) {
      space = used > 0;
      continue;
    }
    if (used + len + (space ? 1 : 0) > max) {
      buf_puts(out, "…");
      break;
    }
    if (space) {
      buf_putc(out, ' ');
      used++;
      space = false;
    }
    buf_append(out, s + i, len);
    used += len;
    i += len - 1;
  }
  if (!out->data) buf_puts(out, "");
}

static bool text_of(const cJSON *x, Buf *out) {
  size_t before = out->len;
  if (json_scalar_text(x, out)) return out->len > before;
  if (cJSON_IsArray(x) || cJSON_IsObject(x)) {
    /* {"detail": [{"msg": ...}]} and the like: the first string inside */
    for (const cJSON *k = x->child; k; k = k->next)
      if (text_of(k, out)) return true;
  }
  return false;
}

/* The text at path in json, when there is some (not empty). */
static bool text_at(const cJSON *json, const char *path, bool scalar, Buf *out) {
  const cJSON *x = jpath_first(json, path);
  size_t before = out->len;
  if (!x || !(scalar ? json_scalar_text(x, out) : text_of(x, out))) return false;
  if (out->len > before) return true;
  return false;
}

/* The first path of list (or the defaults) with a value in json. */
static bool first_text(const cJSON *json, const cJSON *list, const char *const *dflt, size_t ndflt, bool scalar,
                       Buf *out) {
  if (!json) return false;
  if (cJSON_IsArray(list)) {
    for (const cJSON *p = list->child; p; p = p->next)
      if (cJSON_IsString(p) && text_at(json, p->valuestring, scalar, out)) return true;
    return false;
  }
  for (size_t i = 0; i < ndflt; i++)
    if (text_at(json, dflt[i], scalar, out)) return true;
  return false;
}

static bool num_in(const cJSON *list, long v) {
  if (cJSON_IsNumber(list)) return (long)list->valuedouble == v;
  for (const cJSON *k = cJSON_IsArray(list) ? list->child : NULL; k; k = k->next)
    if (cJSON_IsNumber(k) && (long)k->valuedouble == v) return true;
  return false;
}

/* Does list (a scalar or an array of scalars) hold text? */
static bool text_in(const cJSON *list, const char *text) {
  const cJSON *k = cJSON_IsArray(list) ? list->child : list;
  for (; k; k = cJSON_IsArray(list) ? k->next : NULL) {
    Buf t = {0};
    bool eq = json_scalar_text(k, &t) && strcmp(t.data, text) == 0;
    buf_free(&t);
    if (eq) return true;
  }
  return false;
}

static bool contains(const char *body, size_t len, const char *needle) {
  size_t n = strlen(needle);
  if (!n || n > len) return n == 0;
  for (size_t i = 0; i + n <= len; i++)
    if (body[i] == needle[0] && memcmp(body + i, needle, n) == 0) return true;
  return false;
}

static bool rule_holds(const cJSON *rule, long status, const char *code, const char *body, size_t len) {
  const cJSON *s = cJSON_GetObjectItemCaseSensitive(rule, "status");
  if (s && !num_in(s, status)) return false;
  const cJSON *c = cJSON_GetObjectItemCaseSensitive(rule, "code");
  if (c && (!code || !text_in(c, code))) return false;
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(rule, "contains");
  if (cJSON_IsString(t) && !contains(body, len, t->valuestring)) return false;
  if (cJSON_IsArray(t)) {
    bool any = false;
    for (const cJSON *k = t->child; k && !any; k = k->next) any = cJSON_IsString(k) && contains(body, len, k->valuestring);
    if (!any) return false;
  }
  return s || c || t;
}

HttpVerdict http_judge(const cJSON *errors, long status, const char *body, size_t len, const cJSON *json,
                       long *retry_after_ms, Buf *msg) {
  if (!body) body = "", len = 0;
  Buf code = {0}, text = {0};
  const cJSON *code_paths = cJSON_GetObjectItemCaseSensitive(errors, "code_paths");
  const cJSON *msg_paths = cJSON_GetObjectItemCaseSensitive(errors, "message_paths");
  bool have_code = first_text(json, code_paths, DEFAULT_CODE_PATHS, sizeof DEFAULT_CODE_PATHS / sizeof *DEFAULT_CODE_PATHS,
                              true, &code);
  bool have_text = first_text(json, msg_paths, DEFAULT_MESSAGE_PATHS,
                              sizeof DEFAULT_MESSAGE_PATHS / sizeof *DEFAULT_MESSAGE_PATHS, false, &text);
  /* the envelope: a code inside a 2xx body that says whether it went well */
  bool envelope_bad = false;
  const cJSON *env_path = cJSON_GetObjectItemCaseSensitive(errors, "envelope_path");
  const cJSON *ok_codes = cJSON_GetObjectItemCaseSensitive(errors, "ok");
  if (cJSON_IsString(env_path) && json) {
    const cJSON *x = jpath_first(json, env_path->valuestring);
    Buf t = {0};
    if (x && json_scalar_text(x, &t)) {
      envelope_bad = !text_in(ok_codes, t.data);
      if (envelope_bad) {
        buf_clear(&code);
        buf_puts(&code, t.data);
        have_code = true;
      }
    }
    buf_free(&t);
  }
  HttpVerdict v;
  bool ruled = false;
  const cJSON *rules = cJSON_GetObjectItemCaseSensitive(errors, "rules");
  for (const cJSON *r = cJSON_IsArray(rules) ? rules->child : NULL; r; r = r->next) {
    if (!rule_holds(r, status, have_code ? code.data : NULL, body, len)) continue;
    const cJSON *then = cJSON_GetObjectItemCaseSensitive(r, "then");
    const char *t = cJSON_IsString(then) ? then->valuestring : "refuse";
    v = strcmp(t, "retry") == 0 ? HV_RETRY : strcmp(t, "ok") == 0 ? HV_OK : strcmp(t, "fail") == 0 ? HV_FAILED : HV_REFUSED;
    const cJSON *after = cJSON_GetObjectItemCaseSensitive(r, "after_s");
    if (v == HV_RETRY && cJSON_IsNumber(after) && after->valuedouble >= 0 && retry_after_ms)
      *retry_after_ms = (long)(after->valuedouble * 1000);
    const cJSON *why = cJSON_GetObjectItemCaseSensitive(r, "why");
    if (cJSON_IsString(why) && v != HV_OK) {
      Buf t = {0};
      buf_puts(&t, why->valuestring);
      if (have_text) buf_printf(&t, ": %s", text.data);
      buf_free(&text);
      text = t;
      have_text = true;
    }
    ruled = true;
    break;
  }
  if (!ruled) {
    if (status >= 200 && status < 300) v = envelope_bad ? HV_FAILED : HV_OK;
    else if (status == 408 || status == 429 || status >= 500) v = HV_RETRY;
    else if (status >= 400) v = HV_REFUSED;
    else v = HV_FAILED;
  }
  if (v != HV_OK) {
    size_t before = msg->len;
    if (have_code && (!have_text || !strstr(text.data, code.data))) {
      http_one_line(code.data, code.len, 60, msg);
      buf_puts(msg, ": ");
    }
    if (have_text) {
      http_one_line(text.data, text.len, MESSAGE_MAX, msg);
    } else if (len && !json) {
      http_one_line(body, len, MESSAGE_MAX, msg);
    } else if (len) {
      http_one_line(body, len, 200, msg);
    }
    if (msg->len == before || (msg->len >= 2 && strcmp(msg->data + msg->len - 2, ": ") == 0)) buf_puts(msg, "(no message)");
  }
  buf_free(&code);
  buf_free(&text);
  return v;
}

static bool state_in(const cJSON *list, const char *s) { return text_in(list, s); }

PollState http_poll_state(const cJSON *poll, long status, const cJSON *json, HttpVars *v, Buf *msg) {
  const cJSON *pending = cJSON_GetObjectItemCaseSensitive(poll, "pending");
  const cJSON *done = cJSON_GetObjectItemCaseSensitive(poll, "done");
  const cJSON *failed = cJSON_GetObjectItemCaseSensitive(poll, "failed");
  const cJSON *from = cJSON_GetObjectItemCaseSensitive(poll, "status_from");
  Buf state = {0};
  if (cJSON_IsString(from) && strcmp(from->valuestring, "http") == 0) {
    buf_printf(&state, "%ld", status);
  } else {
    const cJSON *sp = cJSON_GetObjectItemCaseSensitive(poll, "status_path");
    Buf path = {0}, err = {0};
    const cJSON *x = NULL;
    if (cJSON_IsString(sp) && tmpl_string(sp->valuestring, v, false, &path, &err) == 0) x = jpath_first(json, path.data);
    buf_free(&path);
    buf_free(&err);
    if (!x || !json_scalar_text(x, &state)) {
      buf_free(&state);
      if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(poll, "pending_if_missing"))) return POLL_PENDING;
      buf_puts(msg, "the answer has no status");
      return POLL_FAILED;
    }
  }
  PollState ps;
  if (state_in(done, state.data)) {
    ps = POLL_DONE;
  } else if (state_in(failed, state.data)) {
    ps = POLL_FAILED;
    const cJSON *ep = cJSON_GetObjectItemCaseSensitive(poll, "error_path");
    Buf path = {0}, err = {0}, text = {0};
    const cJSON *x = NULL;
    if (cJSON_IsString(ep) && tmpl_string(ep->valuestring, v, false, &path, &err) == 0) x = jpath_first(json, path.data);
    if (x && text_of(x, &text) && text.len) {
      http_one_line(text.data, text.len, MESSAGE_MAX, msg);
    } else {
      buf_puts(msg, "status ");
      http_one_line(state.data, state.len, 60, msg);
    }
    buf_free(&path);
    buf_free(&err);
    buf_free(&text);
  } else {
    ps = POLL_PENDING;
    if (!state_in(pending, state.data)) {
      buf_puts(msg, "unknown status ");
      http_one_line(state.data, state.len, 60, msg);
    }
  }
  buf_free(&state);
  return ps;
}

static void flatten(const cJSON *x, JsonMatches *out, int depth) {
  if (!x || cJSON_IsNull(x) || depth > 16) return;
  if (cJSON_IsArray(x)) {
    for (const cJSON *k = x->child; k; k = k->next) flatten(k, out, depth + 1);
    return;
  }
  if (cJSON_IsString(x) && !x->valuestring[0]) return;
  if (out->n == out->cap) {
    out->cap = out->cap ? out->cap * 2 : 8;
    out->items = xrealloc(out->items, out->cap * sizeof *out->items);
  }
  out->items[out->n++] = x;
}

int http_result_items(const cJSON *result, const cJSON *json, HttpVars *v, JsonMatches *out, Buf *err) {
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(result, "path");
  if (!cJSON_IsString(p)) {
    buf_puts(err, "result.path is missing");
    return -1;
  }
  Buf path = {0};
  if (tmpl_string(p->valuestring, v, false, &path, err) != 0) {
    buf_free(&path);
    return -1;
  }
  JsonMatches m = {0};
  int n = jpath_eval(json, path.data, &m);
  if (n < 0) {
    buf_printf(err, "result.path %s is not a valid path", path.data);
    buf_free(&path);
    return -1;
  }
  size_t before = out->n;
  for (size_t i = 0; i < m.n; i++) flatten(m.items[i], out, 0);
  json_matches_free(&m);
  buf_free(&path);
  return (int)(out->n - before);
}
