/* buildlog.h - the build log: what each job id was last built from.
 *
 * <cache>/log is append-only, one line per finished job (ninja's .ninja_log
 * in spirit): its key, backend, input keys, id and params text, after a
 * version header. It is only read for `-n` and `--explain`, to say why a
 * job runs ("new", "prompt changed", "input ep1/s/2/image changed"); a
 * build that runs jobs only appends. A cut-off last line (a build killed
 * mid-write) is ignored on load and cut away before the next append. When the
 * file grows to several times the size of its live records it is rewritten
 * with one record per job id of the plan, through a temp file. */
#ifndef STORYC_BUILDLOG_H
#define STORYC_BUILDLOG_H
#include "buf.h"
#include "plan.h"
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#define BUILDLOG_HEADER "# storyc build log v2\n"

typedef struct BuildLogRecord {
  const char *key_hex; /* 64 hex digits */
  const char *backend;
  const char *inputs;  /* the inputs' keys, 16 hex digits each, comma separated */
  const char *id;
  const char *origin;  /* canonical JSON text of PlanJob.origin, "{}" when none */
  const char *params;  /* canonical JSON text */
} BuildLogRecord;

typedef struct BuildLog {
  char *text;               /* the loaded file, split in place; owned */
  BuildLogRecord *recs;     /* the latest record of each id, in file order */
  size_t nrecs, total;      /* live records, all records read */
  size_t *index;            /* open-addressing id -> recs index + 1 */
  size_t index_cap;
  int fd;                   /* append descriptor, -1 until buildlog_open */
  pthread_mutex_t mu;       /* guards appends from worker threads */
} BuildLog;

void buildlog_init(BuildLog *log);
/* Loads the records of path (a missing file is an empty log). Returns 0, or
 * -1 with errno when it exists but cannot be read. */
int buildlog_load(BuildLog *log, const char *path);
/* The latest record of job id, or NULL when it was never built. */
const BuildLogRecord *buildlog_find(const BuildLog *log, const char *id);

/* Opens path for appending (creating it with the header, cutting away a
 * cut-off last line). Returns 0 or -1 with errno. */
int buildlog_open(BuildLog *log, const char *path);
/* Appends the record of a job that just finished; thread-safe. 0 or -1. */
int buildlog_append(BuildLog *log, const Plan *plan, const PlanJob *job);
void buildlog_free(BuildLog *log);

/* Rewrites path with only the latest record of each job id of plan when it is
 * over 1 MiB and over three times that live size. Call with the log closed
 * for appending, under the cache lock. Returns 1 when it rewrote, 0 when not
 * needed, -1 on error. */
int buildlog_maybe_recompact(const char *path, Plan *plan);

/* Why job runs, given its previous record (NULL when never built):
 * "new", "prompt, seed changed", "look of li changed" (from the origins of
 * the params, when both records have them), "backend changed",
 * "input ep1/s/2/image changed", "not in cache" (built before with the same
 * key, entry gone). Appends to out. */
void buildlog_reason(const BuildLogRecord *old, const Plan *plan, const PlanJob *job, Buf *out);
/* The params members that differ between two params texts, as
 * "prompt, draft.scene changed" (nested objects compared member by member);
 * appends nothing when they are equal. */
void buildlog_params_reason(const char *old_params, const char *new_params, Buf *out);

#endif
