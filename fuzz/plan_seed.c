/* plan_seed.c - makes the seed corpus of fuzz_plan: compiles each .story
 * file or project folder given (compile_project, as `storyc plan` does) and
 * writes its plan JSON to OUTDIR/NAME.json. Files that do not compile are
 * skipped. A separate tool so that seeds can be made while bin/storyc (which
 * needs the runtime) does not build.
 *   plan_seed STDLIB_DIR OUTDIR PATH...                                   */
#include "compile.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* OUTDIR/NAME.json where NAME is PATH with '/' and '.' made '_'. */
static char *out_name(const char *outdir, const char *path) {
  Buf b = {0};
  buf_printf(&b, "%s/", outdir);
  for (const char *s = path; *s; s++) buf_putc(&b, *s == '/' || *s == '.' ? '_' : *s);
  buf_puts(&b, ".json");
  return buf_take(&b);
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: plan_seed STDLIB_DIR OUTDIR PATH...\n");
    return 2;
  }
  FILE *null = fopen("/dev/null", "w");
  if (!null) return 2;
  int written = 0;
  for (int i = 3; i < argc; i++) {
    CompileOptions opt;
    memset(&opt, 0, sizeof opt);
    opt.path = argv[i];
    opt.stdlib_dir = argv[1];
    Diags d;
    diag_init(&d, null);
    Plan *p = compile_project(&opt, &d);
    if (!p) continue;
    Buf json = {0};
    plan_write_json(p, &json);
    char *name = out_name(argv[2], argv[i]);
    FILE *f = fopen(name, "wb");
    if (!f || fwrite(json.data, 1, json.len, f) != json.len || fclose(f) != 0) {
      perror(name);
      return 2;
    }
    written++;
    free(name);
    buf_free(&json);
    plan_free(p);
  }
  fclose(null);
  printf("plan_seed: %d plan(s) written to %s\n", written, argv[2]);
  return 0;
}
