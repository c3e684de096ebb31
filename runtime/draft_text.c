/* draft_text.c - measuring and wrapping UTF-8 text for story-board frames:
 * an approximate width in ems (CJK characters are one em, Latin letters about
 * half), and greedy wrapping at spaces or between CJK characters, with an
 * ellipsis when the text does not fit in the lines allowed. */
#include "draft.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

#define SPACE_EM 0.26

/* Decodes one UTF-8 sequence at s (n bytes left); sets *len. Invalid bytes
 * decode as U+FFFD, one byte long. */
static unsigned utf8_next(const char *s, size_t n, size_t *len) {
  const unsigned char *p = (const unsigned char *)s;
  unsigned c = p[0];
  size_t need = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (need == 0 || need > n) {
    *len = 1;
    return 0xFFFD;
  }
  unsigned cp = need == 1 ? c : need == 2 ? (c & 0x1F) : need == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t i = 1; i < need; i++) {
    if ((p[i] & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    cp = cp << 6 | (p[i] & 0x3F);
  }
  *len = need;
  return cp;
}

static int is_wide(unsigned cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* CJK punctuation that must not begin a line. */
static int no_break_before(unsigned cp) {
  static const unsigned list[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A,
                                  0xFF09, 0x300D, 0x300F, 0x300B, 0x3009, 0x2026, 0x201D, 0x2019};
  for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
    if (list[i] == cp) return 1;
  }
  return 0;
}

static double char_em(unsigned cp) {
  if (is_wide(cp)) return 1.0;
  if (cp == ' ') return SPACE_EM;
  if (cp == 'm' || cp == 'w' || cp == 'M' || cp == 'W') return 0.85;
  if (cp == 'i' || cp == 'l' || cp == 'j' || cp == 'I' || cp == '.' || cp == ',' || cp == '\'' || cp == '!' ||
      cp == ':' || cp == ';' || cp == '|') {
    return 0.28;
  }
  if (cp >= 'A' && cp <= 'Z') return 0.66;
  if (cp < 0x80) return 0.54;
  return 0.62;
}

double draft_text_width(const char *s, size_t n) {
  double w = 0;
  size_t i = 0;
  while (i < n) {
    size_t len;
    unsigned cp = utf8_next(s + i, n - i, &len);
    w += char_em(cp);
    i += len;
  }
  return w;
}

/* The lines built so far. */
typedef struct Lines {
  Buf *line;
  double *width;
  size_t n, cap;
} Lines;

static void lines_new(Lines *l) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 8;
    l->line = xrealloc(l->line, l->cap * sizeof *l->line);
    l->width = xrealloc(l->width, l->cap * sizeof *l->width);
  }
  memset(&l->line[l->n], 0, sizeof l->line[l->n]);
  l->width[l->n] = 0;
  l->n++;
}

/* Adds one unbreakable piece (a word, or one CJK character) to the lines. */
static void lines_add(Lines *l, const char *p, size_t n, double w, int space_before, int glue, double max_em) {
  if (l->n == 0) lines_new(l);
  double cur = l->width[l->n - 1];
  double need = (cur > 0 && space_before ? SPACE_EM : 0) + w;
  if (cur > 0 && cur + need > max_em && !glue) {
    lines_new(l);
    cur = 0;
    need = w;
  }
  if (w > max_em && cur == 0) {
    /* A word longer than a line: split it between characters. */
    size_t i = 0;
    while (i < n) {
      size_t len;
      unsigned cp = utf8_next(p + i, n - i, &len);
      double cw = char_em(cp);
      if (l->width[l->n - 1] > 0 && l->width[l->n - 1] + cw > max_em) lines_new(l);
      buf_append(&l->line[l->n - 1], p + i, len);
      l->width[l->n - 1] += cw;
      i += len;
    }
    return;
  }
  if (cur > 0 && space_before) buf_putc(&l->line[l->n - 1], ' ');
  buf_append(&l->line[l->n - 1], p, n);
  l->width[l->n - 1] += need;
}

int draft_text_wrap(const char *text, double max_em, int max_lines, Buf *out) {
  if (max_em < 2) max_em = 2;
  if (max_lines < 1) max_lines = 1;
  Lines l = {0};
  Buf word = {0};
  double word_w = 0;
  int space_before = 0, word_space = 0;
  size_t n = strlen(text), i = 0;
  while (i <= n) {
    size_t len = 1;
    unsigned cp = i < n ? utf8_next(text + i, n - i, &len) : ' ';
    if (cp < 0x20 || cp == 0x7F) cp = ' ';
    int wide = is_wide(cp);
    if (cp == ' ' || wide) {
      if (word.len > 0) {
        lines_add(&l, word.data, word.len, word_w, word_space, 0, max_em);
        buf_clear(&word);
        word_w = 0;
        space_before = 0;
      }
      if (cp == ' ') {
        space_before = 1;
      } else {
        lines_add(&l, text + i, len, 1.0, space_before, no_break_before(cp), max_em);
        space_before = 0;
      }
    } else {
      if (word.len == 0) word_space = space_before;
      buf_append(&word, text + i, len);
      word_w += char_em(cp);
    }
    i += len;
  }
  buf_free(&word);
  int shown = (int)l.n < max_lines ? (int)l.n : max_lines;
  for (int k = 0; k < shown; k++) {
    if (k) buf_putc(out, '\n');
    Buf *line = &l.line[k];
    if (k == shown - 1 && (size_t)shown < l.n) {
      /* Drop characters until the ellipsis fits. */
      size_t keep = line->len;
      while (keep > 0 && draft_text_width(line->data, keep) + 1.0 > max_em) {
        keep--;
        while (keep > 0 && ((unsigned char)line->data[keep] & 0xC0) == 0x80) keep--;
      }
      buf_append(out, line->data ? line->data : "", keep);
      buf_puts(out, "\xE2\x80\xA6");
    } else {
      buf_puts(out, buf_cstr(line));
    }
  }
  for (size_t k = 0; k < l.n; k++) buf_free(&l.line[k]);
  free(l.line);
  free(l.width);
  return shown;
}
