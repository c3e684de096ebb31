/* strlit.c - string literal decoding and {name} splitting (strlit.h). */
#include "strlit.h"
#include <string.h>

typedef struct Decoder {
  Buf text;          /* the current literal run */
  uint32_t run_off;  /* source offset where the run started */
  StrPieceFn fn;
  void *ud;
} Decoder;

static void flush(Decoder *d) {
  if (d->text.len) {
    StrPiece p = {false, d->text.data, d->text.len, d->run_off};
    d->fn(d->ud, &p);
  }
  buf_clear(&d->text);
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static bool is_name_byte(unsigned char c) {
  return c == '_' || c == '.' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c >= 0x80;
}

int strlit_decode(const char *raw, size_t len, uint32_t base, bool interp, StrPieceFn fn, void *ud,
                  const char **err, uint32_t *err_off) {
  Decoder d = {{0}, base + 1, fn, ud};
  size_t i = 1, end = len - 1; /* inside the quotes */
  int rc = 0;
  while (i < end) {
    char c = raw[i];
    if (c == '\n' || ((c == ' ' || c == '\t' || c == '\r') && memchr(raw + i, '\n', end - i))) {
      /* Blank run: fold it if it holds a line break, else keep it. */
      size_t j = i;
      bool nl = false;
      while (j < end && is_blank(raw[j])) nl |= raw[j++] == '\n';
      if (nl) {
        if (d.text.len == 0 && i == 1) d.run_off = base + (uint32_t)j;
        else if (j < end) buf_putc(&d.text, ' ');
      } else {
        buf_append(&d.text, raw + i, j - i);
      }
      i = j;
      continue;
    }
    if (c == '\\') {
      char e = raw[i + 1];
      switch (e) {
      case '"': case '\\': case '{': case '}': buf_putc(&d.text, e); i += 2; continue;
      case 'n': buf_putc(&d.text, '\n'); i += 2; continue;
      case 't': buf_putc(&d.text, '\t'); i += 2; continue;
      case 'u': {
        size_t j = i + 2;
        unsigned cp = 0;
        int digits = 0;
        if (raw[j] == '{') {
          for (j++; j < end && digits < 7; j++, digits++) {
            char h = raw[j];
            int v = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (v < 0) break;
            cp = cp * 16 + (unsigned)v;
          }
        }
        if (raw[j] != '}' || digits == 0 || digits > 6 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
          *err = "bad \\u escape: write \\u{XXXX} with 1 to 6 hex digits naming a Unicode character";
          *err_off = base + (uint32_t)i;
          rc = -1;
          goto out;
        }
        buf_put_utf8(&d.text, cp);
        i = j + 1;
        continue;
      }
      default:
        *err = "unknown escape: use \\\" \\\\ \\n \\t \\{ \\} or \\u{XXXX}";
        *err_off = base + (uint32_t)i;
        rc = -1;
        goto out;
      }
    }
    if (interp && c == '{') {
      size_t j = i + 1;
      while (j < end && is_name_byte((unsigned char)raw[j])) j++;
      if (j >= end || raw[j] != '}' || j == i + 1) {
        *err = j == i + 1 && j < end && raw[j] == '}' ? "empty {} in text: name a character, creature or place, or write \\{ for a brace"
                                                      : "'{' without a name and '}': write {name}, or \\{ for a literal brace";
        *err_off = base + (uint32_t)i;
        rc = -1;
        goto out;
      }
      flush(&d);
      StrPiece p = {true, raw + i + 1, j - i - 1, base + (uint32_t)i + 1};
      fn(ud, &p);
      i = j + 1;
      d.run_off = base + (uint32_t)i;
      continue;
    }
    if (interp && c == '}') {
      *err = "'}' without '{': write \\} for a literal brace";
      *err_off = base + (uint32_t)i;
      rc = -1;
      goto out;
    }
    buf_putc(&d.text, c);
    i++;
  }
  flush(&d);
out:
  buf_free(&d.text);
  return rc;
}

static void append_piece(void *ud, const StrPiece *p) { buf_append((Buf *)ud, p->text, p->len); }

int strlit_to_buf(const char *raw, size_t len, uint32_t base, Buf *out, const char **err, uint32_t *err_off) {
  return strlit_decode(raw, len, base, false, append_piece, out, err, err_off);
}
