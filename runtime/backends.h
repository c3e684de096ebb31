/* backends.h - the backend table of a build: the built-in draft backend and
 * the HTTP backends the plan names, each loaded from its description
 * (stdlib/backends/NAME.json, or backends/NAME.json in the project).
 *
 * Setting up also re-keys the plan: a job's backend becomes the identity of
 * the service and model ("openai-image" -> "openai-image@gpt-image-1"), so
 * that choosing another model makes the jobs run again while URLs and keys
 * never reach a job key. `storyc build`, `run` and `gc` all set up the same
 * way, so they agree on the keys. */
#ifndef STORYC_BACKENDS_H
#define STORYC_BACKENDS_H
#include "build.h"
#include "http_desc.h"
#include "plan.h"
#include <stdbool.h>

typedef struct Backends {
  BackendDesc *table;   /* draft first, then one per HTTP backend identity */
  size_t n;
  HttpBackend **http;
  size_t nhttp;
  HttpEngine *engine;   /* NULL unless asked for and needed */
} Backends;

/* Loads the description of every backend other than draft that the plan
 * names, searching dirs <plan root>/backends and <stdlib_dir>/backends,
 * re-keys the plan and fills b. With start_engine, starts the HTTP engine
 * when there is an HTTP backend. Returns 0, or -1 after printing every
 * problem to stderr. */
int backends_setup(Plan *plan, const char *stdlib_dir, bool start_engine, Backends *b);
void backends_free(Backends *b);

#endif
