/* cli.h - the `storyc` command line: one function per command, and the
 * option parsing they share. Exit codes: 0 ok, 1 story errors or failed jobs,
 * 2 usage or environment. */
#ifndef STORYC_CLI_H
#define STORYC_CLI_H
#include "compile.h"
#include <stdbool.h>

enum { EXIT_OK = 0, EXIT_STORY = 1, EXIT_USAGE = 2 };

typedef struct CliArgs {
  const char **positional;
  size_t npositional;
  const char **include_dirs;
  size_t ninclude;
  const char *backend[JOB_KIND_COUNT];
  const char *out;         /* -o */
  const char *format;      /* --format */
  const char *cache;       /* --cache */
  int jobs;                /* -j */
  bool keep_going, dry_run, explain;
  double max_cost;         /* --max-cost, < 0 when unset */
} CliArgs;

/* Which flags a command takes (CLI_F_*). */
enum {
  CLI_F_INCLUDE = 1, CLI_F_OUT = 2, CLI_F_FORMAT = 4, CLI_F_RUNTIME = 8, CLI_F_BACKEND = 16,
};

/* Parses argv[1..] of a command. Returns 0, or prints the problem and
 * returns -1. */
int cli_parse(int argc, char **argv, unsigned flags, const char *usage, CliArgs *a);
void cli_args_free(CliArgs *a);
/* The stdlib folder: $STORYC_STDLIB, else beside the binary (bin/../stdlib,
 * bin/../share/storyc/stdlib). NULL when none is found. Malloc'ed. */
char *cli_stdlib_dir(void);
/* Compiles path with the args' -I and --backend; NULL on errors. */
Plan *cli_compile(const char *path, const CliArgs *a, Diags *d);

int cmd_check(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_clean(int argc, char **argv);
int cmd_gc(int argc, char **argv);

#endif
