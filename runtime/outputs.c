/* outputs.c - installing job outputs under the output directory and
 * keeping the record that makes a no-op build cheap (outputs.h).
 *
 * Record format: a header line, then one line per installed file:
 *   <key hex> \t <name> \t <size> \t <mtime ns> \t <inode> \t <job id> \t <relative path> \n */
#include "outputs.h"
#include "buf.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_HEADER "# storyc outputs v2\n"

static atomic_uint tmp_counter;

static int64_t mtime_ns(const struct stat *st) {
  return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

static void index_put(Outputs *o, size_t r);

static void index_rebuild(Outputs *o, size_t cap) {
  free(o->index);
  o->index_cap = cap;
  o->index = xcalloc(cap, sizeof *o->index);
  for (size_t r = 0; r < o->nrecs; r++) index_put(o, r);
}

static void index_put(Outputs *o, size_t r) {
  const OutputRecord *rec = &o->recs[r];
  size_t i = (size_t)rec->id_hash & (o->index_cap - 1);
  while (o->index[i].rec) i = (i + 1) & (o->index_cap - 1);
  o->index[i].hash = rec->id_hash;
  o->index[i].rec = r + 1;
}

/* Adds a record (o->mu held or single-threaded); returns its index. */
static size_t rec_add(Outputs *o, OutputRecord *rec) {
  if (o->nrecs == o->cap) {
    o->cap = o->cap ? 2 * o->cap : 64;
    o->recs = xrealloc(o->recs, o->cap * sizeof *o->recs);
  }
  o->recs[o->nrecs++] = *rec;
  if (2 * o->nrecs > o->index_cap) {
    index_rebuild(o, o->index_cap ? 2 * o->index_cap : 256);
  } else {
    index_put(o, o->nrecs - 1);
  }
  return o->nrecs - 1;
}

enum { OUTPUTS_MAX_MATCH = 8 };

/* Collects into out the records of job id; returns how many. */
static size_t find_job(const Outputs *o, const char *id, size_t *out) {
  if (!o->index_cap) return 0;
  size_t n = 0;
  uint64_t h = str_hash(id);
  size_t i = (size_t)h & (o->index_cap - 1);
  while (o->index[i].rec) {
    size_t r = o->index[i].rec - 1;
    if (o->index[i].hash == h && strcmp(o->recs[r].id, id) == 0 && n < OUTPUTS_MAX_MATCH) out[n++] = r;
    i = (i + 1) & (o->index_cap - 1);
  }
  return n;
}

/* True when path is base + "." + extension (or base itself). */
static bool path_of(const char *path, const char *base) {
  size_t n = strlen(base);
  if (strncmp(path, base, n) != 0) return false;
  return path[n] == 0 || (path[n] == '.' && !strchr(path + n, '/'));
}

static bool parse_line(char *line, OutputRecord *rec) {
  char *f[7];
  if (!str_split_tabs(line, f, 7)) return false;
  if (strlen(f[0]) != 64 || strlen(f[1]) >= sizeof rec->name || !*f[5] || !*f[6]) return false;
  memset(rec, 0, sizeof *rec);
  memcpy(rec->key_hex, f[0], 65);
  strcpy(rec->name, f[1]);
  rec->size = strtoll(f[2], NULL, 10);
  rec->mtime_ns = strtoll(f[3], NULL, 10);
  rec->ino = strtoull(f[4], NULL, 10);
  const char *path = f[6];
  if (path[0] == '/' || strstr(path, "..")) return false;
  rec->id = xstrdup(f[5]);
  rec->id_hash = str_hash(rec->id);
  rec->path = xstrdup(path);
  return true;
}

int outputs_open(Outputs *o, const char *dir) {
  memset(o, 0, sizeof *o);
  pthread_mutex_init(&o->mu, NULL);
  o->dir = xstrdup(dir);
  o->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (o->dir_fd < 0) return 0;
  int fd = openat(o->dir_fd, OUTPUTS_STATE, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  close(fd);
  Buf path = {0};
  buf_printf(&path, "%s/%s", dir, OUTPUTS_STATE);
  size_t len;
  char *text = file_read_all(path.data, &len, 0);
  buf_free(&path);
  if (!text) return 0;
  size_t hlen = strlen(STATE_HEADER);
  if (len >= hlen && memcmp(text, STATE_HEADER, hlen) == 0) {
    char *p = text + hlen, *end = text + len;
    while (p < end) {
      char *nl = memchr(p, '\n', (size_t)(end - p));
      if (!nl) break;
      *nl = 0;
      OutputRecord rec;
      if (parse_line(p, &rec)) rec_add(o, &rec);
      p = nl + 1;
    }
  }
  free(text);
  return 0;
}

void outputs_close(Outputs *o) {
  for (size_t i = 0; i < o->nrecs; i++) {
    free(o->recs[i].path);
    free(o->recs[i].id);
  }
  free(o->recs);
  free(o->index);
  free(o->dir);
  if (o->dir_fd >= 0) close(o->dir_fd);
  pthread_mutex_destroy(&o->mu);
  memset(o, 0, sizeof *o);
  o->dir_fd = -1;
}

static bool same_file(const OutputRecord *rec, const struct stat *st) {
  return S_ISREG(st->st_mode) && st->st_size == rec->size && mtime_ns(st) == rec->mtime_ns &&
         (uint64_t)st->st_ino == rec->ino;
}

/* Checks records [from, to): no lock, nothing else touches them yet. The
 * directory of the last record stays open, so that most fstatat calls look
 * up one name instead of walking the whole path. */
static void check_range(Outputs *o, size_t from, size_t to) {
  int dfd = -1;
  const char *dir = NULL;
  size_t dirlen = 0;
  for (size_t i = from; i < to; i++) {
    OutputRecord *rec = &o->recs[i];
    if (rec->gone) continue;
    const char *slash = strrchr(rec->path, '/');
    int at = o->dir_fd;
    const char *name = rec->path;
    if (slash) {
      size_t len = (size_t)(slash - rec->path);
      if (!dir || len != dirlen || memcmp(dir, rec->path, len) != 0) {
        if (dfd >= 0) close(dfd);
        char *d = xstrndup(rec->path, len);
        dfd = openat(o->dir_fd, d, O_PATH | O_DIRECTORY | O_CLOEXEC);
        free(d);
        dir = rec->path;
        dirlen = len;
      }
      at = dfd;
      name = slash + 1;
    }
    struct stat st;
    rec->unchanged = at >= 0 && fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && same_file(rec, &st);
    rec->checked = true;
  }
  if (dfd >= 0) close(dfd);
}

typedef struct CheckPart {
  Outputs *o;
  size_t from, to;
} CheckPart;

static void *check_main(void *arg) {
  CheckPart *p = arg;
  check_range(p->o, p->from, p->to);
  return NULL;
}

enum { CHECK_MAX_THREADS = 8, CHECK_MIN_PER_THREAD = 2048 };

void outputs_check(Outputs *o, int threads) {
  if (o->dir_fd < 0 || !o->nrecs) return;
  if (threads > CHECK_MAX_THREADS) threads = CHECK_MAX_THREADS;
  if ((size_t)threads > o->nrecs / CHECK_MIN_PER_THREAD) threads = (int)(o->nrecs / CHECK_MIN_PER_THREAD);
  if (threads < 1) threads = 1;
  size_t per = (o->nrecs + (size_t)threads - 1) / (size_t)threads;
  CheckPart parts[CHECK_MAX_THREADS];
  pthread_t tids[CHECK_MAX_THREADS];
  bool started[CHECK_MAX_THREADS] = {false};
  for (int t = 0; t < threads; t++) {
    size_t from = (size_t)t * per, to = from + per;
    parts[t] = (CheckPart){o, from < o->nrecs ? from : o->nrecs, to < o->nrecs ? to : o->nrecs};
    if (t > 0) started[t] = pthread_create(&tids[t], NULL, check_main, &parts[t]) == 0;
  }
  check_range(o, parts[0].from, parts[0].to);
  for (int t = 1; t < threads; t++) {
    if (started[t]) pthread_join(tids[t], NULL);
    else check_range(o, parts[t].from, parts[t].to);
  }
}

bool outputs_current(Outputs *o, const PlanJob *job) {
  if (!job->output) return true;
  size_t match[OUTPUTS_MAX_MATCH];
  pthread_mutex_lock(&o->mu);
  size_t n = find_job(o, job->id, match);
  bool ok = true, have_main = false;
  for (size_t i = 0; i < n; i++) {
    OutputRecord *rec = &o->recs[match[i]];
    if (rec->gone) continue;
    rec->seen = true;
    if (!ok) continue;
    struct stat st;
    if (memcmp(rec->key_hex, job->key_hex, 64) != 0 || !path_of(rec->path, job->output) || o->dir_fd < 0 ||
        !(rec->checked ? rec->unchanged
                       : fstatat(o->dir_fd, rec->path, &st, AT_SYMLINK_NOFOLLOW) == 0 && same_file(rec, &st))) {
      ok = false;
      continue;
    }
    if (strcmp(rec->name, "main") == 0) have_main = true;
  }
  pthread_mutex_unlock(&o->mu);
  return ok && have_main;
}

/* Makes the directory of path. Mostly it exists already: one stat then,
 * instead of a mkdir per component of the whole path. */
static int mkdirs_for(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return 0;
  char *dir = xstrndup(path, (size_t)(slash - path));
  struct stat st;
  int r = stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : cache_mkdirs(dir);
  free(dir);
  return r;
}

static int copy_file(const char *from, const char *to) {
  int in = open(from, O_RDONLY | O_CLOEXEC);
  if (in < 0) return -1;
  CacheTmp t;
  if (cache_tmp_begin(&t, to) != 0) {
    close(in);
    return -1;
  }
  int rc = 0;
  char *chunk = xmalloc(1 << 20);
  for (;;) {
    ssize_t r = read(in, chunk, 1 << 20);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) rc = -1;
    if (r <= 0) break;
    for (ssize_t off = 0; off < r;) {
      ssize_t w = write(t.fd, chunk + off, (size_t)(r - off));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        rc = -1;
        break;
      }
      off += w;
    }
    if (rc) break;
  }
  int e = errno;
  free(chunk);
  close(in);
  if (rc == 0) fchmod(t.fd, 0644);
  if (rc != 0) {
    cache_tmp_abort(&t);
    errno = e;
    return -1;
  }
  return cache_tmp_commit(&t);
}

