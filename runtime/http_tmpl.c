/* http_tmpl.c - templates, JSON paths and merge patches of backend
 * descriptions (http_tmpl.h). Pure functions of their inputs, besides
 * ${env:NAME}, which reads the environment. */
#include "http_tmpl.h"
#include "util.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 64, MAX_VAR_NAME = 128 };

/* ---- variables ---- */

void http_vars_init(HttpVars *v) {
  memset(v, 0, sizeof *v);
  v->v = cJSON_CreateObject();
}

void http_vars_free(HttpVars *v) {
  cJSON_Delete(v->v);
  for (size_t i = 0; i < v->nsecrets; i++) free(v->secrets[i]);
  memset(v, 0, sizeof *v);
}

void http_vars_set(HttpVars *v, const char *name, cJSON *val) {
  if (!val) return;
  if (cJSON_GetObjectItemCaseSensitive(v->v, name)) cJSON_ReplaceItemInObjectCaseSensitive(v->v, name, val);
  else cJSON_AddItemToObject(v->v, name, val);
}

void http_vars_str(HttpVars *v, const char *name, const char *s) { http_vars_set(v, name, cJSON_CreateString(s ? s : "")); }

void http_vars_num(HttpVars *v, const char *name, double n) { http_vars_set(v, name, cJSON_CreateNumber(n)); }

const cJSON *http_vars_get(const HttpVars *v, const char *name) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(v->v, name);
  if (x) return x;
  const char *dot = strchr(name, '.');
  if (!dot || dot == name || (size_t)(dot - name) >= MAX_VAR_NAME) return NULL;
  char head[MAX_VAR_NAME];
  memcpy(head, name, (size_t)(dot - name));
  head[dot - name] = 0;
  x = cJSON_GetObjectItemCaseSensitive(v->v, head);
  while (x && dot) {
    const char *part = dot + 1;
    dot = strchr(part, '.');
    size_t n = dot ? (size_t)(dot - part) : strlen(part);
    if (n == 0 || n >= MAX_VAR_NAME) return NULL;
    char m[MAX_VAR_NAME];
    memcpy(m, part, n);
    m[n] = 0;
    x = cJSON_IsObject(x) ? cJSON_GetObjectItemCaseSensitive(x, m) : NULL;
  }
  return x;
}

void http_vars_secret(HttpVars *v, const char *value) {
  if (!value || strlen(value) < 4) return;
  for (size_t i = 0; i < v->nsecrets; i++)
    if (strcmp(v->secrets[i], value) == 0) return;
  if (v->nsecrets < HTTP_MAX_SECRETS) v->secrets[v->nsecrets++] = xstrdup(value);
}

void http_redact(const HttpVars *v, Buf *text) {
  if (!text->data) return;
  for (size_t i = 0; i < v->nsecrets; i++) {
    const char *s = v->secrets[i];
    size_t n = strlen(s);
    char *hit;
    while ((hit = strstr(text->data, s))) {
      Buf out = {0};
      buf_append(&out, text->data, (size_t)(hit - text->data));
      buf_puts(&out, "[redacted]");
      buf_puts(&out, hit + n);
      buf_free(text);
      *text = out;
    }
  }
}

/* ---- scalars ---- */

bool json_scalar_text(const cJSON *x, Buf *out) {
  if (cJSON_IsString(x)) {
    buf_puts(out, x->valuestring);
  } else if (cJSON_IsNumber(x)) {
    double d = x->valuedouble;
    if (d == floor(d) && fabs(d) < 9.007199254740992e15) buf_printf(out, "%.0f", d);
    else buf_printf(out, "%.17g", d);
  } else if (cJSON_IsBool(x)) {
    buf_puts(out, cJSON_IsTrue(x) ? "true" : "false");
  } else {
    return false;
  }
  return true;
}

/* ---- templates ---- */

/* The value of "name" or "env:NAME"; env values are made into a temporary
 * string held in *tmp (freed by the caller). */
