/* ac_log.c - the journal of action entries (ac_log.h).
 *
 * The index is an open-addressing hash table of the keys the file holds,
 * each with the offset and length of its last line's text (or dropped).
 * Writers reserve their place at the end under the mutex and pwrite outside
 * it; the index learns a line only once it is written. */
#include "ac_log.h"
#include "buf.h"
#include "sha.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { KEY_HEX = 64, READ_CHUNK = 1 << 20 };

typedef struct Slot {
  unsigned char key[32];
  int64_t off;  /* of the text (after "<key> ") */
  uint32_t len; /* of the text, without the newline */
  bool used;
  bool dropped;
} Slot;

struct AcLog {
  pthread_mutex_t mu;
  int dir_fd; /* not owned */
  char *name;
  int fd;
  bool loaded;   /* the index reflects the file */
  int64_t end;   /* where the next line goes */
  bool dirty;    /* written since the last sync */
  bool torn;     /* the file ends in a line without its newline (a cut write), from end on */
  Slot *slots;
  size_t cap, n; /* cap: a power of two (0 before the first key) */
};

/* pread or pwrite of all n bytes at off, through short counts and EINTR.
 * Returns the bytes done (less than n on an error, errno set). */
static size_t io_full(int fd, char *p, size_t n, int64_t off, bool writing) {
  size_t done = 0;
  while (done < n) {
    ssize_t r = writing ? pwrite(fd, p + done, n - done, off + (int64_t)done)
                        : pread(fd, p + done, n - done, off + (int64_t)done);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    done += (size_t)r;
  }
  return done;
}

static size_t key_hash(const unsigned char k[32]) {
  size_t h;
  memcpy(&h, k, sizeof h); /* the key is a SHA-256: its bytes are uniform */
  return h;
}

static Slot *find_slot(AcLog *l, const unsigned char k[32]) {
  if (!l->cap) return NULL;
  for (size_t i = key_hash(k) & (l->cap - 1);; i = (i + 1) & (l->cap - 1)) {
    if (!l->slots[i].used) return NULL;
    if (memcmp(l->slots[i].key, k, 32) == 0) return &l->slots[i];
  }
}

static void set_slot(AcLog *l, const unsigned char k[32], int64_t off, uint32_t len, bool dropped);

static void grow(AcLog *l) {
  Slot *old = l->slots;
  size_t oldcap = l->cap;
  l->cap = l->cap ? 2 * l->cap : 1024;
  l->slots = xcalloc(l->cap, sizeof *l->slots);
  l->n = 0;
  for (size_t i = 0; i < oldcap; i++)
    if (old[i].used) set_slot(l, old[i].key, old[i].off, old[i].len, old[i].dropped);
  free(old);
}

static void set_slot(AcLog *l, const unsigned char k[32], int64_t off, uint32_t len, bool dropped) {
  if ((l->n + 1) * 4 > l->cap * 3) grow(l);
  size_t i = key_hash(k) & (l->cap - 1);
  while (l->slots[i].used && memcmp(l->slots[i].key, k, 32) != 0) i = (i + 1) & (l->cap - 1);
  Slot *s = &l->slots[i];
  if (!s->used) {
    s->used = true;
    memcpy(s->key, k, 32);
    l->n++;
  }
  s->off = off;
  s->len = len;
  s->dropped = dropped;
}

/* Indexes one line (without its newline) that starts at file offset off. */
static void index_line(AcLog *l, const char *p, size_t n, int64_t off) {
  while (n && *p == 0) { /* zeros left by a write that never happened */
    p++, n--, off++;
  }
  unsigned char k[32];
  if (n < KEY_HEX + 2 || p[KEY_HEX] != ' ') return;
  char hex[KEY_HEX + 1];
  memcpy(hex, p, KEY_HEX);
  hex[KEY_HEX] = 0;
  if (sha_from_hex(hex, k) != 0) return;
  const char *text = p + KEY_HEX + 1;
  size_t len = n - KEY_HEX - 1;
  if (len == 1 && text[0] == '-') set_slot(l, k, 0, 0, true);
  else set_slot(l, k, off + KEY_HEX + 1, (uint32_t)len, false);
}

