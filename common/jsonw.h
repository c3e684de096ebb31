/* jsonw.h - writing one JSON object in canonical form (members sorted by
 * name, no white space; see jsoncanon.h) without building a tree. Values are
 * added in any order; jw_end() sorts and emits. Nested objects and arrays are
 * written into their own JsonW / Buf and added with jw_raw(). */
#ifndef STORYC_JSONW_H
#define STORYC_JSONW_H
#include "buf.h"
#include <stdint.h>

typedef struct JwMember {
  const char *key; /* static or caller-owned until jw_end */
  size_t off, len; /* value text in vals */
} JwMember;

typedef struct JsonW {
  JwMember *m;
  size_t n, cap;
  Buf vals;
} JsonW;

void jw_str(JsonW *w, const char *key, const char *s);
void jw_int(JsonW *w, const char *key, int64_t v);
void jw_raw(JsonW *w, const char *key, const char *json);
/* Appends the object to out and resets w for reuse (keeping its memory). */
void jw_end(JsonW *w, Buf *out);
void jw_free(JsonW *w);

#endif
