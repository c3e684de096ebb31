/* plan.h - the execution plan: the only bridge between compiler and runtime.
 *
 * A Plan is a list of jobs in topological order (every input of a job comes
 * before it). The compiler builds one from the AST (compiler/lower.c) and
 * writes it as JSON; the runtime reads that JSON (or takes the same Plan in
 * memory from `storyc build`) and never sees the AST. docs/plan.md documents
 * the JSON format and the params of each kind of job.
 *
 * Strings in a Plan live in its arena and are freed by plan_free(). */
#ifndef STORYC_PLAN_H
#define STORYC_PLAN_H
#include "arena.h"
#include "buf.h"
#include <stddef.h>
#include <stdio.h>

#define PLAN_FORMAT_VERSION 1

typedef enum JobKind { JOB_IMAGE, JOB_VIDEO, JOB_VOICE, JOB_MUSIC, JOB_EDIT, JOB_KIND_COUNT } JobKind;

typedef struct PlanJob {
  const char *id;      /* "ep1/storm_at_sea/2/image" */
  JobKind kind;
  const char *backend; /* "draft", "openai-image", ... */
  size_t *inputs;      /* indices of earlier jobs in Plan.jobs */
  size_t ninputs;
  const char *params;  /* canonical JSON text of the params object */
  const char *output;  /* readable output path under the output dir, without
                          extension ("ep01/storm_at_sea/02-closeup"), or NULL */
  const char *origin;  /* where the params came from, as a canonical JSON object of
                          label -> short digest ({"look of li": "1a2b3c4d", ...});
                          not in the key: it lets --explain say "look of li
                          changed" instead of "prompt changed". May be NULL. */
  unsigned char key[32];
  char key_hex[65];
} PlanJob;

/* A file a job reads (a reference image): known to jobs by digest only, so
 * moving or renaming it changes no key. */
typedef struct PlanFile {
  const char *digest; /* sha256 hex */
  const char *path;   /* absolute, or relative to root */
} PlanFile;

typedef struct Plan {
  Arena *arena;
  const char *root;     /* absolute project directory: relative paths in params
                           (reference images) resolve against it; not in keys */
  const char *title;    /* series title */
  const char *language; /* "en" */
  int width, height, fps;
  PlanJob *jobs;
  size_t njobs, cap;
  PlanFile *files;
  size_t nfiles, capfiles;
  struct PlanIndex *index; /* id -> job, built lazily by plan_find */
} Plan;

Plan *plan_new(void);
void plan_free(Plan *p);

const char *job_kind_name(JobKind k);
/* Returns the kind for a name, or -1. */
int job_kind_parse(const char *name);

/* Makes room for n jobs in all (avoids regrowing a huge job array). */
void plan_reserve(Plan *p, size_t n);

/* Appends a job; id, backend, params, output and origin are copied into the arena.
 * Inputs are indices of jobs already added. Returns the new job's index.
 * The key is computed by plan_compute_keys(). */
size_t plan_add(Plan *p, const char *id, JobKind kind, const char *backend, const size_t *inputs,
                size_t ninputs, const char *params, const char *output, const char *origin);

/* Records where the file with this digest is (once per digest). */
void plan_add_file(Plan *p, const char *digest_hex, const char *path);
/* The path of the file with this digest, or NULL. */
const char *plan_file_path(const Plan *p, const char *digest_hex);

/* Computes every job's key, in order: SHA-256 of a canonical encoding of the
 * kind, the backend, the params text and the input keys (docs/plan.md). */
void plan_compute_keys(Plan *p);

/* Looks a job up by id; returns its index or (size_t)-1. */
size_t plan_find(Plan *p, const char *id);

/* Points every job of kind at backend (as `--backend KIND=NAME`); params
 * members named "draft" exist only for the draft backend and are dropped for
 * others. Recomputes keys. */
void plan_set_backend(Plan *p, JobKind kind, const char *backend);

/* JSON text of the whole plan (format in docs/plan.md). */
void plan_write_json(const Plan *p, Buf *out);
/* Graphviz dot of the job graph. */
void plan_write_dot(const Plan *p, Buf *out);

/* Parses plan JSON. On error returns NULL and a malloc'ed message in *err.
 * Params are re-encoded canonically and keys recomputed, so a plan edited by
 * hand is cached by what it now says. */
Plan *plan_read_json(const char *text, size_t len, char **err);

#endif
