/* compile.h - the compiler's entry point: .story files in, a Plan out.
 * Never calls a backend and never writes a file. */
#ifndef STORYC_COMPILE_H
#define STORYC_COMPILE_H
#include "diag.h"
#include "plan.h"

typedef struct CompileOptions {
  const char *path;            /* a .story file or a directory (its top-level *.story files) */
  const char *const *include_dirs; /* -I DIR, searched after the importing file's folder */
  size_t ninclude;
  const char *stdlib_dir;      /* searched last; NULL = none (then no prelude) */
  const char *backend[JOB_KIND_COUNT]; /* --backend KIND=NAME overrides, NULL = unset */
} CompileOptions;

/* Compiles the project. Returns the plan with keys computed, or NULL when
 * there were errors (printed to d). The caller frees the plan. */
Plan *compile_project(const CompileOptions *opt, Diags *d);

#endif
