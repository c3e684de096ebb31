/* check.h - the unit test harness: each test program calls check() for every
 * assertion and check_done() at the end. A program prints "PASS name" or
 * "FAIL name: why" lines, which tests/run.sh counts. */
#ifndef STORYC_CHECK_H
#define STORYC_CHECK_H
#include <stdio.h>
#include <string.h>

static int check_failures;

/* Records one named assertion. */
static inline void check(int ok, const char *name, const char *file, int line) {
  if (ok) {
    printf("PASS %s\n", name);
  } else {
    printf("FAIL %s: at %s:%d\n", name, file, line);
    check_failures++;
  }
}

static inline void check_str(const char *got, const char *want, const char *name, const char *file, int line) {
  int ok = got && want && strcmp(got, want) == 0;
  if (ok) {
    printf("PASS %s\n", name);
  } else {
    printf("FAIL %s: at %s:%d\n  got:  %s\n  want: %s\n", name, file, line, got ? got : "(null)",
           want ? want : "(null)");
    check_failures++;
  }
}

#define CHECK(cond, name) check((cond) ? 1 : 0, (name), __FILE__, __LINE__)
#define CHECK_STR(got, want, name) check_str((got), (want), (name), __FILE__, __LINE__)

static inline int check_done(void) { return check_failures ? 1 : 0; }

#endif
