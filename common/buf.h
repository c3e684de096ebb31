/* buf.h - growable byte buffer, always NUL-terminated, owned by its user
 * (buf_free). Used for building JSON text, prompts and messages. */
#ifndef STORYC_BUF_H
#define STORYC_BUF_H
#include <stddef.h>

typedef struct Buf {
  char *data; /* NUL-terminated, or NULL while empty */
  size_t len, cap;
} Buf;

void buf_reserve(Buf *b, size_t extra);
void buf_append(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the UTF-8 encoding of code point cp (at most 0x10FFFF). */
void buf_put_utf8(Buf *b, unsigned cp);
/* Appends s as a JSON string literal, quotes included. */
void buf_json_string(Buf *b, const char *s, size_t n);
/* The text so far ("" when empty); valid until the next append. */
const char *buf_cstr(const Buf *b);
void buf_clear(Buf *b);
/* Hands the malloc'ed string to the caller and resets b. */
char *buf_take(Buf *b);
void buf_free(Buf *b);

#endif