static const cJSON *lookup(HttpVars *v, const char *name, cJSON **tmp) {
  *tmp = NULL;
  size_t n = strlen(name);
  if (n > 4 && n < MAX_VAR_NAME && strcmp(name + n - 4, "|str") == 0) { /* the value as a string */
    char base[MAX_VAR_NAME];
    memcpy(base, name, n - 4);
    base[n - 4] = 0;
    cJSON *inner;
    const cJSON *x = lookup(v, base, &inner);
    Buf b = {0};
    if (x && json_scalar_text(x, &b)) *tmp = cJSON_CreateString(b.data);
    buf_free(&b);
    cJSON_Delete(inner);
    return *tmp;
  }
  if (strncmp(name, "env:", 4) == 0) {
    const char *e = getenv(name + 4);
    if (!e || !*e) return NULL;
    http_vars_secret(v, e);
    *tmp = cJSON_CreateString(e);
    return *tmp;
  }
  return http_vars_get(v, name);
}

static bool is_empty(const cJSON *x) {
  return !x || cJSON_IsNull(x) || (cJSON_IsString(x) && !x->valuestring[0]) || (cJSON_IsArray(x) && !x->child);
}

/* "${name}" or "${?name}" exactly: copies the name into out. */
static bool whole_var(const char *s, bool *optional, char out[MAX_VAR_NAME]) {
  size_t n = strlen(s);
  if (n < 4 || s[0] != '$' || s[1] != '{' || s[n - 1] != '}') return false;
  const char *p = s + 2;
  *optional = *p == '?';
  if (*optional) p++;
  size_t len = (size_t)(s + n - 1 - p);
  if (len == 0 || len >= MAX_VAR_NAME || memchr(p, '}', len) || memchr(p, '$', len)) return false;
  memcpy(out, p, len);
  out[len] = 0;
  return true;
}

static void url_escape_into(Buf *out, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~' || *p == '/') {
      buf_putc(out, (char)*p);
    } else {
      buf_putc(out, '%');
      buf_putc(out, hex[*p >> 4]);
      buf_putc(out, hex[*p & 15]);
    }
  }
}

int tmpl_string(const char *s, HttpVars *v, bool url_escape, Buf *out, Buf *err) {
  const char *p = s;
  while (*p) {
    const char *d = strstr(p, "${");
    if (!d) {
      buf_puts(out, p);
      break;
    }
    buf_append(out, p, (size_t)(d - p));
    const char *end = strchr(d + 2, '}');
    if (!end) {
      buf_printf(err, "unclosed ${ in template \"%.60s\"", s);
      return -1;
    }
    const char *name = d + 2;
    bool optional = *name == '?';
    if (optional) name++;
    size_t len = (size_t)(end - name);
    if (len == 0 || len >= MAX_VAR_NAME) {
      buf_printf(err, "bad variable in template \"%.60s\"", s);
      return -1;
    }
    char nm[MAX_VAR_NAME];
    memcpy(nm, name, len);
    nm[len] = 0;
    cJSON *tmp;
    const cJSON *x = lookup(v, nm, &tmp);
    Buf text = {0};
    if (x && !json_scalar_text(x, &text)) {
      buf_printf(err, "variable %s is not a single value", nm);
      buf_free(&text);
      cJSON_Delete(tmp);
      return -1;
    }
    if (!x && !optional) {
      if (strncmp(nm, "env:", 4) == 0) buf_printf(err, "environment variable %s is not set", nm + 4);
      else buf_printf(err, "variable %s is not set", nm);
      cJSON_Delete(tmp);
      return -1;
    }
    if (text.data) {
      if (url_escape) url_escape_into(out, text.data);
      else buf_puts(out, text.data);
    }
    buf_free(&text);
    cJSON_Delete(tmp);
    p = end + 1;
  }
  if (!out->data) buf_puts(out, "");
  return 0;
}

