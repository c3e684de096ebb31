/* cache_test.c - the content-addressed cache: blob and action round trips,
 * corrupt blobs, atomic writes, the build lock and gc. */
#include "cache.h"
#include "check.h"
#include "lock.h"
#include "sha.h"
#include "util.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *make_tmpdir(void) {
  char tmpl[] = "/tmp/storyc-cache-test-XXXXXX";
  if (!mkdtemp(tmpl)) fatal("mkdtemp");
  return xstrdup(tmpl);
}

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) fatal("cannot write %s", path);
  fputs(text, f);
  fclose(f);
}

static void append_text(const char *path, const char *text, size_t len) {
  FILE *f = fopen(path, "a");
  if (!f) fatal("cannot append to %s", path);
  fwrite(text, 1, len, f);
  fclose(f);
}

/* What another process (or a power cut) did to the journal: the cache is
 * opened again, so that it reads the file afresh. */
static void journal_append(Cache *c, const char *text, size_t len) {
  char *dir = xstrdup(c->dir);
  Buf p = {0};
  buf_printf(&p, "%s/ac.log", dir);
  cache_close(c);
  append_text(p.data, text, len);
  cache_open(c, dir, true);
  buf_free(&p);
  free(dir);
}

/* Counts directory entries whose name contains ".tmp-", recursively. */
static int count_tmp(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d))) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    if (strstr(de->d_name, ".tmp-")) n++;
    Buf sub = {0};
    buf_printf(&sub, "%s/%s", dir, de->d_name);
    struct stat st;
    if (lstat(sub.data, &st) == 0 && S_ISDIR(st.st_mode)) n += count_tmp(sub.data);
    buf_free(&sub);
  }
  closedir(d);
  return n;
}

