/* fuzz_util.h - small helpers shared by the libFuzzer harnesses in fuzz/:
 * a diagnostics sink that throws the text away, and a property check that
 * aborts (so libFuzzer saves the input as a crash) with a message. */
#ifndef STORYC_FUZZ_UTIL_H
#define STORYC_FUZZ_UTIL_H
#include <stdio.h>
#include <stdlib.h>

/* /dev/null as a FILE*, opened once: diagnostics are formatted (that code
 * runs and is checked) but not shown. */
static inline FILE *fuzz_devnull(void) {
  static FILE *null;
  if (!null) null = fopen("/dev/null", "w");
  if (!null) {
    perror("fuzz: /dev/null");
    abort();
  }
  return null;
}

/* A broken property: say which, then abort so the input is kept. */
static inline void fuzz_check(int ok, const char *what) {
  if (ok) return;
  fprintf(stderr, "fuzz: property violated: %s\n", what);
  abort();
}

#endif