static cJSON *expand(const cJSON *t, HttpVars *v, Buf *err, bool *failed, int depth) {
  if (depth > MAX_DEPTH) {
    buf_puts(err, "template nested too deeply");
    *failed = true;
    return NULL;
  }
  if (cJSON_IsString(t)) {
    char name[MAX_VAR_NAME];
    bool optional;
    if (whole_var(t->valuestring, &optional, name)) {
      cJSON *tmp;
      const cJSON *x = lookup(v, name, &tmp);
      if (optional && is_empty(x)) {
        cJSON_Delete(tmp);
        return NULL;
      }
      if (!x) {
        if (strncmp(name, "env:", 4) == 0) buf_printf(err, "environment variable %s is not set", name + 4);
        else buf_printf(err, "variable %s is not set", name);
        *failed = true;
        return NULL;
      }
      cJSON *copy = tmp ? tmp : cJSON_Duplicate(x, true);
      return copy;
    }
    if (!strstr(t->valuestring, "${")) return cJSON_CreateString(t->valuestring);
    Buf out = {0};
    if (tmpl_string(t->valuestring, v, false, &out, err) != 0) {
      buf_free(&out);
      *failed = true;
      return NULL;
    }
    cJSON *s = cJSON_CreateString(buf_cstr(&out));
    buf_free(&out);
    return s;
  }
  if (cJSON_IsArray(t) || cJSON_IsObject(t)) {
    cJSON *c = cJSON_IsArray(t) ? cJSON_CreateArray() : cJSON_CreateObject();
    for (const cJSON *k = t->child; k; k = k->next) {
      cJSON *x = expand(k, v, err, failed, depth + 1);
      if (*failed) {
        cJSON_Delete(c);
        return NULL;
      }
      if (!x) continue;
      if (cJSON_IsArray(t)) cJSON_AddItemToArray(c, x);
      else cJSON_AddItemToObject(c, k->string, x);
    }
    return c;
  }
  return cJSON_Duplicate(t, true);
}

cJSON *tmpl_expand(const cJSON *t, HttpVars *v, Buf *err, bool *failed) {
  *failed = false;
  return expand(t, v, err, failed, 0);
}

/* ---- paths ---- */

static void push(JsonMatches *m, const cJSON *x) {
  if (m->n == m->cap) {
    m->cap = m->cap ? m->cap * 2 : 8;
    m->items = xrealloc(m->items, m->cap * sizeof *m->items);
  }
  m->items[m->n++] = x;
}

void json_matches_free(JsonMatches *m) {
  free(m->items);
  memset(m, 0, sizeof *m);
}

typedef enum StepKind { STEP_MEMBER, STEP_INDEX, STEP_ALL } StepKind;

/* Reads the next step of path at *p; name gets the member name. Returns 1
 * for a step, 0 at the end, -1 when malformed. */
static int next_step(const char **p, StepKind *kind, char *name, size_t cap, long *index) {
  const char *s = *p;
  if (!*s) return 0;
  if (*s == '.') {
    s++;
    if (*s == '*') {
      *kind = STEP_ALL;
      *p = s + 1;
      return 1;
    }
    size_t n = 0;
    while (s[n] && s[n] != '.' && s[n] != '[') n++;
    if (n == 0 || n >= cap) return -1;
    memcpy(name, s, n);
    name[n] = 0;
    *kind = STEP_MEMBER;
    *p = s + n;
    return 1;
  }
  if (*s == '[') {
    s++;
    if (*s == '*' && s[1] == ']') {
      *kind = STEP_ALL;
      *p = s + 2;
      return 1;
    }
    if (*s == '\'' || *s == '"') {
      char q = *s++;
      const char *e = strchr(s, q);
      if (!e || e[1] != ']' || (size_t)(e - s) >= cap) return -1;
      memcpy(name, s, (size_t)(e - s));
      name[e - s] = 0;
      *kind = STEP_MEMBER;
      *p = e + 2;
      return 1;
    }
    char *end;
    long i = strtol(s, &end, 10);
    if (end == s || *end != ']') return -1;
    *index = i;
    *kind = STEP_INDEX;
    *p = end + 1;
    return 1;
  }
  return -1;
}

