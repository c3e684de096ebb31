/* cmd_plan.c - `storyc plan [PATH] [-o FILE] [--format json|dot]`: write
 * the execution plan. The file is written whole or not at all. */
#include "cli.h"
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int write_atomic(const char *path, const Buf *b) {
  Buf tmp = {0};
  buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(buf_cstr(&tmp), "wb");
  int ok = f && fwrite(b->data, 1, b->len, f) == b->len;
  if (f) ok &= fflush(f) == 0 && fsync(fileno(f)) == 0;
  if (f) ok &= fclose(f) == 0;
  if (ok) ok = rename(buf_cstr(&tmp), path) == 0;
  if (!ok) {
    fprintf(stderr, "storyc: cannot write %s: %s\n", path, strerror(errno));
    unlink(buf_cstr(&tmp));
  }
  buf_free(&tmp);
  return ok ? 0 : -1;
}

int cmd_plan(int argc, char **argv) {
  static const char usage[] = "storyc plan [PATH] [-o FILE] [--format json|dot] [-I DIR] [--backend KIND=NAME]";
  CliArgs a;
  if (cli_parse(argc, argv, CLI_F_INCLUDE | CLI_F_OUT | CLI_F_FORMAT | CLI_F_BACKEND, usage, &a) != 0) return EXIT_USAGE;
  if (a.npositional > 1) {
    fprintf(stderr, "storyc: plan takes one PATH\nusage: %s\n", usage);
    cli_args_free(&a);
    return EXIT_USAGE;
  }
  Diags d;
  diag_init(&d, stderr);
  Plan *p = cli_compile(a.npositional ? a.positional[0] : ".", &a, &d);
  int rc = EXIT_OK;
  if (!p) {
    fprintf(stderr, "%d error%s\n", d.errors, d.errors == 1 ? "" : "s");
    rc = EXIT_STORY;
  } else {
    Buf b = {0};
    if (a.format && strcmp(a.format, "dot") == 0) plan_write_dot(p, &b);
    else plan_write_json(p, &b);
    if (!a.out || strcmp(a.out, "-") == 0) {
      if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0) rc = EXIT_USAGE;
    } else if (write_atomic(a.out, &b) != 0) {
      rc = EXIT_USAGE;
    }
    buf_free(&b);
  }
  plan_free(p);
  cli_args_free(&a);
  return rc;
}
