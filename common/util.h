/* util.h - process-wide helpers: allocation that never returns NULL, whole
 * file reading, and small string utilities shared by compiler and runtime. */
#ifndef STORYC_UTIL_H
#define STORYC_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Prints "storyc: <msg>" to stderr and exits with status 2. */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* Reads a whole file into a malloc'ed buffer with one NUL byte appended
 * (not counted in *len). Returns NULL and sets errno on failure. Files over
 * max_size bytes fail with EFBIG. */
char *file_read_all(const char *path, size_t *len, size_t max_size);
/* Writes all len bytes to fd, through short writes and EINTR. Returns 0, or
 * -1 with errno (some bytes may have been written). */
int fd_write_all(int fd, const void *data, size_t len);

/* Splits line in place at tabs into exactly n fields (f[0..n-1]); returns
 * false when it has fewer than n fields. The last field keeps any tabs. */
bool str_split_tabs(char *line, char **f, int n);

/* A hash of a string for open-addressing tables: FNV-1a, then a final mix,
 * so the low bits the tables take are well spread even for ids that differ
 * only in a few digits. */
uint64_t str_hash(const char *s);

bool str_has_suffix(const char *s, const char *suffix);
bool str_has_prefix(const char *s, const char *prefix);
/* Lowercase ASCII slug of s: letters and digits kept, runs of anything else
 * become one '-'; non-ASCII UTF-8 kept as is. Malloc'ed. */
char *str_slug(const char *s);

#endif
