/* jsonw.c - canonical JSON object writer (jsonw.h). */
#include "jsonw.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static void add(JsonW *w, const char *key, size_t off) {
  if (w->n == w->cap) w->m = xrealloc(w->m, (w->cap = w->cap ? w->cap * 2 : 16) * sizeof *w->m);
  w->m[w->n].key = key;
  w->m[w->n].off = off;
  w->m[w->n].len = w->vals.len - off;
  w->n++;
}

void jw_str(JsonW *w, const char *key, const char *s) {
  size_t off = w->vals.len;
  buf_json_string(&w->vals, s, strlen(s));
  add(w, key, off);
}

void jw_int(JsonW *w, const char *key, int64_t v) {
  size_t off = w->vals.len;
  char tmp[24], *e = tmp + sizeof tmp, *q = e;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do *--q = (char)('0' + u % 10); while (u /= 10);
  if (v < 0) *--q = '-';
  buf_append(&w->vals, q, (size_t)(e - q));
  add(w, key, off);
}

void jw_raw(JsonW *w, const char *key, const char *json) {
  size_t off = w->vals.len;
  buf_puts(&w->vals, json);
  add(w, key, off);
}

static int member_cmp(const void *a, const void *b) {
  return strcmp(((const JwMember *)a)->key, ((const JwMember *)b)->key);
}

void jw_end(JsonW *w, Buf *out) {
  if (w->n) qsort(w->m, w->n, sizeof *w->m, member_cmp); /* qsort(NULL, 0) is undefined */
  buf_putc(out, '{');
  for (size_t i = 0; i < w->n; i++) {
    if (i) buf_putc(out, ',');
    buf_json_string(out, w->m[i].key, strlen(w->m[i].key));
    buf_putc(out, ':');
    buf_append(out, w->vals.data + w->m[i].off, w->m[i].len);
  }
  buf_putc(out, '}');
  w->n = 0;
  buf_clear(&w->vals);
}

void jw_free(JsonW *w) {
  free(w->m);
  buf_free(&w->vals);
  memset(w, 0, sizeof *w);
}