/* Puts blob at full: a hard link when it can, a copy otherwise; atomically. */
static int place_file(const char *blob, const char *full) {
  Buf tmp = {0};
  const char *slash = strrchr(full, '/');
  size_t dirlen = slash ? (size_t)(slash - full + 1) : 0;
  buf_append(&tmp, full, dirlen);
  buf_printf(&tmp, ".tmp-%s-%ld-%u", full + dirlen, (long)getpid(), atomic_fetch_add(&tmp_counter, 1));
  int rc;
  unlink(tmp.data);
  if (link(blob, tmp.data) == 0) {
    rc = rename(tmp.data, full);
    unlink(tmp.data); /* rename of two links to one file leaves both */
  } else {
    rc = copy_file(blob, full);
  }
  buf_free(&tmp);
  return rc;
}

/* Removes the now empty directories of rel, deepest first, up to dir_fd. */
static void remove_empty_parents(int dir_fd, const char *rel) {
  char *p = xstrdup(rel);
  for (char *slash = strrchr(p, '/'); slash; slash = strrchr(p, '/')) {
    *slash = 0;
    if (unlinkat(dir_fd, p, AT_REMOVEDIR) != 0) break;
  }
  free(p);
}

/* Removes a record's file (o->mu held). */
static void drop_file(Outputs *o, OutputRecord *rec) {
  if (o->dir_fd >= 0 && unlinkat(o->dir_fd, rec->path, 0) == 0) remove_empty_parents(o->dir_fd, rec->path);
  rec->gone = true;
  o->dirty = true;
}

