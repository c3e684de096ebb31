/* outputs.h - readable copies of job outputs under the output directory.
 *
 * A job with an `output` path ("ep01/storm_at_sea/02-closeup") gets its main
 * output at <out>/<output>.<ext>, and an episode edit its subtitles next to
 * it (<output>.srt). Files are hard links to the cache blobs (read-only) when
 * the output directory is on the cache's file system, copies otherwise;
 * never symlinks into the cache.
 *
 * <out>/.storyc-outputs records, for every file installed, the job (id and
 * key) it came from and the file's size, mtime and inode. (An image and the
 * video made from it share the output path and differ by extension.) A no-op build checks each
 * output with one fstatat against that record (no JSON, no hashing); any
 * difference (deleted, edited, replaced) makes the build install it again
 * from the cache. Files recorded there are the only ones `storyc clean`
 * removes and the only ones a full build prunes when no job makes them
 * any more. */
#ifndef STORYC_OUTPUTS_H
#define STORYC_OUTPUTS_H
#include "cache.h"
#include "plan.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define OUTPUTS_STATE ".storyc-outputs"

typedef struct OutputRecord {
  char *path;   /* relative to the output directory, malloc'ed */
  char *id;     /* the job that installed it, malloc'ed */
  uint64_t id_hash;
  char key_hex[65];
  char name[16];   /* "main", "srt" */
  int64_t size, mtime_ns;
  uint64_t ino;
  bool seen;       /* a job of this build owns it */
  bool gone;       /* removed; not written back */
  bool checked;    /* outputs_check() looked at the file: */
  bool unchanged;  /* ... and found it as recorded */
} OutputRecord;

/* A slot of the id index: the hash is kept in the slot so that a lookup only
 * touches the records that match. */
typedef struct OutputSlot {
  uint64_t hash;
  size_t rec; /* recs index + 1; 0 when empty */
} OutputSlot;

typedef struct Outputs {
  char *dir;
  int dir_fd;      /* -1 while the directory does not exist */
  OutputRecord *recs;
  size_t nrecs, cap;
  OutputSlot *index; /* open addressing on the job id */
  size_t index_cap;
  bool dirty;      /* recs changed since loading */
  pthread_mutex_t mu;
} Outputs;

/* Loads the record of dir (nothing is created). Returns 0 (a missing or
 * unreadable state counts as empty). */
int outputs_open(Outputs *o, const char *dir);
void outputs_close(Outputs *o);

/* Looks at every recorded file once (one fstatat each), on up to threads
 * threads, so that outputs_current() needs no system call. For a build of
 * every job: the no-op path, where these stats are most of the runtime's
 * work. */
void outputs_check(Outputs *o, int threads);

/* True when every output the record holds for job still exists unchanged,
 * comes from the job's current key, and one is the main output. Marks the
 * job's records seen. */
bool outputs_current(Outputs *o, const PlanJob *job);

/* Installs the main (and srt) outputs of job from its action entry. With
 * verify, each blob is hashed first: returns -2 when one is missing or
 * corrupt (nothing installed). Returns 0, or -1 with a message in *err
 * (malloc'ed). Thread-safe. */
int outputs_install(Outputs *o, const Cache *c, const PlanJob *job, const ActionEntry *e, bool verify, char **err);

/* Removes recorded files that no job of this build claimed (outputs of jobs
 * that left the plan), and directories that become empty. Only after a build
 * of every job. */
void outputs_prune(Outputs *o);

/* Writes the record back when it changed. 0 or -1 with errno. */
int outputs_save(Outputs *o);

/* `storyc clean`: removes every recorded file, the record, and the
 * directories left empty (dir itself included). Returns 0; 1 when dir exists
 * but holds no record (then nothing is removed: it may not be ours); -1 with
 * errno on errors. *removed gets the number of files removed. */
int outputs_clean(const char *dir, size_t *removed);

#endif
