/* diag.h - diagnostics: errors collected and printed as
 *   file:line:col: error: message
 *     <the source line>
 *     ^~~~
 * counted, and capped: after DIAG_MAX_ERRORS the compiler stops. */
#ifndef STORYC_DIAG_H
#define STORYC_DIAG_H
#include "source.h"
#include <stdbool.h>
#include <stdio.h>

#define DIAG_MAX_ERRORS 20

typedef struct Diags {
  FILE *out;       /* stderr */
  int errors;
  bool stopped;    /* the cap was reached: callers stop early */
} Diags;

void diag_init(Diags *d, FILE *out);
/* An error at f[off, off+len). len 0 shows a single caret. */
void diag_error(Diags *d, SourceFile *f, uint32_t off, uint32_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A note attached to the previous error (not counted). */
void diag_note(Diags *d, SourceFile *f, uint32_t off, uint32_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* An error with no place in a file ("storyc: error: ..."). */
void diag_plain(Diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
