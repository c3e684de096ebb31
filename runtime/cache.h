/* cache.h - the content-addressed cache under .storyc/ (or --cache DIR).
 *
 *   cas/ab/cdef...   blobs, named by the SHA-256 of their bytes, read-only
 *   ac.log           action entries: job key -> output blobs + metadata (JSON),
 *                    a journal (runtime/ac_log.h)
 *   ac/ab/cdef...    action entries of older versions, one file each (read,
 *                    dropped and collected as before; never written)
 *   logs/<key>.log   a failed job's log
 *   tmp/             private work directories of running jobs, temp files
 *
 * Every blob is written to a temp file, fsynced and given its name in one
 * step: an unnamed O_TMPFILE file in its fan-out directory, linked there, or
 * (when the name exists, or the file system cannot) a file in tmp/ (the same
 * file system) renamed into place, so a kill at any moment never leaves a
 * half blob; the next build empties tmp/. An entry is one line appended to
 * the journal (a kill cannot cut it). Durability comes in groups, at most a
 * second apart and when the cache is closed (cache_commit): first the
 * fan-out directories blobs were linked into, then the journal, so an entry
 * that survives a power cut names blobs that survive it too; a power cut
 * may forget the newest second of entries (their jobs run again), never
 * leave a half one. Blobs are checked against their digest when a build
 * reads them (cache_check_blob). A Cache is shared by the worker threads of
 * one build: besides the open directory descriptors it keeps atomic bitmaps
 * of the fan-out directories known to exist and of those to fsync, and the
 * journal (with its own lock). */
#ifndef STORYC_CACHE_H
#define STORYC_CACHE_H
#include "buf.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACTION_MAX_OUTPUTS 4

typedef struct Cache {
  char *dir;  /* the cache directory, malloc'ed */
  int dir_fd; /* O_PATH-like descriptor of dir, -1 when it does not exist */
  int ac_fd;  /* dir/ac, -1 when absent */
  int cas_fd; /* dir/cas, -1 when absent */
  struct CacheDirs *dirs; /* fan-out directories made / to fsync (atomic bitmaps), last commit */
  struct AcLog *aclog;    /* ac.log, NULL when absent (a cache opened without create) */
  bool ac_legacy;         /* ac/ holds entry files of an older version */
} Cache;

/* One output of a finished job, as the action entry records it. */
typedef struct ActionOutput {
  char name[16];          /* "main", "subs", "srt" */
  char ext[16];           /* "png", "mp4", ... ("" when the file had none) */
  unsigned char digest[32];
  char digest_hex[65];
  int64_t size;
} ActionOutput;

/* An action entry: what a job with a given key produced. */
typedef struct ActionEntry {
  char *job_id;  /* malloc'ed */
  char *backend; /* malloc'ed */
  ActionOutput outputs[ACTION_MAX_OUTPUTS];
  size_t noutputs;
  double wall_s;    /* wall time of the run that made it */
  double cost;      /* money it cost */
  int64_t finished; /* unix time it finished */
} ActionEntry;

/* A file written atomically: created as a temp file in the directory of
 * final_path, made visible by cache_tmp_commit (fsync, rename, fsync of the
 * directory) or removed by cache_tmp_abort. Nothing happens implicitly. */
typedef struct CacheTmp {
  int fd;
  char *tmp_path;   /* malloc'ed */
  char *final_path; /* malloc'ed */
} CacheTmp;

/* Opens the cache at dir. With create, makes dir and its subdirectories
 * (returns -1 with errno when it cannot); without, a missing cache is an
 * empty one (for -n, which writes nothing). */
int cache_open(Cache *c, const char *dir, bool create);
/* Fsyncs the fan-out directories entries and blobs were renamed into since
 * the last call (cache_close does it too). Returns 0 or -1. */
int cache_sync_dirs(const Cache *c);
/* Makes what was written durable: cache_sync_dirs, then the journal. The
 * cache does it by itself at most a second after an entry is written, and
 * when it closes. Returns 0 or -1. */
int cache_commit(const Cache *c);
void cache_close(Cache *c);

/* Paths ("<dir>/cas/ab/cdef...", "<dir>/logs/<key>.log"). */
void cache_blob_path(const Cache *c, const char *digest_hex, Buf *out);
void cache_log_path(const Cache *c, const char *key_hex, Buf *out);

/* True when an action entry exists for key (a lookup in the journal's
 * index, or one fstatat for an older version's file; no parsing). */
bool cache_has_action(const Cache *c, const char *key_hex);
/* Reads and parses the action entry of key. Returns 0, -1 when there is none,
 * -2 when it exists but is malformed. On success the caller owns *e
 * (action_entry_free). */
int cache_get_action(const Cache *c, const char *key_hex, ActionEntry *e);
/* Writes the action entry of key atomically (a line of the journal).
 * Returns 0 or -1 with errno. */
int cache_put_action(const Cache *c, const char *key_hex, const ActionEntry *e);
/* Removes the action entry of key (missing is fine). */
void cache_drop_action(const Cache *c, const char *key_hex);
void action_entry_free(ActionEntry *e);

/* Stores the file at path as a blob and fills out (digest, size; name and
 * ext are left to the caller). With move, path is a scratch file inside the
 * cache (a job's workdir) and is renamed into cas/ without copying; otherwise
 * it is copied. Returns 0 or -1 with errno. */
int cache_put_blob(const Cache *c, const char *path, bool move, ActionOutput *out);
/* The same for len bytes in memory (hashed there, never read back): a temp
 * file in tmp/, fsynced and renamed into cas/. Returns 0 or -1 with errno. */
int cache_put_blob_bytes(const Cache *c, const void *data, size_t len, ActionOutput *out);
/* Checks that the blob exists and its bytes hash to digest: 0 ok, -1 missing,
 * -2 corrupt. */
int cache_check_blob(const Cache *c, const char *digest_hex);
void cache_drop_blob(const Cache *c, const char *digest_hex);

/* Hashes a whole file. Returns 0 or -1 with errno; *size gets its length. */
int cache_hash_file(int fd, unsigned char digest[32], int64_t *size);

/* Atomic file writes (see CacheTmp). begin returns 0 or -1 with errno. */
int cache_tmp_begin(CacheTmp *t, const char *final_path);
int cache_tmp_commit(CacheTmp *t);
void cache_tmp_abort(CacheTmp *t);
/* Writes data to path atomically. Returns 0 or -1 with errno. */
int cache_write_file(const char *path, const void *data, size_t len);
/* fsync of the directory holding path (makes a rename in it durable). */
int cache_fsync_parent(const char *path);

/* Creates dir and its missing parents (mode 0777 & umask). 0 or -1. */
int cache_mkdirs(const char *dir);
/* Removes a directory tree without following symlinks. 0 or -1. */
int cache_remove_tree(const char *path);
/* Empties tmp/ (stale work directories of a killed build). Call under the lock. */
void cache_clean_tmp(const Cache *c);

typedef struct CacheGcStats {
  size_t actions_kept, actions_removed;
  size_t blobs_kept, blobs_removed;
  uint64_t bytes_freed;
} CacheGcStats;

/* Drops action entries whose key live() rejects, then every blob that no
 * remaining entry references, the logs of dropped keys and stale temp files.
 * Call under the lock. Returns 0 or -1 when the cache cannot be read. */
int cache_gc(const Cache *c, bool (*live)(void *ctx, const char *key_hex), void *ctx, CacheGcStats *st);

#endif