/* Records path (o->mu held): replaces the job's record of the same name,
 * and removes the file a record of the job had at another path (the output
 * moved or changed extension). */
static void record_file(Outputs *o, const PlanJob *job, const char *name, const char *rel, const struct stat *st) {
  size_t match[OUTPUTS_MAX_MATCH];
  size_t n = find_job(o, job->id, match);
  OutputRecord *same = NULL;
  for (size_t i = 0; i < n; i++) {
    OutputRecord *rec = &o->recs[match[i]];
    if (rec->gone) continue;
    if (strcmp(rec->path, rel) == 0) {
      same = rec;
    } else if (strcmp(rec->name, name) == 0) {
      drop_file(o, rec);
    }
  }
  if (!same) {
    OutputRecord rec = {0};
    rec.path = xstrdup(rel);
    rec.id = xstrdup(job->id);
    rec.id_hash = str_hash(rec.id);
    size_t r = rec_add(o, &rec); /* may move o->recs */
    same = &o->recs[r];
  }
  memcpy(same->key_hex, job->key_hex, 65);
  snprintf(same->name, sizeof same->name, "%s", name);
  same->size = st->st_size;
  same->mtime_ns = mtime_ns(st);
  same->ino = (uint64_t)st->st_ino;
  same->seen = true;
  same->gone = false;
  same->checked = false;
  o->dirty = true;
}

static bool installs(const ActionOutput *out) {
  return strcmp(out->name, "main") == 0 || strcmp(out->name, "srt") == 0;
}

