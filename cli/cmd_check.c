/* cmd_check.c - `storyc check [PATH]...`: compile each project, print
 * diagnostics only. */
#include "cli.h"
#include <stdio.h>

int cmd_check(int argc, char **argv) {
  static const char usage[] = "storyc check [PATH]... [-I DIR]";
  CliArgs a;
  if (cli_parse(argc, argv, CLI_F_INCLUDE, usage, &a) != 0) return EXIT_USAGE;
  Diags d;
  diag_init(&d, stderr);
  size_t n = a.npositional ? a.npositional : 1;
  for (size_t i = 0; i < n && !d.stopped; i++) {
    Plan *p = cli_compile(a.npositional ? a.positional[i] : ".", &a, &d);
    plan_free(p);
  }
  cli_args_free(&a);
  if (d.errors) {
    fprintf(stderr, "%d error%s\n", d.errors, d.errors == 1 ? "" : "s");
    return EXIT_STORY;
  }
  return EXIT_OK;
}
