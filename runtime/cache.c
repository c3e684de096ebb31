/* cache.c - content-addressed blobs, action entries and atomic writes (cache.h).
 *
 * Paths inside the cache are opened relative to the directory descriptors of
 * the Cache (openat/fstatat), so checking 30,000 action entries on a no-op
 * build costs one fstatat each and no path building beyond a 66-byte name. */
#include "cache.h"
#include "ac_log.h"
#include "sha.h"
#include "util.h"
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdatomic.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { HASH_CHUNK = 1 << 20, HASH_STACK_CHUNK = 1 << 16, ACTION_MAX_BYTES = 1 << 20 };

/* The 256 fan-out directories of cas/: those known to exist (no mkdirat per
 * blob) and those linked into since the last cache_sync_dirs (fsynced once
 * each then, not once per blob). (ac/ is no longer written: entries go to
 * the journal.) */
struct CacheDirs {
  _Atomic uint64_t made[4];
  _Atomic uint64_t dirty[4];
  _Atomic int64_t committed_ms; /* when cache_commit last ran (monotonic ms) */
};

enum { COMMIT_EVERY_MS = 1000 };

static int64_t mono_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int hex_val(char h) { return h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0'; }
static unsigned fan_index(const char *hex) { return (unsigned)(hex_val(hex[0]) * 16 + hex_val(hex[1])) & 255u; }

/* "ab/cdef..." for a 64-digit hex name. */
static void rel_name(const char *hex, char out[67]) {
  out[0] = hex[0];
  out[1] = hex[1];
  out[2] = '/';
  memcpy(out + 3, hex + 2, 62);
  out[65] = 0;
}

static bool is_hex64(const char *s) {
  for (int i = 0; i < 64; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
  return s[64] == 0;
}

static int open_dir_at(int at, const char *name) {
  return openat(at, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int cache_mkdirs(const char *dir) {
  char *p = xstrdup(dir);
  size_t n = strlen(p);
  for (size_t i = 1; i <= n; i++) {
    if (p[i] != '/' && p[i] != 0) continue;
    char c = p[i];
    p[i] = 0;
    if (mkdir(p, 0777) != 0 && errno != EEXIST) {
      int e = errno;
      free(p);
      errno = e;
      return -1;
    }
    p[i] = c;
  }
  free(p);
  struct stat st;
  if (stat(dir, &st) != 0) return -1;
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  return 0;
}

/* Whether ac/ has anything in it: fan-out directories of an older version's
 * entry files (one directory read; gc removes them once empty). */
static bool has_legacy_entries(int ac_fd) {
  if (ac_fd < 0) return false;
  int fd = openat(ac_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) {
    if (fd >= 0) close(fd);
    return false;
  }
  bool any = false;
  struct dirent *de;
  while (!any && (de = readdir(d)))
    any = strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
  closedir(d);
  return any;
}

int cache_open(Cache *c, const char *dir, bool create) {
  memset(c, 0, sizeof *c);
  c->dir = xstrdup(dir);
  c->dir_fd = c->ac_fd = c->cas_fd = -1;
  c->dirs = xcalloc(1, sizeof *c->dirs);
  if (create) {
    static const char *const subdirs[] = {"ac", "cas", "logs", "tmp"};
    if (cache_mkdirs(dir) != 0) goto fail;
    for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
      Buf b = {0};
      buf_printf(&b, "%s/%s", dir, subdirs[i]);
      int r = mkdir(b.data, 0777);
      int e = errno;
      buf_free(&b);
      if (r != 0 && e != EEXIST) {
        errno = e;
        goto fail;
      }
    }
  }
  c->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (c->dir_fd < 0) {
    if (create) goto fail;
    return 0;
  }
  c->ac_fd = open_dir_at(c->dir_fd, "ac");
  c->cas_fd = open_dir_at(c->dir_fd, "cas");
  if (create && (c->ac_fd < 0 || c->cas_fd < 0)) goto fail;
  c->aclog = ac_log_open(c->dir_fd, "ac.log", create);
  if (create && !c->aclog) goto fail;
  c->ac_legacy = has_legacy_entries(c->ac_fd);
  atomic_store(&c->dirs->committed_ms, mono_ms());
  return 0;
fail: {
  /* Nothing is left open or allocated: the caller need not close. */
  int e = errno;
  cache_close(c);
  errno = e;
  return -1;
}
}

int cache_sync_dirs(const Cache *c) {
  if (!c->dirs) return 0;
  int rc = 0;
  for (unsigned k = 0; k < 4; k++) {
    uint64_t bits = atomic_exchange(&c->dirs->dirty[k], 0);
    for (unsigned i = 0; bits && i < 64; i++) {
      if (!(bits & ((uint64_t)1 << i))) continue;
      bits &= ~((uint64_t)1 << i);
      static const char hexd[] = "0123456789abcdef";
      unsigned n = k * 64 + i;
      char sub[3] = {hexd[n >> 4], hexd[n & 15], 0};
      int fd = c->cas_fd >= 0 ? openat(c->cas_fd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
      if (fd < 0 || fsync(fd) != 0) rc = -1;
      if (fd >= 0) close(fd);
    }
  }
  return rc;
}

int cache_commit(const Cache *c) {
  if (c->dirs) atomic_store(&c->dirs->committed_ms, mono_ms());
  int rc = cache_sync_dirs(c); /* the blobs' names first: an entry never outlives its blobs */
  if (c->aclog && ac_log_sync(c->aclog) != 0) rc = -1;
  return rc;
}

/* A commit when the last one is a second old (after an entry was written). */
static void commit_maybe(const Cache *c) {
  if (!c->dirs) return;
  int64_t now = mono_ms(), last = atomic_load(&c->dirs->committed_ms);
  if (now - last < COMMIT_EVERY_MS) return;
  if (!atomic_compare_exchange_strong(&c->dirs->committed_ms, &last, now)) return; /* another thread does it */
  cache_commit(c);
}

void cache_close(Cache *c) {
  cache_commit(c);
  ac_log_close(c->aclog);
  c->aclog = NULL;
  free(c->dirs);
  if (c->dir_fd >= 0) close(c->dir_fd);
  if (c->ac_fd >= 0) close(c->ac_fd);
  if (c->cas_fd >= 0) close(c->cas_fd);
  free(c->dir);
  memset(c, 0, sizeof *c);
  c->dir_fd = c->ac_fd = c->cas_fd = -1;
}

void cache_blob_path(const Cache *c, const char *digest_hex, Buf *out) {
  buf_printf(out, "%s/cas/%.2s/%s", c->dir, digest_hex, digest_hex + 2);
}

void cache_log_path(const Cache *c, const char *key_hex, Buf *out) {
  buf_printf(out, "%s/logs/%s.log", c->dir, key_hex);
}

bool cache_has_action(const Cache *c, const char *key_hex) {
  int r = c->aclog ? ac_log_find(c->aclog, key_hex) : 0;
  if (r != 0) return r == 1;
  if (c->ac_fd < 0 || !c->ac_legacy) return false;
  char rel[67];
  rel_name(key_hex, rel);
  struct stat st;
  return fstatat(c->ac_fd, rel, &st, 0) == 0 && S_ISREG(st.st_mode);
}

/* ---- atomic writes ---- */

int cache_fsync_parent(const char *path) {
  const char *slash = strrchr(path, '/');
  char *dir = slash ? (slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path))) : xstrdup(".");
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  free(dir);
  if (fd < 0) return -1;
  int r = fsync(fd);
  close(fd);
  return r;
}

/* Opens a temp file from the mkostemp template in b (taken) for final_path. */
static int tmp_open(CacheTmp *t, Buf *b, const char *final_path) {
  t->tmp_path = buf_take(b);
  t->fd = mkostemp(t->tmp_path, O_CLOEXEC);
  if (t->fd < 0) {
    int e = errno;
    free(t->tmp_path);
    t->tmp_path = NULL;
    t->final_path = NULL;
    errno = e;
    return -1;
  }
  t->final_path = xstrdup(final_path);
  return 0;
}

int cache_tmp_begin(CacheTmp *t, const char *final_path) {
  const char *slash = strrchr(final_path, '/');
  size_t dirlen = slash ? (size_t)(slash - final_path + 1) : 0;
  Buf b = {0};
  buf_append(&b, final_path, dirlen);
  buf_printf(&b, ".tmp-%s-XXXXXX", final_path + dirlen);
  return tmp_open(t, &b, final_path);
}

void cache_tmp_abort(CacheTmp *t) {
  if (t->fd >= 0) close(t->fd);
  if (t->tmp_path) unlink(t->tmp_path);
  free(t->tmp_path);
  free(t->final_path);
  t->fd = -1;
  t->tmp_path = t->final_path = NULL;
}

int cache_tmp_commit(CacheTmp *t) {
  int r = fsync(t->fd);
  if (close(t->fd) != 0) r = -1;
  t->fd = -1;
  if (r == 0) r = rename(t->tmp_path, t->final_path);
  int e = errno;
  if (r == 0) {
    cache_fsync_parent(t->final_path);
    free(t->tmp_path);
    t->tmp_path = NULL;
  }
  cache_tmp_abort(t);
  errno = e;
  return r;
}

int cache_write_file(const char *path, const void *data, size_t len) {
  CacheTmp t;
  if (cache_tmp_begin(&t, path) != 0) return -1;
  if (fd_write_all(t.fd, data, len) != 0) {
    int e = errno;
    cache_tmp_abort(&t);
    errno = e;
    return -1;
  }
  return cache_tmp_commit(&t);
}

/* Starts an atomic write of final_path with its temp file in <dir>/tmp/
 * (same file system, so the rename still is atomic): a build killed mid-write
 * leaves the temp file where the next build's cache_clean_tmp() removes it,
 * not beside the entries, where nothing would. */
static int tmp_begin_in_cache(const Cache *c, CacheTmp *t, const char *final_path) {
  Buf b = {0};
  buf_printf(&b, "%s/tmp/.tmp-XXXXXX", c->dir);
  return tmp_open(t, &b, final_path);
}

/* Makes "cas/ab" exist (once per build: then it is known); fsyncs cas/
 * when it was created. */
static int ensure_fanout(const Cache *c, const char *hex) {
  unsigned n = fan_index(hex);
  uint64_t bit = (uint64_t)1 << (n & 63);
  if (c->dirs && (atomic_load_explicit(&c->dirs->made[n >> 6], memory_order_relaxed) & bit)) return 0;
  char sub[3] = {hex[0], hex[1], 0};
  if (mkdirat(c->cas_fd, sub, 0777) == 0) {
    fsync(c->cas_fd);
  } else if (errno != EEXIST) {
    return -1;
  }
  if (c->dirs) atomic_fetch_or(&c->dirs->made[n >> 6], bit);
  return 0;
}

/* The fan-out directory of hex was linked into: fsync it at cache_sync_dirs
 * (at once when the Cache has no bitmaps). */
static void fanout_dirty(const Cache *c, const char *hex) {
  unsigned n = fan_index(hex);
  if (c->dirs) {
    atomic_fetch_or(&c->dirs->dirty[n >> 6], (uint64_t)1 << (n & 63));
    return;
  }
  char sub[3] = {hex[0], hex[1], 0};
  int fd = openat(c->cas_fd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

/* Writes data as "cas/ab/cdef..." (read-only) through an unnamed file (O_TMPFILE) in
 * the fan-out directory itself, fsynced, then given its name with linkat: no
 * cross-directory rename (which takes the file system's rename lock, and 64
 * workers storing at once queue on it), and a kill at any moment leaves
 * nothing behind (an unnamed file goes with its descriptor). Returns 0, -1
 * with errno, or 1 when the caller must take the tmp/ + rename way: the name
 * exists (rename replaces it: a corrupt copy heals) or the file system or
 * /proc does not allow this. */
static int put_linked(const Cache *c, const char *hex, const void *data, size_t len) {
  int at = c->cas_fd;
  char sub[3] = {hex[0], hex[1], 0};
  int fd = openat(at, sub, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0444);
  if (fd < 0) return 1;
  int rc = -1;
  if (fd_write_all(fd, data, len) == 0 && fsync(fd) == 0) {
    char proc[48], rel[67];
    rel_name(hex, rel);
    /* linkat(fd, "", AT_EMPTY_PATH) skips a path walk through /proc (about
     * as costly as the rest of the store); kernels before 6.10 allow it only
     * with CAP_DAC_READ_SEARCH: once refused, /proc it is */
    static atomic_bool no_empty_path;
    int r = -1;
    if (!atomic_load_explicit(&no_empty_path, memory_order_relaxed)) {
      r = linkat(fd, "", at, rel, AT_EMPTY_PATH);
      if (r != 0 && (errno == ENOENT || errno == EPERM || errno == EINVAL)) atomic_store(&no_empty_path, true);
      else if (r != 0) r = -2; /* EEXIST and the like: the same answer through /proc */
    }
    if (r == -1) {
      snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
      r = linkat(AT_FDCWD, proc, at, rel, AT_SYMLINK_FOLLOW);
    }
    if (r == 0) {
      fanout_dirty(c, hex);
      rc = 0;
    } else {
      rc = 1;
    }
  }
  int e = errno;
  close(fd);
  errno = e;
  return rc;
}

/* cache_tmp_commit for a temp file of tmp_begin_in_cache: fsync, rename, and
 * the fan-out directory marked for cache_sync_dirs. */
static int tmp_commit_in_cache(const Cache *c, CacheTmp *t, const char *hex) {
  int r = fsync(t->fd);
  if (close(t->fd) != 0) r = -1;
  t->fd = -1;
  if (r == 0) r = rename(t->tmp_path, t->final_path);
  int e = errno;
  if (r == 0) {
    fanout_dirty(c, hex);
    free(t->tmp_path);
    t->tmp_path = NULL;
  }
  cache_tmp_abort(t);
  errno = e;
  return r;
}

/* ---- action entries ---- */

void action_entry_free(ActionEntry *e) {
  free(e->job_id);
  free(e->backend);
  memset(e, 0, sizeof *e);
}

static bool ext_ok(const char *s) {
  size_t n = strlen(s);
  if (n >= 16) return false;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
      return false;
  return true;
}

static int parse_action(const char *text, ActionEntry *e) {
  memset(e, 0, sizeof *e);
  cJSON *root = cJSON_Parse(text);
  if (!root) return -2;
  int rc = -2;
  const cJSON *job = cJSON_GetObjectItemCaseSensitive(root, "job");
  const cJSON *backend = cJSON_GetObjectItemCaseSensitive(root, "backend");
  const cJSON *outs = cJSON_GetObjectItemCaseSensitive(root, "outputs");
  if (!cJSON_IsString(job) || !cJSON_IsString(backend) || !cJSON_IsArray(outs)) goto done;
  e->job_id = xstrdup(job->valuestring);
  e->backend = xstrdup(backend->valuestring);
  const cJSON *o;
  cJSON_ArrayForEach(o, outs) {
    if (e->noutputs == ACTION_MAX_OUTPUTS) goto done;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "name");
    const cJSON *ext = cJSON_GetObjectItemCaseSensitive(o, "ext");
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(o, "sha256");
    const cJSON *size = cJSON_GetObjectItemCaseSensitive(o, "size");
    if (!cJSON_IsString(name) || !cJSON_IsString(ext) || !cJSON_IsString(sha) || !cJSON_IsNumber(size)) goto done;
    ActionOutput *ao = &e->outputs[e->noutputs];
    if (strlen(name->valuestring) >= sizeof ao->name || !ext_ok(ext->valuestring)) goto done;
    if (sha_from_hex(sha->valuestring, ao->digest) != 0) goto done;
    strcpy(ao->name, name->valuestring);
    strcpy(ao->ext, ext->valuestring);
    sha_hex(ao->digest, ao->digest_hex);
    ao->size = (int64_t)size->valuedouble;
    e->noutputs++;
  }
  const cJSON *v;
  if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(root, "wall_s"))) e->wall_s = v->valuedouble;
  if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(root, "cost"))) e->cost = v->valuedouble;
  if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(root, "finished"))) e->finished = (int64_t)v->valuedouble;
  rc = 0;