int outputs_install(Outputs *o, const Cache *c, const PlanJob *job, const ActionEntry *e, bool verify, char **err) {
  if (!job->output) return 0;
  if (verify) {
    for (size_t i = 0; i < e->noutputs; i++)
      if (installs(&e->outputs[i]) && cache_check_blob(c, e->outputs[i].digest_hex) != 0) return -2;
  }
  for (size_t i = 0; i < e->noutputs; i++) {
    const ActionOutput *out = &e->outputs[i];
    if (!installs(out)) continue;
    const char *ext = strcmp(out->name, "srt") == 0 ? "srt" : out->ext;
    Buf rel = {0}, full = {0}, blob = {0};
    buf_printf(&rel, "%s%s%s", job->output, *ext ? "." : "", ext);
    buf_printf(&full, "%s/%s", o->dir, rel.data);
    cache_blob_path(c, out->digest_hex, &blob);
    struct stat st;
    int rc = mkdirs_for(full.data);
    if (rc == 0) rc = place_file(blob.data, full.data);
    if (rc == 0) rc = lstat(full.data, &st);
    if (rc != 0) {
      Buf m = {0};
      buf_printf(&m, "cannot write %s: %s", full.data, strerror(errno));
      *err = buf_take(&m);
    } else {
      pthread_mutex_lock(&o->mu);
      if (o->dir_fd < 0) o->dir_fd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      record_file(o, job, out->name, rel.data, &st);
      pthread_mutex_unlock(&o->mu);
    }
    buf_free(&rel);
    buf_free(&full);
    buf_free(&blob);
    if (rc != 0) return -1;
  }
  /* Files an older build of the job made that this one does not. */
  size_t match[OUTPUTS_MAX_MATCH];
  pthread_mutex_lock(&o->mu);
  size_t n = find_job(o, job->id, match);
  for (size_t i = 0; i < n; i++) {
    OutputRecord *rec = &o->recs[match[i]];
    if (rec->gone || memcmp(rec->key_hex, job->key_hex, 64) == 0) continue;
    drop_file(o, rec);
  }
  pthread_mutex_unlock(&o->mu);
  return 0;
}

static int path_cmp(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void outputs_prune(Outputs *o) {
  if (o->dir_fd < 0) return;
  size_t stale = 0;
  for (size_t i = 0; i < o->nrecs; i++) stale += !o->recs[i].seen && !o->recs[i].gone;
  if (!stale) return;
  /* Paths still in use: a stale record may name a file a live one owns now. */
  const char **live = xmalloc((o->nrecs ? o->nrecs : 1) * sizeof *live);
  size_t nlive = 0;
  for (size_t i = 0; i < o->nrecs; i++)
    if (o->recs[i].seen && !o->recs[i].gone) live[nlive++] = o->recs[i].path;
  qsort(live, nlive, sizeof *live, path_cmp);
  for (size_t i = 0; i < o->nrecs; i++) {
    OutputRecord *rec = &o->recs[i];
    if (rec->seen || rec->gone) continue;
    rec->gone = true;
    o->dirty = true;
    if (bsearch(&rec->path, live, nlive, sizeof *live, path_cmp)) continue;
    struct stat st;
    /* Only a file still as a build left it: never one somebody replaced. */
    if (fstatat(o->dir_fd, rec->path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
        st.st_size == rec->size && (uint64_t)st.st_ino == rec->ino) {
      unlinkat(o->dir_fd, rec->path, 0);
      remove_empty_parents(o->dir_fd, rec->path);
    }
  }
  free(live);
}

int outputs_save(Outputs *o) {
  if (!o->dirty) return 0;
  if (o->dir_fd < 0) return 0;
  Buf b = {0};
  buf_puts(&b, STATE_HEADER);
  for (size_t i = 0; i < o->nrecs; i++) {
    const OutputRecord *r = &o->recs[i];
    if (r->gone) continue;
    buf_printf(&b, "%s\t%s\t%" PRId64 "\t%" PRId64 "\t%" PRIu64 "\t%s\t%s\n", r->key_hex, r->name, r->size,
               r->mtime_ns, r->ino, r->id, r->path);
  }
  Buf path = {0};
  buf_printf(&path, "%s/%s", o->dir, OUTPUTS_STATE);
  int rc = cache_write_file(path.data, b.data, b.len);
  buf_free(&path);
  buf_free(&b);
  if (rc == 0) o->dirty = false;
  return rc;
}

int outputs_clean(const char *dir, size_t *removed) {
  *removed = 0;
  struct stat st;
  if (stat(dir, &st) != 0) return errno == ENOENT ? 0 : -1;
  Outputs o;
  outputs_open(&o, dir);
  int rc = 0;
  if (o.dir_fd < 0 || faccessat(o.dir_fd, OUTPUTS_STATE, F_OK, 0) != 0) {
    rc = 1;
  } else {
    for (size_t i = 0; i < o.nrecs; i++) {
      if (unlinkat(o.dir_fd, o.recs[i].path, 0) == 0) (*removed)++;
      remove_empty_parents(o.dir_fd, o.recs[i].path);
    }
    if (unlinkat(o.dir_fd, OUTPUTS_STATE, 0) != 0) rc = -1;
    rmdir(dir); /* fails, leaving it, when other files are there */
  }
  outputs_close(&o);
  return rc;
}