static int eval_from(const cJSON *x, const char *p, JsonMatches *out, int depth) {
  if (depth > MAX_DEPTH) return -1;
  StepKind kind;
  char name[256];
  long index = 0;
  const char *rest = p;
  int r = next_step(&rest, &kind, name, sizeof name, &index);
  if (r < 0) return -1;
  if (r == 0) {
    push(out, x);
    return 0;
  }
  switch (kind) {
  case STEP_MEMBER: {
    const cJSON *m = NULL;
    if (cJSON_IsObject(x)) m = cJSON_GetObjectItemCaseSensitive(x, name);
    else if (cJSON_IsArray(x) && isdigit((unsigned char)name[0])) m = cJSON_GetArrayItem(x, atoi(name));
    return m ? eval_from(m, rest, out, depth + 1) : 0;
  }
  case STEP_INDEX: {
    if (!cJSON_IsArray(x)) return 0;
    int n = cJSON_GetArraySize(x);
    long i = index < 0 ? n + index : index;
    if (i < 0 || i >= n) return 0;
    return eval_from(cJSON_GetArrayItem(x, (int)i), rest, out, depth + 1);
  }
  case STEP_ALL:
    if (!cJSON_IsArray(x) && !cJSON_IsObject(x)) return 0;
    for (const cJSON *k = x->child; k; k = k->next)
      if (eval_from(k, rest, out, depth + 1) < 0) return -1;
    return 0;
  }
  return 0;
}

int jpath_eval(const cJSON *root, const char *path, JsonMatches *out) {
  if (!path || path[0] != '$') return -1;
  size_t before = out->n;
  if (!root) return 0;
  if (eval_from(root, path + 1, out, 0) < 0) {
    out->n = before;
    return -1;
  }
  return (int)(out->n - before);
}

const cJSON *jpath_first(const cJSON *root, const char *path) {
  JsonMatches m = {0};
  const cJSON *x = jpath_eval(root, path, &m) > 0 ? m.items[0] : NULL;
  json_matches_free(&m);
  return x;
}

int jpath_set(cJSON *root, const char *path, cJSON *val) {
  if (!path || path[0] != '$' || !root) {
    cJSON_Delete(val);
    return -1;
  }
  const char *p = path + 1;
  cJSON *x = root;
  StepKind kind;
  char name[256];
  long index = 0;
  for (;;) {
    const char *rest = p;
    int r = next_step(&rest, &kind, name, sizeof name, &index);
    if (r <= 0 || kind == STEP_ALL) {
      cJSON_Delete(val);
      return -1;
    }
    bool last = *rest == 0;
    if (kind == STEP_MEMBER && cJSON_IsObject(x)) {
      cJSON *m = cJSON_GetObjectItemCaseSensitive(x, name);
      if (last) {
        if (m) cJSON_ReplaceItemInObjectCaseSensitive(x, name, val);
        else cJSON_AddItemToObject(x, name, val);
        return 0;
      }
      x = m;
    } else if (cJSON_IsArray(x) && (kind == STEP_INDEX || isdigit((unsigned char)name[0]))) {
      int i = kind == STEP_INDEX ? (int)index : atoi(name);
      if (i < 0 || i >= cJSON_GetArraySize(x)) {
        cJSON_Delete(val);
        return -1;
      }
      if (last) {
        cJSON_ReplaceItemInArray(x, i, val);
        return 0;
      }
      x = cJSON_GetArrayItem(x, i);
    } else {
      x = NULL;
    }
    if (!x) {
      cJSON_Delete(val);
      return -1;
    }
    p = rest;
  }
}

/* ---- merge patch ---- */

void json_merge_patch(cJSON *target, const cJSON *patch) {
  if (!cJSON_IsObject(target) || !cJSON_IsObject(patch)) return;
  for (const cJSON *k = patch->child; k; k = k->next) {
    if (!k->string) continue;
    cJSON *cur = cJSON_GetObjectItemCaseSensitive(target, k->string);
    if (cJSON_IsNull(k)) {
      if (cur) cJSON_DeleteItemFromObjectCaseSensitive(target, k->string);
    } else if (cJSON_IsObject(k) && cJSON_IsObject(cur)) {
      json_merge_patch(cur, k);
    } else {
      cJSON *copy = cJSON_Duplicate(k, true);
      if (cur) cJSON_ReplaceItemInObjectCaseSensitive(target, k->string, copy);
      else cJSON_AddItemToObject(target, k->string, copy);
    }
  }
}