/* Reads the file and builds the index (l->mu held). 0 or -1 with errno. */
static int load(AcLog *l) {
  if (l->loaded) return 0;
  char *buf = xmalloc(READ_CHUNK);
  Buf line = {0}; /* a line that crosses a chunk boundary */
  int64_t pos = 0, line_start = 0;
  int rc = 0;
  for (;;) {
    ssize_t r = pread(l->fd, buf, READ_CHUNK, pos);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      rc = -1;
      break;
    }
    if (r == 0) break;
    size_t i = 0;
    while (i < (size_t)r) {
      char *nl = memchr(buf + i, '\n', (size_t)r - i);
      size_t seg = nl ? (size_t)(nl - (buf + i)) : (size_t)r - i;
      if (!nl) { /* the rest of this chunk starts a line */
        buf_append(&line, buf + i, seg);
        break;
      }
      if (line.len) {
        buf_append(&line, buf + i, seg);
        index_line(l, line.data, line.len, line_start);
        buf_clear(&line);
      } else {
        index_line(l, buf + i, seg, pos + (int64_t)i);
      }
      i += seg + 1;
      line_start = pos + (int64_t)i;
    }
    pos += r;
  }
  /* a last line without its newline is not an entry: the next line written
   * replaces it (nothing is written here: a dry run only reads) */
  l->torn = line.len > 0;
  l->end = l->torn ? line_start : pos;
  buf_free(&line);
  free(buf);
  if (rc == 0) l->loaded = true;
  return rc;
}

