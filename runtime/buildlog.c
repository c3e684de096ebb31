/* buildlog.c - the append-only build log and the reasons it gives (buildlog.h).
 *
 * Line format after the header, fields separated by tabs; origin and params
 * are canonical JSON, so they hold no tab or newline:
 *   <key hex> \t <backend> \t <input key prefixes> \t <job id> \t <origin> \t <params> \n */
#include "buildlog.h"
#include "cache.h"
#include "util.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { INPUT_PREFIX = 16, REASON_MAX_INPUTS = 3 };

void buildlog_init(BuildLog *log) {
  memset(log, 0, sizeof *log);
  log->fd = -1;
  pthread_mutex_init(&log->mu, NULL);
}

/* Slot of id in the index: where it is, or the empty slot where it goes. */
static size_t index_slot(const BuildLog *log, const char *id) {
  size_t mask = log->index_cap - 1;
  size_t i = (size_t)str_hash(id) & mask;
  while (log->index[i] && strcmp(log->recs[log->index[i] - 1].id, id) != 0) i = (i + 1) & mask;
  return i;
}

static void index_grow(BuildLog *log) {
  free(log->index);
  log->index_cap = log->index_cap ? log->index_cap * 2 : 256;
  log->index = xcalloc(log->index_cap, sizeof(size_t));
  for (size_t r = 0; r < log->nrecs; r++) log->index[index_slot(log, log->recs[r].id)] = r + 1;
}

static bool is_hex(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
  return true;
}

/* Splits one line (NUL-terminated, no newline) into a record. */
static bool parse_line(char *line, BuildLogRecord *r) {
  char *f[6];
  if (!str_split_tabs(line, f, 6)) return false;
  if (strlen(f[0]) != 64 || !is_hex(f[0], 64) || !*f[3] || f[4][0] != '{' || f[5][0] != '{') return false;
  r->key_hex = f[0];
  r->backend = f[1];
  r->inputs = f[2];
  r->id = f[3];
  r->origin = f[4];
  r->params = f[5];
  return true;
}

static void add_record(BuildLog *log, const BuildLogRecord *r) {
  log->total++;
  if (2 * (log->nrecs + 1) > log->index_cap) index_grow(log);
  size_t slot = index_slot(log, r->id);
  if (log->index[slot]) {
    log->recs[log->index[slot] - 1] = *r;
    return;
  }
  log->recs = xrealloc(log->recs, (log->nrecs + 1) * sizeof *log->recs);
  log->recs[log->nrecs++] = *r;
  log->index[slot] = log->nrecs;
}

int buildlog_load(BuildLog *log, const char *path) {
  size_t len;
  char *text = file_read_all(path, &len, 0);
  if (!text) return errno == ENOENT ? 0 : -1;
  free(log->text);
  log->text = text;
  size_t hlen = strlen(BUILDLOG_HEADER);
  if (len < hlen || memcmp(text, BUILDLOG_HEADER, hlen) != 0) return 0; /* other version: start over */
  char *p = text + hlen, *end = text + len;
  while (p < end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) break; /* a cut-off last record */
    *nl = 0;
    BuildLogRecord r;
    if (parse_line(p, &r)) add_record(log, &r);
    p = nl + 1;
  }
  return 0;
}

const BuildLogRecord *buildlog_find(const BuildLog *log, const char *id) {
  if (!log->index_cap) return NULL;
  size_t slot = index_slot(log, id);
  return log->index[slot] ? &log->recs[log->index[slot] - 1] : NULL;
}

/* Length of the valid prefix of an existing log: up to its last newline. */
static off_t valid_length(int fd, off_t size) {
  char chunk[4096];
  off_t end = size;
  while (end > 0) {
    off_t start = end > (off_t)sizeof chunk ? end - (off_t)sizeof chunk : 0;
    ssize_t n = pread(fd, chunk, (size_t)(end - start), start);
    if (n <= 0) return 0;
    for (ssize_t i = n - 1; i >= 0; i--)
      if (chunk[i] == '\n') return start + i + 1;
    end = start;
  }
  return 0;
}

int buildlog_open(BuildLog *log, const char *path) {
  int fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0) goto fail;
  size_t hlen = strlen(BUILDLOG_HEADER);
  char head[64];
  bool header_ok = st.st_size >= (off_t)hlen && pread(fd, head, hlen, 0) == (ssize_t)hlen &&
                   memcmp(head, BUILDLOG_HEADER, hlen) == 0;
  if (!header_ok) {
    if (ftruncate(fd, 0) != 0 || write(fd, BUILDLOG_HEADER, hlen) != (ssize_t)hlen) goto fail;
  } else {
    off_t valid = valid_length(fd, st.st_size);
    if (valid < (off_t)hlen) valid = (off_t)hlen;
    if (valid != st.st_size && ftruncate(fd, valid) != 0) goto fail;
  }
  log->fd = fd;
  return 0;
