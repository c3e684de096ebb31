/* source.c - loading .story files and mapping offsets to lines (source.h). */
#include "source.h"
#include "util.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static SourceFile *source_wrap(const char *path, char *buf, size_t len) {
  SourceFile *f = xcalloc(1, sizeof *f);
  f->path = xstrdup(path);
  char *rp = realpath(path, NULL);
  f->realpath = rp ? rp : xstrdup(path);
  f->alloc = buf;
  f->text = buf;
  f->len = len;
  if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
    /* A UTF-8 byte order mark: keep offsets in the visible text. */
    f->text = buf + 3;
    f->len = len - 3;
  }
  return f;
}

SourceFile *source_load(const char *path) {
  size_t len;
  char *buf = file_read_all(path, &len, SOURCE_MAX_SIZE);
  if (!buf) return NULL;
  return source_wrap(path, buf, len);
}

SourceFile *source_from_text(const char *path, const char *text, size_t len) {
  char *buf = xmalloc(len + 1);
  memcpy(buf, text, len);
  buf[len] = 0;
  SourceFile *f = source_wrap(path, buf, len);
  free(f->realpath);
  f->realpath = xstrdup(path);
  return f;
}

void source_free(SourceFile *f) {
  if (!f) return;
  free(f->path);
  free(f->realpath);
  free(f->alloc);
  free(f->lines);
  free(f);
}

static void build_lines(SourceFile *f) {
  size_t cap = 1024, n = 0;
  uint32_t *lines = xmalloc(cap * sizeof *lines);
  lines[n++] = 0;
  for (size_t i = 0; i < f->len; i++) {
    if (f->text[i] != '\n') continue;
    if (n == cap) lines = xrealloc(lines, (cap *= 2) * sizeof *lines);
    lines[n++] = (uint32_t)(i + 1);
  }
  f->lines = lines;
  f->nlines = n;
}

static size_t line_index(SourceFile *f, uint32_t off) {
  if (!f->lines) build_lines(f);
  size_t lo = 0, hi = f->nlines;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (f->lines[mid] <= off) lo = mid;
    else hi = mid;
  }
  return lo;
}

void source_position(SourceFile *f, uint32_t off, int *line, int *col) {
  if (off > f->len) off = (uint32_t)f->len;
  size_t li = line_index(f, off);
  int c = 1;
  for (uint32_t i = f->lines[li]; i < off; i++)
    if (((unsigned char)f->text[i] & 0xC0) != 0x80) c++;
  *line = (int)li + 1;
  *col = c;
}

void source_line_span(SourceFile *f, uint32_t off, uint32_t *start, uint32_t *len) {
  if (off > f->len) off = (uint32_t)f->len;
  size_t li = line_index(f, off);
  uint32_t s = f->lines[li], e = s;
  while (e < f->len && f->text[e] != '\n') e++;
  if (e > s && f->text[e - 1] == '\r') e--;
  *start = s;
  *len = e - s;
}

uint32_t source_check_encoding(const SourceFile *f, const char **what) {
  const unsigned char *s = (const unsigned char *)f->text;
  size_t n = f->len;
  if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
    *what = "file is UTF-16; save it as UTF-8";
    return 0;
  }
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    if (c == 0) {
      *what = "NUL byte in source";
      return (uint32_t)i;
    }
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t need;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) need = 1, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) need = 2, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) need = 3, min = 0x10000;
    else {
      *what = "invalid UTF-8";
      return (uint32_t)i;
    }
    if (i + need >= n + 1 || i + need > n) {
      *what = "invalid UTF-8 (truncated sequence)";
      return (uint32_t)i;
    }
    unsigned cp = c & (0x3F >> need);
    for (size_t k = 1; k <= need; k++) {
      if ((s[i + k] & 0xC0) != 0x80) {
        *what = "invalid UTF-8";
        return (uint32_t)i;
      }
      cp = cp << 6 | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      *what = "invalid UTF-8 (overlong or surrogate)";
      return (uint32_t)i;
    }
    i += need + 1;
  }
  return (uint32_t)-1;
}