static void test_roundtrip(const char *root) {
  Buf dir = {0}, src = {0};
  buf_printf(&dir, "%s/c1", root);
  buf_printf(&src, "%s/frame.png", root);
  Cache c;
  CHECK(cache_open(&c, dir.data, true) == 0, "cache_open creates the cache");
  write_text(src.data, "pixels");
  ActionOutput o = {0};
  CHECK(cache_put_blob(&c, src.data, false, &o) == 0, "cache_put_blob copies a file");
  unsigned char want[32];
  sha256("pixels", 6, want);
  CHECK(memcmp(o.digest, want, 32) == 0 && o.size == 6, "blob digest is the SHA-256 of the bytes");
  CHECK(cache_check_blob(&c, o.digest_hex) == 0, "fresh blob checks out");
  Buf bp = {0};
  cache_blob_path(&c, o.digest_hex, &bp);
  size_t len;
  char *text = file_read_all(bp.data, &len, 0);
  CHECK(text && len == 6 && memcmp(text, "pixels", 6) == 0, "blob holds the bytes");
  free(text);
  struct stat st;
  CHECK(stat(bp.data, &st) == 0 && (st.st_mode & 0222) == 0, "blobs are read-only");

  const char *key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  CHECK(!cache_has_action(&c, key), "no action entry before put");
  ActionEntry e = {0};
  e.job_id = xstrdup("ep1/s/1/image");
  e.backend = xstrdup("draft");
  e.outputs[0] = o;
  strcpy(e.outputs[0].name, "main");
  strcpy(e.outputs[0].ext, "png");
  e.noutputs = 1;
  e.wall_s = 0.25;
  e.cost = 0.04;
  e.finished = 1700000000;
  CHECK(cache_put_action(&c, key, &e) == 0, "cache_put_action");
  CHECK(cache_has_action(&c, key), "action entry exists after put");
  ActionEntry g;
  CHECK(cache_get_action(&c, key, &g) == 0, "cache_get_action reads it back");
  CHECK_STR(g.job_id, "ep1/s/1/image", "action job id round trip");
  CHECK_STR(g.backend, "draft", "action backend round trip");
  CHECK(g.noutputs == 1 && !strcmp(g.outputs[0].name, "main") && !strcmp(g.outputs[0].ext, "png") &&
            !strcmp(g.outputs[0].digest_hex, o.digest_hex) && g.outputs[0].size == 6,
        "action outputs round trip");
  CHECK(g.finished == 1700000000 && g.cost > 0.039 && g.cost < 0.041, "action metadata round trip");
  action_entry_free(&g);
  action_entry_free(&e);

  /* A malformed entry reads as -2. */
  Buf bad = {0};
  buf_printf(&bad, "%s {\"job\": 3\n", key);
  journal_append(&c, bad.data, bad.len);
  buf_free(&bad);
  CHECK(cache_get_action(&c, key, &g) == -2, "malformed action entry is reported");
  cache_drop_action(&c, key);
  CHECK(!cache_has_action(&c, key) && cache_get_action(&c, key, &g) == -1, "dropped entry is gone");
  cache_close(&c);
  cache_open(&c, dir.data, true);
  CHECK(!cache_has_action(&c, key), "a dropped entry stays dropped in the journal");

  /* Corrupt the blob: same size, other bytes. */
  chmod(bp.data, 0644);
  write_text(bp.data, "pixelz");
  CHECK(cache_check_blob(&c, o.digest_hex) == -2, "corrupt blob detected");
  cache_drop_blob(&c, o.digest_hex);
  CHECK(cache_check_blob(&c, o.digest_hex) == -1, "dropped blob is missing");

  /* Moving a scratch file into the cache. */
  Buf scratch = {0};
  buf_printf(&scratch, "%s/tmp/out.wav", dir.data);
  write_text(scratch.data, "audio");
  ActionOutput m = {0};
  CHECK(cache_put_blob(&c, scratch.data, true, &m) == 0 && access(scratch.data, F_OK) != 0,
        "cache_put_blob moves a scratch file");
  CHECK(cache_check_blob(&c, m.digest_hex) == 0, "moved blob checks out");

  /* Bytes in memory, written straight into cas/ (an HTTP job's image). */
  ActionOutput mb = {0};
  CHECK(cache_put_blob_bytes(&c, "bytes!", 6, &mb) == 0 && mb.size == 6, "cache_put_blob_bytes stores bytes");
  sha256("bytes!", 6, want);
  CHECK(memcmp(mb.digest, want, 32) == 0 && cache_check_blob(&c, mb.digest_hex) == 0, "stored bytes check out");
  Buf mp = {0};
  cache_blob_path(&c, mb.digest_hex, &mp);
  CHECK(stat(mp.data, &st) == 0 && (st.st_mode & 0222) == 0, "blobs from bytes are read-only");
  CHECK(cache_put_blob_bytes(&c, "bytes!", 6, &mb) == 0 && cache_check_blob(&c, mb.digest_hex) == 0,
        "the same bytes again: kept");
  chmod(mp.data, 0644);
  write_text(mp.data, "short");
  CHECK(cache_put_blob_bytes(&c, "bytes!", 6, &mb) == 0 && cache_check_blob(&c, mb.digest_hex) == 0,
        "a damaged copy of another size is replaced");
  chmod(mp.data, 0644);
  write_text(mp.data, "bytez!");
  CHECK(cache_put_blob_bytes(&c, "bytes!", 6, &mb) == 0 && cache_check_blob(&c, mb.digest_hex) == 0,
        "a damaged copy of the same size is replaced");
  buf_free(&mp);
  /* An entry written over an existing one (a job run again). */
  ActionEntry e2 = {0};
  e2.job_id = xstrdup("ep1/s/2/image");
  e2.backend = xstrdup("draft");
  e2.outputs[0] = mb;
  strcpy(e2.outputs[0].name, "main");
  e2.noutputs = 1;
  CHECK(cache_put_action(&c, key, &e2) == 0 && cache_put_action(&c, key, &e2) == 0, "an entry is replaced");
  CHECK(cache_get_action(&c, key, &g) == 0 && !strcmp(g.job_id, "ep1/s/2/image"), "the replaced entry reads back");
  action_entry_free(&g);
  action_entry_free(&e2);
  CHECK(cache_sync_dirs(&c) == 0, "the fan-out directories written to are fsynced");
  CHECK(count_tmp(dir.data) == 0, "no temp files left in the cache");

  buf_free(&scratch);
  buf_free(&bp);
  cache_close(&c);
  buf_free(&dir);
  buf_free(&src);
}