fail:;
  int e = errno;
  close(fd);
  errno = e;
  return -1;
}

static void record_line(const Plan *plan, const PlanJob *job, Buf *b) {
  buf_puts(b, job->key_hex);
  buf_putc(b, '\t');
  buf_puts(b, job->backend);
  buf_putc(b, '\t');
  for (size_t i = 0; i < job->ninputs; i++) {
    if (i) buf_putc(b, ',');
    buf_append(b, plan->jobs[job->inputs[i]].key_hex, INPUT_PREFIX);
  }
  buf_putc(b, '\t');
  buf_puts(b, job->id);
  buf_putc(b, '\t');
  buf_puts(b, job->origin ? job->origin : "{}");
  buf_putc(b, '\t');
  buf_puts(b, job->params);
  buf_putc(b, '\n');
}

static bool field_ok(const char *s) { return !strpbrk(s, "\t\n"); }

int buildlog_append(BuildLog *log, const Plan *plan, const PlanJob *job) {
  if (log->fd < 0) return -1;
  if (!field_ok(job->id) || !field_ok(job->backend) || !field_ok(job->params) ||
      (job->origin && !field_ok(job->origin)))
    return 0;
  Buf b = {0};
  record_line(plan, job, &b);
  pthread_mutex_lock(&log->mu);
  /* One write per record: O_APPEND keeps concurrent records whole. */
  ssize_t w = write(log->fd, b.data, b.len);
  pthread_mutex_unlock(&log->mu);
  bool ok = w == (ssize_t)b.len;
  buf_free(&b);
  return ok ? 0 : -1;
}

void buildlog_free(BuildLog *log) {
  if (log->fd >= 0) close(log->fd);
  free(log->text);
  free(log->recs);
  free(log->index);
  pthread_mutex_destroy(&log->mu);
  memset(log, 0, sizeof *log);
  log->fd = -1;
}