done:
  cJSON_Delete(root);
  if (rc != 0) action_entry_free(e);
  return rc;
}

/* An older version's entry file. */
static int legacy_get_action(const Cache *c, const char *key_hex, ActionEntry *e) {
  memset(e, 0, sizeof *e);
  if (c->ac_fd < 0 || !c->ac_legacy) return -1;
  char rel[67];
  rel_name(key_hex, rel);
  int fd = openat(c->ac_fd, rel, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char *text = xmalloc(ACTION_MAX_BYTES + 1);
  size_t n = 0;
  for (;;) {
    ssize_t r = read(fd, text + n, ACTION_MAX_BYTES - n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    n += (size_t)r;
    if (n == ACTION_MAX_BYTES) break;
  }
  close(fd);
  text[n] = 0;
  int rc = parse_action(text, e);
  free(text);
  return rc;
}

int cache_get_action(const Cache *c, const char *key_hex, ActionEntry *e) {
  memset(e, 0, sizeof *e);
  char *text = NULL;
  int r = c->aclog ? ac_log_get(c->aclog, key_hex, &text) : 0;
  if (r == 0) return legacy_get_action(c, key_hex, e);
  if (r == -1) return -1;
  if (r == -2) return -2;
  int rc = parse_action(text, e);
  free(text);
  return rc;
}

int cache_put_action(const Cache *c, const char *key_hex, const ActionEntry *e) {
  Buf b = {0};
  buf_puts(&b, "{\"version\":1,\"job\":");
  buf_json_string(&b, e->job_id, strlen(e->job_id));
  buf_puts(&b, ",\"backend\":");
  buf_json_string(&b, e->backend, strlen(e->backend));
  buf_puts(&b, ",\"outputs\":[");
  for (size_t i = 0; i < e->noutputs; i++) {
    const ActionOutput *o = &e->outputs[i];
    buf_printf(&b, "%s{\"name\":", i ? "," : "");
    buf_json_string(&b, o->name, strlen(o->name));
    buf_puts(&b, ",\"ext\":");
    buf_json_string(&b, o->ext, strlen(o->ext));
    buf_printf(&b, ",\"sha256\":\"%s\",\"size\":%lld}", o->digest_hex, (long long)o->size);
  }
  buf_printf(&b, "],\"wall_s\":%.3f,\"cost\":%.6g,\"finished\":%lld}", e->wall_s, e->cost,
             (long long)e->finished);
  if (!c->aclog) {
    buf_free(&b);
    errno = ENOENT;
    return -1;
  }
  int rc = ac_log_put(c->aclog, key_hex, b.data, b.len);
  int err = errno;
  buf_free(&b);
  if (rc == 0) commit_maybe(c);
  errno = err;
  return rc;
}

void cache_drop_action(const Cache *c, const char *key_hex) {
  if (c->aclog && ac_log_find(c->aclog, key_hex) == 1) ac_log_drop(c->aclog, key_hex);
  if (c->ac_fd < 0 || !c->ac_legacy) return;
  char rel[67];
  rel_name(key_hex, rel);
  unlinkat(c->ac_fd, rel, 0);
}

/* ---- blobs ---- */

int cache_hash_file(int fd, unsigned char digest[32], int64_t *size) {
  ShaCtx *s = sha_new();
  char chunk[HASH_STACK_CHUNK]; /* no 1 MB malloc per call: most blobs are small */
  int64_t total = 0;
  int rc = 0;
  for (;;) {
    ssize_t r = read(fd, chunk, sizeof chunk);
    if (r < 0) {
      if (errno == EINTR) continue;
      rc = -1;
      break;
    }
    if (r == 0) break;
    sha_update(s, chunk, (size_t)r);
    total += r;
  }
  int e = errno;
  sha_final(s, digest);
  sha_free(s);
  if (size) *size = total;
  errno = e;
  return rc;
}

static int copy_fd(int in, int out) {
  char *chunk = xmalloc(HASH_CHUNK);
  int rc = 0;
  for (;;) {
    ssize_t r = read(in, chunk, HASH_CHUNK);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) rc = -1;
    if (r <= 0) break;
    if (fd_write_all(out, chunk, (size_t)r) != 0) {
      rc = -1;
      break;
    }
  }
  int e = errno;
  free(chunk);
  errno = e;
  return rc;
}

int cache_put_blob(const Cache *c, const char *path, bool move, ActionOutput *out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  if (cache_hash_file(fd, out->digest, &out->size) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  sha_hex(out->digest, out->digest_hex);
  if (ensure_fanout(c, out->digest_hex) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  char rel[67];
  rel_name(out->digest_hex, rel);
  Buf dest = {0};
  cache_blob_path(c, out->digest_hex, &dest);
  int rc = -1;
  if (move) {
    /* Rename replaces an older copy too: a corrupt one heals. */
    if (fchmod(fd, 0444) == 0 && fsync(fd) == 0 && rename(path, dest.data) == 0) {
      fanout_dirty(c, out->digest_hex);
      rc = 0;
    } else if (errno != EXDEV) {
      goto done;
    }
  }
  if (rc != 0) {
    struct stat st;
    if (fstatat(c->cas_fd, rel, &st, 0) == 0 && st.st_size == out->size) {
      rc = 0;
      goto done;
    }
    CacheTmp t;
    if (tmp_begin_in_cache(c, &t, dest.data) != 0) goto done;
    if (lseek(fd, 0, SEEK_SET) != 0 || copy_fd(fd, t.fd) != 0 || fchmod(t.fd, 0444) != 0) {
      int e = errno;
      cache_tmp_abort(&t);
      errno = e;
      goto done;
    }
    rc = tmp_commit_in_cache(c, &t, out->digest_hex);
  }
done:;
  int e = errno;
  close(fd);
  buf_free(&dest);
  errno = e;
  return rc;
}

int cache_put_blob_bytes(const Cache *c, const void *data, size_t len, ActionOutput *out) {
  ShaCtx *s = sha_new();
  sha_update(s, data, len);
  sha_final(s, out->digest);
  sha_free(s);
  sha_hex(out->digest, out->digest_hex);
  out->size = (int64_t)len;
  if (ensure_fanout(c, out->digest_hex) != 0) return -1;
  /* the same bytes stored already: kept when they still hash to their name
   * (reading a small blob back costs less than writing it again); a damaged
   * copy is replaced below */
  char rel[67];
  rel_name(out->digest_hex, rel);
  struct stat st;
  if (fstatat(c->cas_fd, rel, &st, 0) == 0 && S_ISREG(st.st_mode) && st.st_size == (off_t)len &&
      cache_check_blob(c, out->digest_hex) == 0)
    return 0;
  int linked = put_linked(c, out->digest_hex, data, len);
  if (linked <= 0) return linked;
  Buf dest = {0};
  cache_blob_path(c, out->digest_hex, &dest);
  CacheTmp t;
  int rc = -1;
  if (tmp_begin_in_cache(c, &t, dest.data) == 0) {
    /* rename replaces an older copy too: a corrupt one heals */
    if (fd_write_all(t.fd, data, len) == 0 && fchmod(t.fd, 0444) == 0) {
      rc = tmp_commit_in_cache(c, &t, out->digest_hex);
    } else {
      int e = errno;
      cache_tmp_abort(&t);
      errno = e;
    }
  }
  int e = errno;
  buf_free(&dest);
  errno = e;
  return rc;
}

int cache_check_blob(const Cache *c, const char *digest_hex) {
  if (c->cas_fd < 0 || !is_hex64(digest_hex)) return -1;
  char rel[67];
  rel_name(digest_hex, rel);
  int fd = openat(c->cas_fd, rel, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  unsigned char d[32];
  char hex[65];
  int r = cache_hash_file(fd, d, NULL);
  close(fd);
  if (r != 0) return -2;
  sha_hex(d, hex);
  return strcmp(hex, digest_hex) == 0 ? 0 : -2;
}

void cache_drop_blob(const Cache *c, const char *digest_hex) {
  if (c->cas_fd < 0) return;
  char rel[67];
  rel_name(digest_hex, rel);
  unlinkat(c->cas_fd, rel, 0);
}

/* ---- trees ---- */

static int remove_in(int dirfd) {
  DIR *d = fdopendir(dirfd);
  if (!d) {
    close(dirfd);
    return -1;
  }
  int rc = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    struct stat st;
    if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      int sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0 || remove_in(sub) != 0 || unlinkat(dirfd, de->d_name, AT_REMOVEDIR) != 0) rc = -1;
    } else if (unlinkat(dirfd, de->d_name, 0) != 0) {
      rc = -1;
    }
  }
  closedir(d);
  return rc;
}

int cache_remove_tree(const char *path) {
  /* The common case first: a work directory whose files were all moved into
   * the cache is empty (one rmdir, no lstat/open/readdir). */
  if (rmdir(path) == 0) return 0;
  if (errno == ENOENT) return 0;
  struct stat st;
  if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
  if (!S_ISDIR(st.st_mode)) return unlink(path);
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -1;
  if (remove_in(fd) != 0) return -1;
  return rmdir(path);
}

void cache_clean_tmp(const Cache *c) {
  if (c->dir_fd < 0) return;
  int fd = open_dir_at(c->dir_fd, "tmp");
  if (fd >= 0) remove_in(fd);
}

/* ---- gc ---- */

/* Open-addressing set of 32-byte digests. */
typedef struct DigestSet {
  unsigned char (*slot)[32];
  bool *used;
  size_t cap, n;
} DigestSet;

static size_t digest_hash(const unsigned char d[32]) {
  size_t h;
  memcpy(&h, d, sizeof h);
  return h;
}

static void digest_set_add(DigestSet *s, const unsigned char d[32]);

static void digest_set_grow(DigestSet *s) {
  DigestSet old = *s;
  s->cap = old.cap ? old.cap * 2 : 1024;
  s->slot = xcalloc(s->cap, 32);
  s->used = xcalloc(s->cap, sizeof(bool));
  s->n = 0;
  for (size_t i = 0; i < old.cap; i++)
    if (old.used[i]) digest_set_add(s, old.slot[i]);
  free(old.slot);
  free(old.used);
}

static void digest_set_add(DigestSet *s, const unsigned char d[32]) {
  if (2 * (s->n + 1) > s->cap) digest_set_grow(s);
  size_t i = digest_hash(d) & (s->cap - 1);
  while (s->used[i]) {
    if (memcmp(s->slot[i], d, 32) == 0) return;
    i = (i + 1) & (s->cap - 1);
  }
  s->used[i] = true;
  memcpy(s->slot[i], d, 32);
  s->n++;
}

static bool digest_set_has(const DigestSet *s, const unsigned char d[32]) {
  if (!s->cap) return false;
  size_t i = digest_hash(d) & (s->cap - 1);
  while (s->used[i]) {
    if (memcmp(s->slot[i], d, 32) == 0) return true;
    i = (i + 1) & (s->cap - 1);
  }
  return false;
}

static void digest_set_free(DigestSet *s) {
  free(s->slot);
  free(s->used);
  memset(s, 0, sizeof *s);
}

/* Calls fn for every file in the 256 fan-out directories under top_fd with
 * its 64-digit name; removes temp files and empty fan-out directories. */
static void walk_fanout(int top_fd, void (*fn)(void *ctx, int subfd, const char *name, const char *hex),
                        void *ctx) {
  int fd = dup(top_fd);
  if (fd < 0) return;
  DIR *top = fdopendir(fd);
  if (!top) {
    close(fd);
    return;
  }
  rewinddir(top);
  struct dirent *de;
  while ((de = readdir(top))) {
    if (strlen(de->d_name) != 2 || de->d_name[0] == '.') continue;
    int sub = openat(top_fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub < 0) continue;
    DIR *d = fdopendir(sub);
    if (!d) {
      close(sub);
      continue;
    }
    struct dirent *f;
    while ((f = readdir(d))) {
      if (f->d_name[0] == '.') {
        if (str_has_prefix(f->d_name, ".tmp-")) unlinkat(sub, f->d_name, 0);
        continue;
      }
      char hex[65];
      if (strlen(f->d_name) != 62) continue;
      hex[0] = de->d_name[0];
      hex[1] = de->d_name[1];
      memcpy(hex + 2, f->d_name, 63);
      if (!is_hex64(hex)) continue;
      fn(ctx, sub, f->d_name, hex);
    }
    closedir(d);
    unlinkat(top_fd, de->d_name, AT_REMOVEDIR); /* fails unless empty */
  }
  closedir(top);
}

typedef struct GcCtx {
  const Cache *cache;
  bool (*live)(void *ctx, const char *key_hex);
  void *live_ctx;
  DigestSet referenced;
  CacheGcStats *st;
} GcCtx;

/* Removes one cache file, counting the bytes it frees. */
static void gc_remove(GcCtx *g, int subfd, const char *name) {
  struct stat st;
  if (fstatat(subfd, name, &st, 0) == 0) g->st->bytes_freed += (uint64_t)st.st_size;
  unlinkat(subfd, name, 0);
}

static void gc_action(void *vctx, int subfd, const char *name, const char *hex) {
  GcCtx *g = vctx;
  ActionEntry e;
  bool shadowed = g->cache->aclog && ac_log_find(g->cache->aclog, hex) != 0; /* the journal's entry wins */
  if (!shadowed && g->live(g->live_ctx, hex) && legacy_get_action(g->cache, hex, &e) == 0) {
    for (size_t i = 0; i < e.noutputs; i++) digest_set_add(&g->referenced, e.outputs[i].digest);
    action_entry_free(&e);
    g->st->actions_kept++;
    return;
  }
  gc_remove(g, subfd, name);
  g->st->actions_removed++;
}

/* ac_log_rewrite: keeps a live entry and marks the blobs it names. */
static bool gc_keep_entry(void *vctx, const char *hex, const char *text) {
  GcCtx *g = vctx;
  ActionEntry e;
  if (!g->live(g->live_ctx, hex) || parse_action(text, &e) != 0) return false;
  for (size_t i = 0; i < e.noutputs; i++) digest_set_add(&g->referenced, e.outputs[i].digest);
  action_entry_free(&e);
  return true;
}

/* Removes the empty fan-out directories of ac/ (rmdir fails on the others). */
static void remove_empty_fanouts(int ac_fd) {
  if (ac_fd < 0) return;
  static const char hexd[] = "0123456789abcdef";
  for (unsigned n = 0; n < 256; n++) {
    char sub[3] = {hexd[n >> 4], hexd[n & 15], 0};
    unlinkat(ac_fd, sub, AT_REMOVEDIR);
  }
}

static void gc_blob(void *vctx, int subfd, const char *name, const char *hex) {
  GcCtx *g = vctx;
  unsigned char d[32];
  if (sha_from_hex(hex, d) == 0 && digest_set_has(&g->referenced, d)) {
    g->st->blobs_kept++;
    return;
  }
  gc_remove(g, subfd, name);
  g->st->blobs_removed++;
}

static void gc_logs(GcCtx *g) {
  int fd = open_dir_at(g->cache->dir_fd, "logs");
  if (fd < 0) return;
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return;
  }
  struct dirent *de;
  while ((de = readdir(d))) {
    if (de->d_name[0] == '.') {
      if (str_has_prefix(de->d_name, ".tmp-")) unlinkat(fd, de->d_name, 0);
      continue;
    }
    if (strlen(de->d_name) != 68 || !str_has_suffix(de->d_name, ".log")) continue;
    char hex[65];
    memcpy(hex, de->d_name, 64);
    hex[64] = 0;
    if (is_hex64(hex) && g->live(g->live_ctx, hex) && cache_has_action(g->cache, hex)) continue;
    gc_remove(g, fd, de->d_name);
  }
  closedir(d);
}

int cache_gc(const Cache *c, bool (*live)(void *ctx, const char *key_hex), void *ctx, CacheGcStats *st) {
  memset(st, 0, sizeof *st);
  if (c->dir_fd < 0) return 0;
  if (c->ac_fd < 0 || c->cas_fd < 0) return -1;
  GcCtx g = {c, live, ctx, {0}, st};
  walk_fanout(c->ac_fd, gc_action, &g);
  remove_empty_fanouts(c->ac_fd);
  if (c->aclog) {
    size_t kept = 0, removed = 0;
    if (ac_log_rewrite(c->aclog, "ac.log.tmp", gc_keep_entry, &g, &kept, &removed) != 0) {
      digest_set_free(&g.referenced);
      return -1; /* nothing removed: which blobs the journal needs is not known */
    }
    st->actions_kept += kept;
    st->actions_removed += removed;
  }
  walk_fanout(c->cas_fd, gc_blob, &g);
  gc_logs(&g);
  cache_clean_tmp(c);
  digest_set_free(&g.referenced);
  return 0;
}
