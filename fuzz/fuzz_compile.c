/* fuzz_compile.c - libFuzzer harness of the whole front end: the input bytes
 * are written to main.story in a private temporary folder and compiled with
 * compile_project (lexer, parser, imports from the real stdlib, name
 * resolution, checks, prompt resolution, lowering, keys). Properties:
 *  - compile_project returns a plan exactly when no error was reported (a
 *    failed compile always tells the writer why);
 *  - the plan survives JSON and back with the same keys (plan_check.h);
 *  - keys do not depend on where the project is: the same text compiled in
 *    a second folder gives the same jobs with the same keys (DESIGN.md: file
 *    names are not in keys), which also checks that compiling is
 *    deterministic.
 * Imports of other files resolve against the temporary folder (empty but
 * for main.story), then the stdlib: FUZZ_STDLIB, set by fuzz/fuzz.mk to the
 * repository's stdlib/, or $STORYC_FUZZ_STDLIB. */
#include "compile.h"
#include "plan_check.h"
#include <ftw.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_STDLIB
#define FUZZ_STDLIB "stdlib"
#endif

/* Two project folders: the input is compiled in the first, and when that
 * gives a plan, again in the second. */
static char tmpdir[2][40] = {"/tmp/storyc-fuzz-compile-XXXXXX", "/tmp/storyc-fuzz-compile-XXXXXX"};
static char mainpath[2][64];
static const char *stdlib_dir = FUZZ_STDLIB;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }

static void cleanup(void) {
  for (int i = 0; i < 2; i++) nftw(tmpdir[i], remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  for (int i = 0; i < 2; i++) {
    if (!mkdtemp(tmpdir[i])) {
      perror("fuzz_compile: mkdtemp");
      abort();
    }
    snprintf(mainpath[i], sizeof mainpath[i], "%s/main.story", tmpdir[i]);
  }
  atexit(cleanup);
  const char *env = getenv("STORYC_FUZZ_STDLIB");
  if (env && *env) stdlib_dir = env;
  unsetenv("STORYC_PATH"); /* imports resolve the same on every machine */
  return 0;
}

static void write_input(const char *path, const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
    perror("fuzz_compile: writing the input");
    abort();
  }
}

/* Compiles path; checks that a plan comes back exactly when no error was
 * reported. */
static Plan *compile(const char *path) {
  CompileOptions opt;
  memset(&opt, 0, sizeof opt);
  opt.path = path;
  opt.stdlib_dir = stdlib_dir;
  Diags d;
  diag_init(&d, fuzz_devnull());
  Plan *p = compile_project(&opt, &d);
  if (!p) fuzz_check(d.errors > 0, "compile_project failed without reporting an error");
  else fuzz_check(d.errors == 0, "compile_project reported errors but returned a plan");
  return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  write_input(mainpath[0], data, size);
  Plan *p = compile(mainpath[0]);
  if (!p) return 0;
  plan_check_roundtrip(p);
  write_input(mainpath[1], data, size);
  Plan *q = compile(mainpath[1]);
  fuzz_check(q != NULL, "the same project compiles in one folder but not in another");
  fuzz_check(p->njobs == q->njobs, "the number of jobs depends on the project folder");
  for (size_t i = 0; i < p->njobs; i++) {
    fuzz_check(strcmp(p->jobs[i].id, q->jobs[i].id) == 0, "job ids depend on the project folder");
    fuzz_check(strcmp(p->jobs[i].key_hex, q->jobs[i].key_hex) == 0, "a job key depends on the project folder");
  }
  plan_free(q);
  plan_free(p);
  return 0;
}