int buildlog_maybe_recompact(const char *path, Plan *plan) {
  struct stat st;
  if (stat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
  size_t live = strlen(BUILDLOG_HEADER);
  for (size_t i = 0; i < plan->njobs; i++) {
    const PlanJob *j = &plan->jobs[i];
    live += 64 + strlen(j->backend) + (INPUT_PREFIX + 1) * j->ninputs + strlen(j->id) + strlen(j->params) +
            (j->origin ? strlen(j->origin) : 2) + 6;
  }
  if ((size_t)st.st_size <= (1u << 20) || (size_t)st.st_size <= 3 * live) return 0;
  BuildLog log;
  buildlog_init(&log);
  if (buildlog_load(&log, path) != 0) {
    buildlog_free(&log);
    return -1;
  }
  Buf b = {0};
  buf_puts(&b, BUILDLOG_HEADER);
  /* Keep file order (the latest record of each id), only ids of the plan. */
  for (size_t r = 0; r < log.nrecs; r++) {
    const BuildLogRecord *rec = &log.recs[r];
    if (plan_find(plan, rec->id) == (size_t)-1) continue;
    buf_printf(&b, "%s\t%s\t%s\t%s\t%s\t%s\n", rec->key_hex, rec->backend, rec->inputs, rec->id, rec->origin,
               rec->params);
  }
  int rc = cache_write_file(path, b.data, b.len) == 0 ? 1 : -1;
  buf_free(&b);
  buildlog_free(&log);
  return rc;
}

/* ---- reasons ---- */

static void add_name(Buf *names, const char *prefix, const char *name) {
  if (names->len) buf_puts(names, ", ");
  if (prefix) {
    buf_puts(names, prefix);
    buf_putc(names, '.');
  }
  buf_puts(names, name);
}

/* Compares the members of two objects, in name order (both canonical, so
 * sorted, but sort-independent here: every name of either side is visited). */
static void diff_members(const cJSON *a, const cJSON *b, const char *prefix, int depth, Buf *names) {
  const cJSON *x;
  cJSON_ArrayForEach(x, b) {
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(a, x->string);
    if (y && cJSON_IsObject(x) && cJSON_IsObject(y) && depth == 0) {
      diff_members(y, x, x->string, depth + 1, names);
    } else if (!y || !cJSON_Compare(x, y, true)) {
      add_name(names, prefix, x->string);
    }
  }
  cJSON_ArrayForEach(x, a) {
    if (!cJSON_GetObjectItemCaseSensitive(b, x->string)) add_name(names, prefix, x->string);
  }
}

void buildlog_params_reason(const char *old_params, const char *new_params, Buf *out) {
  if (strcmp(old_params, new_params) == 0) return;
  cJSON *a = cJSON_Parse(old_params), *b = cJSON_Parse(new_params);
  Buf names = {0};
  if (a && b && cJSON_IsObject(a) && cJSON_IsObject(b)) diff_members(a, b, NULL, 0, &names);
  if (names.len) {
    buf_puts(out, names.data);
    buf_puts(out, " changed");
  } else {
    buf_puts(out, "params changed");
  }
  buf_free(&names);
  cJSON_Delete(a);
  cJSON_Delete(b);
}

/* The params members that differ, said through the origins where they can
 * be: "look of li changed" rather than "prompt changed". The members an
 * origin explains (the texts composed from it) are then left out. */
static void origin_reason(const char *old_origin, const BuildLogRecord *old, const PlanJob *job, Buf *out) {
  cJSON *a = cJSON_Parse(old_origin), *b = cJSON_Parse(job->origin);
  Buf names = {0};
  if (a && b && cJSON_IsObject(a) && cJSON_IsObject(b)) diff_members(a, b, NULL, 0, &names);
  cJSON_Delete(a);
  cJSON_Delete(b);
  if (!names.len) {
    buf_free(&names);
    buildlog_params_reason(old->params, job->params, out);
    return;
  }
  cJSON *pa = cJSON_Parse(old->params), *pb = cJSON_Parse(job->params);
  if (pa && pb) {
    static const char *const explained[] = {"prompt", "negative", "draft", "text"};
    for (size_t i = 0; i < sizeof explained / sizeof explained[0]; i++) {
      cJSON_DeleteItemFromObjectCaseSensitive(pa, explained[i]);
      cJSON_DeleteItemFromObjectCaseSensitive(pb, explained[i]);
    }
    diff_members(pa, pb, NULL, 0, &names);
  }
  cJSON_Delete(pa);
  cJSON_Delete(pb);
  buf_puts(out, names.data);
  buf_puts(out, " changed");
  buf_free(&names);
}

/* Appends "input X changed" / "inputs X, Y changed" when input keys differ. */
static void inputs_reason(const BuildLogRecord *old, const Plan *plan, const PlanJob *job, Buf *out) {
  size_t len = strlen(old->inputs);
  size_t want = job->ninputs ? job->ninputs * (INPUT_PREFIX + 1) - 1 : 0;
  if (len != want) {
    buf_puts(out, "inputs changed");
    return;
  }
  Buf names = {0};
  size_t changed = 0;
  for (size_t i = 0; i < job->ninputs; i++) {
    const char *p = old->inputs + i * (INPUT_PREFIX + 1);
    const PlanJob *in = &plan->jobs[job->inputs[i]];
    if (memcmp(p, in->key_hex, INPUT_PREFIX) == 0) continue;
    if (changed < REASON_MAX_INPUTS) add_name(&names, NULL, in->id);
    changed++;
  }
  if (changed) {
    buf_puts(out, changed == 1 ? "input " : "inputs ");
    buf_puts(out, names.data);
    if (changed > REASON_MAX_INPUTS) buf_printf(out, " and %zu more", changed - REASON_MAX_INPUTS);
    buf_puts(out, " changed");
  }
  buf_free(&names);
}

void buildlog_reason(const BuildLogRecord *old, const Plan *plan, const PlanJob *job, Buf *out) {
  if (!old) {
    buf_puts(out, "new");
    return;
  }
  if (strcmp(old->key_hex, job->key_hex) == 0) {
    buf_puts(out, "not in cache");
    return;
  }
  if (strcmp(old->backend, job->backend) != 0) {
    buf_puts(out, "backend changed");
    return;
  }
  size_t start = out->len;
  if (job->origin && strcmp(old->origin, "{}") != 0 && strcmp(old->params, job->params) != 0)
    origin_reason(old->origin, old, job, out);
  else
    buildlog_params_reason(old->params, job->params, out);
  Buf in = {0};
  inputs_reason(old, plan, job, &in);
  if (in.len) {
    if (out->len > start) buf_puts(out, "; ");
    buf_puts(out, in.data);
  }
  buf_free(&in);
  if (out->len == start) buf_puts(out, "key changed");
}
