/* util.c - allocation wrappers, file reading and string helpers (util.h). */
#include "util.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

void fatal(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("storyc: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) fatal("out of memory (%zu bytes)", n);
  return p;
}

void *xcalloc(size_t n, size_t m) {
  void *p = calloc(n ? n : 1, m ? m : 1);
  if (!p) fatal("out of memory");
  return p;
}

void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) fatal("out of memory (%zu bytes)", n);
  return q;
}

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

int fd_write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len) {
    ssize_t w = write(fd, p, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    len -= (size_t)w;
  }
  return 0;
}

char *file_read_all(const char *path, size_t *len, size_t max_size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return NULL;
  }
  if (S_ISDIR(st.st_mode)) {
    close(fd);
    errno = EISDIR;
    return NULL;
  }
  size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
  if (max_size && cap > max_size + 1) {
    close(fd);
    errno = EFBIG;
    return NULL;
  }
  char *buf = xmalloc(cap + 1);
  size_t n = 0;
  for (;;) {
    if (n == cap) {
      if (max_size && cap > max_size) {
        free(buf);
        close(fd);
        errno = EFBIG;
        return NULL;
      }
      cap *= 2;
      buf = xrealloc(buf, cap + 1);
    }
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      free(buf);
      close(fd);
      errno = e;
      return NULL;
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = 0;
  if (len) *len = n;
  return buf;
}

uint64_t str_hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

bool str_split_tabs(char *line, char **f, int n) {
  f[0] = line;
  for (int i = 1; i < n; i++) {
    char *tab = strchr(f[i - 1], '\t');
    if (!tab) return false;
    *tab = 0;
    f[i] = tab + 1;
  }
  return true;
}

bool str_has_suffix(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool str_has_prefix(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *str_slug(const char *s) {
  size_t n = strlen(s);
  char *out = xmalloc(n + 1);
  size_t o = 0;
  int dash = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      if (dash && o > 0) out[o++] = '-';
      dash = 0;
      out[o++] = (char)c;
    } else if (c >= 'A' && c <= 'Z') {
      if (dash && o > 0) out[o++] = '-';
      dash = 0;
      out[o++] = (char)(c - 'A' + 'a');
    } else {
      dash = 1;
    }
  }
  out[o] = 0;
  return out;
}
