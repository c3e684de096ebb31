/* fuzz_compile.c - libFuzzer harness of the whole front end: the input bytes
 * are written to main.story in a private temporary folder and compiled with
 * compile_project (lexer, parser, imports from the real stdlib, name
 * resolution, checks, prompt resolution, lowering, keys). Properties:
 *  - compile_project returns a plan exactly when no error was reported (a
 *    failed compile always tells the writer why);
 *  - the plan survives JSON and back with the same keys (plan_check.h).
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

static char tmpdir[] = "/tmp/storyc-fuzz-compile-XXXXXX";
static char mainpath[sizeof tmpdir + 16];
static const char *stdlib_dir = FUZZ_STDLIB;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) { return remove(path); }

static void cleanup(void) { nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS); }

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  if (!mkdtemp(tmpdir)) {
    perror("fuzz_compile: mkdtemp");
    abort();
  }
  snprintf(mainpath, sizeof mainpath, "%s/main.story", tmpdir);
  atexit(cleanup);
  const char *env = getenv("STORYC_FUZZ_STDLIB");
  if (env && *env) stdlib_dir = env;
  unsetenv("STORYC_PATH"); /* imports resolve the same on every machine */
  return 0;
}

static void write_input(const uint8_t *data, size_t size) {
  FILE *f = fopen(mainpath, "wb");
  if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
    perror("fuzz_compile: writing the input");
    abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  write_input(data, size);
  CompileOptions opt;
  memset(&opt, 0, sizeof opt);
  opt.path = mainpath;
  opt.stdlib_dir = stdlib_dir;
  Diags d;
  diag_init(&d, fuzz_devnull());
  Plan *p = compile_project(&opt, &d);
  if (!p) {
    fuzz_check(d.errors > 0, "compile_project failed without reporting an error");
    return 0;
  }
  fuzz_check(d.errors == 0, "compile_project reported errors but returned a plan");
  plan_check_roundtrip(p);
  plan_free(p);
  return 0;
}