static void test_atomic(const char *root) {
  Buf path = {0};
  buf_printf(&path, "%s/atomic.txt", root);
  for (int i = 0; i < 20; i++) cache_write_file(path.data, "hello", 5);
  size_t len;
  char *text = file_read_all(path.data, &len, 0);
  CHECK(text && len == 5 && !memcmp(text, "hello", 5), "cache_write_file writes the bytes");
  free(text);
  CacheTmp t;
  CHECK(cache_tmp_begin(&t, path.data) == 0, "cache_tmp_begin");
  CHECK(write(t.fd, "half", 4) == 4, "write to temp");
  cache_tmp_abort(&t);
  text = file_read_all(path.data, &len, 0);
  CHECK(text && len == 5, "an aborted write leaves the old file");
  free(text);
  CHECK(count_tmp(root) == 0, "atomic writes leave no temp files");
  buf_free(&path);
}

static void test_lock(const char *root) {
  CacheLock l;
  pid_t holder = -1;
  CHECK(lock_acquire(&l, root, &holder) == 0, "first lock holder");
  pid_t child = fork();
  if (child == 0) {
    CacheLock l2;
    pid_t h = 0;
    int r = lock_acquire(&l2, root, &h);
    _exit(r == 1 && h == getppid() ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a second holder is refused and told the pid");
  lock_release(&l);
  child = fork();
  if (child == 0) {
    CacheLock l2;
    pid_t h = 0;
    _exit(lock_acquire(&l2, root, &h) == 0 ? 0 : 1);
  }
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the lock is free after release");
}

static bool live_one(void *ctx, const char *key_hex) { return strcmp(key_hex, ctx) == 0; }

static void test_gc(const char *root) {
  Buf dir = {0}, src = {0};
  buf_printf(&dir, "%s/gc", root);
  Cache c;
  cache_open(&c, dir.data, true);
  const char *keys[2] = {"1111111111111111111111111111111111111111111111111111111111111111",
                         "2222222222222222222222222222222222222222222222222222222222222222"};
  for (int i = 0; i < 2; i++) {
    buf_clear(&src);
    buf_printf(&src, "%s/f%d", root, i);
    write_text(src.data, i ? "second" : "first");
    ActionEntry e = {0};
    e.job_id = xstrdup(i ? "b" : "a");
    e.backend = xstrdup("draft");
    cache_put_blob(&c, src.data, false, &e.outputs[0]);
    strcpy(e.outputs[0].name, "main");
    e.noutputs = 1;
    cache_put_action(&c, keys[i], &e);
    action_entry_free(&e);
  }
  CacheGcStats st;
  CHECK(cache_gc(&c, live_one, (void *)keys[0], &st) == 0, "cache_gc runs");
  CHECK(st.actions_removed == 1 && st.actions_kept == 1, "gc drops the entry no job has");
  CHECK(st.blobs_removed == 1 && st.blobs_kept == 1, "gc drops the blob no entry references");
  CHECK(cache_has_action(&c, keys[0]) && !cache_has_action(&c, keys[1]), "gc keeps the live entry");
  cache_close(&c);
  buf_free(&dir);
  buf_free(&src);
}


/* The journal of entries: what a power cut or an older version leaves. */
static void test_journal(const char *root) {
  Buf dir = {0}, path = {0};
  buf_printf(&dir, "%s/journal", root);
  Cache c;
  CHECK(cache_open(&c, dir.data, true) == 0, "cache_open for the journal");
  const char *k1 = "aaaa000000000000000000000000000000000000000000000000000000000001";
  const char *k2 = "bbbb000000000000000000000000000000000000000000000000000000000002";
  const char *k3 = "cccc000000000000000000000000000000000000000000000000000000000003";
  ActionEntry e = {0}, g;
  e.job_id = xstrdup("a");
  e.backend = xstrdup("draft");
  memset(e.outputs[0].digest_hex, '7', 64);
  sha_from_hex(e.outputs[0].digest_hex, e.outputs[0].digest);
  strcpy(e.outputs[0].name, "main");
  e.noutputs = 1;
  CHECK(cache_put_action(&c, k1, &e) == 0, "an entry goes into the journal");
  cache_close(&c);
  cache_open(&c, dir.data, true);
  CHECK(cache_get_action(&c, k1, &g) == 0 && !strcmp(g.job_id, "a"), "an entry is read back after reopening");
  action_entry_free(&g);
  /* garbage a power cut may leave: zeros, a line cut short, no newline */
  static const char junk[] = "\0\0\0\0garbage line\nbbbb0000 cut\n";
  journal_append(&c, junk, sizeof junk - 1);
  Buf cut = {0};
  buf_printf(&cut, "%s {\"version\":1,\"job\":\"b\"", k2);
  journal_append(&c, cut.data, cut.len);
  buf_free(&cut);
  CHECK(cache_has_action(&c, k1) && !cache_has_action(&c, k2), "lines that are not entries are skipped");
  CHECK(cache_put_action(&c, k3, &e) == 0, "an entry after a cut line");
  cache_close(&c);
  cache_open(&c, dir.data, true);
  CHECK(cache_get_action(&c, k3, &g) == 0 && !strcmp(g.job_id, "a"), "the cut line is replaced by it");
  action_entry_free(&g);
  CHECK(cache_has_action(&c, k1) && !cache_has_action(&c, k2), "the entries before it are intact");
  /* an entry file of an older version: read, shadowed by the journal, dropped */
  buf_printf(&path, "%s/ac/%.2s", dir.data, k2);
  mkdir(path.data, 0777);
  buf_printf(&path, "/%s", k2 + 2);
  write_text(path.data, "{\"version\":1,\"job\":\"old\",\"backend\":\"draft\",\"outputs\":[]}\n");
  cache_close(&c);
  cache_open(&c, dir.data, true);
  CHECK(c.ac_legacy && cache_get_action(&c, k2, &g) == 0 && !strcmp(g.job_id, "old"), "an older version's entry file is read");
  action_entry_free(&g);
  cache_drop_action(&c, k2);
  CHECK(!cache_has_action(&c, k2) && access(path.data, F_OK) != 0, "dropping it removes the file");
  /* gc rewrites the journal with the live entries only */
  CacheGcStats st;
  CHECK(cache_gc(&c, live_one, (void *)k3, &st) == 0 && st.actions_kept == 1 && st.actions_removed == 1,
        "gc keeps the live entry of the journal and drops the other");
  CHECK(cache_has_action(&c, k3) && !cache_has_action(&c, k1), "after gc, the journal holds the live entry");
  cache_close(&c);
  cache_open(&c, dir.data, true);
  CHECK(cache_has_action(&c, k3) && !cache_has_action(&c, k1) && !c.ac_legacy,
        "the rewritten journal reads back; the empty ac/ directories are gone");
  action_entry_free(&e);
  cache_close(&c);
  buf_free(&dir);
  buf_free(&path);
}

int main(void) {
  char *root = make_tmpdir();
  test_roundtrip(root);
  test_atomic(root);
  test_lock(root);
  test_gc(root);
  test_journal(root);
  cache_remove_tree(root);
  free(root);
  return check_done();
}
