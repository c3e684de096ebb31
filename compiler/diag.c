/* diag.c - printing diagnostics with the source line and a caret (diag.h). */
#include "diag.h"
#include <stdarg.h>

void diag_init(Diags *d, FILE *out) {
  d->out = out;
  d->errors = 0;
  d->stopped = false;
}

/* Display width of the code point starting at s (East Asian wide = 2); avail
 * is the number of bytes left on the line. The text may be invalid UTF-8
 * (the encoding error itself is shown this way): a sequence cut short or
 * without its continuation bytes counts as one column and is not read past. */
static int cp_width(const unsigned char *s, size_t avail) {
  if (s[0] < 0x80) return 1;
  size_t need = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
  if (s[0] < 0xC0 || need > avail) return 1;
  for (size_t k = 1; k < need; k++)
    if ((s[k] & 0xC0) != 0x80) return 1;
  unsigned cp;
  if (need == 4) cp = (s[0] & 7u) << 18 | (s[1] & 63u) << 12 | (s[2] & 63u) << 6 | (s[3] & 63u);
  else if (need == 3) cp = (s[0] & 15u) << 12 | (s[1] & 63u) << 6 | (s[2] & 63u);
  else cp = (s[0] & 31u) << 6 | (s[1] & 63u);
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

static void show(Diags *d, SourceFile *f, uint32_t off, uint32_t len, const char *level, const char *fmt,
                 va_list ap) {
  int line, col;
  source_position(f, off, &line, &col);
  fprintf(d->out, "%s:%d:%d: %s: ", f->path, line, col, level);
  vfprintf(d->out, fmt, ap);
  fputc('\n', d->out);
  uint32_t ls, ll;
  source_line_span(f, off, &ls, &ll);
  const unsigned char *t = (const unsigned char *)f->text;
  fprintf(d->out, "%.*s\n", (int)ll, f->text + ls);
  for (uint32_t i = ls; i < off && i < ls + ll;) {
    if (t[i] == '\t') {
      fputc('\t', d->out);
      i++;
      continue;
    }
    int w = cp_width(t + i, ls + ll - i);
    fprintf(d->out, w == 2 ? "  " : " ");
    i++;
    while (i < ls + ll && (t[i] & 0xC0) == 0x80) i++;
  }
  fputc('^', d->out);
  /* The range, clipped to the line. */
  uint32_t end = off + len, lend = ls + ll;
  if (end > lend) end = lend;
  int width = 0;
  for (uint32_t i = off; i < end;) {
    width += cp_width(t + i, lend - i);
    i++;
    while (i < end && (t[i] & 0xC0) == 0x80) i++;
  }
  for (int i = 1; i < width; i++) fputc('~', d->out);
  fputc('\n', d->out);
}

void diag_error(Diags *d, SourceFile *f, uint32_t off, uint32_t len, const char *fmt, ...) {
  if (d->stopped) return;
  va_list ap;
  va_start(ap, fmt);
  show(d, f, off, len, "error", fmt, ap);
  va_end(ap);
  if (++d->errors >= DIAG_MAX_ERRORS) {
    fprintf(d->out, "storyc: too many errors (%d), stopping\n", d->errors);
    d->stopped = true;
  }
}

void diag_note(Diags *d, SourceFile *f, uint32_t off, uint32_t len, const char *fmt, ...) {
  if (d->stopped) return;
  va_list ap;
  va_start(ap, fmt);
  show(d, f, off, len, "note", fmt, ap);
  va_end(ap);
}

void diag_plain(Diags *d, const char *fmt, ...) {
  if (d->stopped) return;
  va_list ap;
  va_start(ap, fmt);
  fputs("storyc: error: ", d->out);
  vfprintf(d->out, fmt, ap);
  fputc('\n', d->out);
  va_end(ap);
  if (++d->errors >= DIAG_MAX_ERRORS) {
    fprintf(d->out, "storyc: too many errors (%d), stopping\n", d->errors);
    d->stopped = true;
  }
}