AcLog *ac_log_open(int dir_fd, const char *name, bool create) {
  int fd = openat(dir_fd, name, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
  if (fd < 0) return NULL;
  AcLog *l = xcalloc(1, sizeof *l);
  pthread_mutex_init(&l->mu, NULL);
  l->dir_fd = dir_fd;
  l->name = xstrdup(name);
  l->fd = fd;
  return l;
}

void ac_log_close(AcLog *l) {
  if (!l) return;
  ac_log_sync(l);
  close(l->fd);
  pthread_mutex_destroy(&l->mu);
  free(l->slots);
  free(l->name);
  free(l);
}

/* Looks key_hex up (l->mu held, index loaded). */
static Slot *lookup(AcLog *l, const char *key_hex) {
  unsigned char k[32];
  if (sha_from_hex(key_hex, k) != 0) return NULL;
  return find_slot(l, k);
}

int ac_log_find(AcLog *l, const char *key_hex) {
  pthread_mutex_lock(&l->mu);
  int r = -2;
  if (load(l) == 0) {
    Slot *s = lookup(l, key_hex);
    r = !s ? 0 : s->dropped ? -1 : 1;
  }
  pthread_mutex_unlock(&l->mu);
  return r;
}

int ac_log_get(AcLog *l, const char *key_hex, char **text) {
  *text = NULL;
  pthread_mutex_lock(&l->mu);
  if (load(l) != 0) {
    pthread_mutex_unlock(&l->mu);
    return -2;
  }
  Slot *s = lookup(l, key_hex);
  int64_t off = s ? s->off : 0;
  uint32_t len = s ? s->len : 0;
  int found = !s ? 0 : s->dropped ? -1 : 1;
  pthread_mutex_unlock(&l->mu);
  if (found != 1) return found;
  char *t = xmalloc((size_t)len + 1);
  if (io_full(l->fd, t, len, off, false) < len) {
    free(t);
    return -2;
  }
  t[len] = 0;
  *text = t;
  return 1;
}

/* Writes "<key> <text>\n" at the end and indexes it. */
static int append(AcLog *l, const char *key_hex, const char *text, size_t len, bool dropped) {
  unsigned char k[32];
  if (sha_from_hex(key_hex, k) != 0 || memchr(text, '\n', len)) {
    errno = EINVAL;
    return -1;
  }
  pthread_mutex_lock(&l->mu);
  if (load(l) != 0) {
    int e = errno;
    pthread_mutex_unlock(&l->mu);
    errno = e;
    return -1;
  }
  if (l->torn) { /* the cut line goes: the file ends where it started */
    if (ftruncate(l->fd, l->end) != 0) {
      int e = errno;
      pthread_mutex_unlock(&l->mu);
      errno = e;
      return -1;
    }
    l->torn = false;
  }
  size_t n = KEY_HEX + 1 + len + 1;
  int64_t off = l->end;
  l->end += (int64_t)n;
  pthread_mutex_unlock(&l->mu);
  char *line = xmalloc(n);
  memcpy(line, key_hex, KEY_HEX);
  line[KEY_HEX] = ' ';
  memcpy(line + KEY_HEX + 1, text, len);
  line[n - 1] = '\n';
  size_t put = io_full(l->fd, line, n, off, true);
  int e = errno;
  free(line);
  if (put < n) { /* a hole or a cut line: skipped when the file is read */
    errno = put ? EIO : e;
    return -1;
  }
  pthread_mutex_lock(&l->mu);
  set_slot(l, k, off + KEY_HEX + 1, (uint32_t)len, dropped);
  l->dirty = true;
  pthread_mutex_unlock(&l->mu);
  return 0;
}

int ac_log_put(AcLog *l, const char *key_hex, const char *text, size_t len) {
  return append(l, key_hex, text, len, false);
}

int ac_log_drop(AcLog *l, const char *key_hex) { return append(l, key_hex, "-", 1, true); }

int ac_log_sync(AcLog *l) {
  pthread_mutex_lock(&l->mu);
  bool d = l->dirty;
  l->dirty = false;
  pthread_mutex_unlock(&l->mu);
  return d ? fdatasync(l->fd) : 0;
}

static int by_offset(const void *a, const void *b) {
  int64_t x = (*(Slot *const *)a)->off, y = (*(Slot *const *)b)->off;
  return x < y ? -1 : x > y;
}

int ac_log_rewrite(AcLog *l, const char *tmp_name, bool (*keep)(void *ctx, const char *key_hex, const char *text),
                   void *ctx, size_t *kept, size_t *removed) {
  *kept = *removed = 0;
  pthread_mutex_lock(&l->mu);
  int rc = load(l);
  pthread_mutex_unlock(&l->mu);
  if (rc != 0) return -1;
  int out = openat(l->dir_fd, tmp_name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0) return -1;
  /* in file order, so that a rewrite keeps the order entries were made in */
  size_t nlive = 0;
  Slot **live = xmalloc((l->n ? l->n : 1) * sizeof *live);
  for (size_t i = 0; i < l->cap; i++)
    if (l->slots[i].used && !l->slots[i].dropped) live[nlive++] = &l->slots[i];
  qsort(live, nlive, sizeof *live, by_offset);
  Buf b = {0};
  int64_t new_end = 0;
  for (size_t i = 0; i < nlive && rc == 0; i++) {
    char hex[65], *text = NULL;
    sha_hex(live[i]->key, hex);
    if (ac_log_get(l, hex, &text) != 1) {
      (*removed)++;
      continue;
    }
    if (!keep(ctx, hex, text)) {
      (*removed)++;
      free(text);
      continue;
    }
    buf_clear(&b);
    buf_printf(&b, "%s %s\n", hex, text);
    free(text);
    ssize_t w = write(out, b.data, b.len);
    if (w != (ssize_t)b.len) rc = -1;
    new_end += (int64_t)b.len;
    (*kept)++;
  }
  buf_free(&b);
  free(live);
  if (rc == 0 && fsync(out) != 0) rc = -1;
  int e = errno;
  close(out);
  if (rc == 0 && renameat(l->dir_fd, tmp_name, l->dir_fd, l->name) != 0) rc = -1;
  if (rc != 0) {
    e = errno;
    unlinkat(l->dir_fd, tmp_name, 0);
    errno = e;
    return -1;
  }
  fsync(l->dir_fd);
  /* the new file: reopened, indexed again at the next lookup */
  int fd = openat(l->dir_fd, l->name, O_RDWR | O_CLOEXEC);
  pthread_mutex_lock(&l->mu);
  if (fd >= 0) {
    close(l->fd);
    l->fd = fd;
  }
  free(l->slots);
  l->slots = NULL;
  l->cap = l->n = 0;
  l->loaded = false;
  l->end = new_end;
  l->dirty = false;
  pthread_mutex_unlock(&l->mu);
  return fd >= 0 ? 0 : -1;
}
