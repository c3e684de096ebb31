/* cmd_build.c - the commands that hand a plan to the runtime:
 *   storyc build [PATH] [TARGET]...   compile, then build
 *   storyc run PLAN.json [TARGET]...  build a plan written by `storyc plan`
 *   storyc clean [PATH]               remove build outputs, keep the cache
 *   storyc gc [PATH]                  drop cache entries no target reaches */
#include "backends.h"
#include "build.h"
#include "cli.h"
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool path_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0;
}

/* The project folder of PATH (a folder, or a .story file's folder). */
static char *project_dir(const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return xstrdup(path);
  const char *slash = strrchr(path, '/');
  return slash ? xstrndup(path, (size_t)(slash - path + (slash == path))) : xstrdup(".");
}

static int run_plan(Plan *plan, const CliArgs *a, const char *const *targets, size_t ntargets,
                    BuildPrefetch *prefetch) {
  RunOptions ro = {0};
  ro.prefetch = prefetch;
  ro.jobs = a->jobs;
  ro.keep_going = a->keep_going;
  ro.dry_run = a->dry_run;
  ro.explain = a->explain;
  ro.cache_dir = a->cache;
  ro.out_dir = a->out;
  ro.targets = targets;
  ro.ntargets = ntargets;
  ro.progress_tty = isatty(STDERR_FILENO);
  ro.max_cost = a->max_cost;
  /* HTTP backends: their descriptions, the plan re-keyed with each one's
   * service and model, and (unless -n) the HTTP engine. */
  char *stdlib = cli_stdlib_dir();
  Backends bk;
  int rc = EXIT_USAGE;
  if (backends_setup(plan, stdlib, !a->dry_run, &bk) == 0) {
    ro.backends = bk.table;
    ro.nbackends = bk.n;
    rc = runtime_build(plan, &ro);
    backends_free(&bk);
  }
  free(stdlib);
  return rc;
}

static const char build_usage[] =
    "storyc build [PATH] [TARGET]... [-j N] [-k] [-n] [--explain] [--backend KIND=NAME]... [--cache DIR] [-o DIR] "
    "[--max-cost X] [-I DIR]";

int cmd_build(int argc, char **argv) {
  CliArgs a;
  if (cli_parse(argc, argv, CLI_F_INCLUDE | CLI_F_OUT | CLI_F_RUNTIME | CLI_F_BACKEND, build_usage, &a) != 0)
    return EXIT_USAGE;
  /* The first word is the project when it names a file or folder (or a
   * .story file); otherwise every word is a target of the current folder. */
  const char *path = ".";
  size_t first_target = 0;
  if (a.npositional &&
      (path_exists(a.positional[0]) || str_has_suffix(a.positional[0], ".story"))) {
    path = a.positional[0];
    first_target = 1;
  }
  /* The runtime looks at the output files while the compiler runs. */
  Buf out = {0};
  if (a.out) {
    buf_puts(&out, a.out);
  } else {
    char *dir = project_dir(path);
    buf_printf(&out, "%s/build", dir);
    free(dir);
  }
  BuildPrefetch *prefetch = runtime_prefetch(buf_cstr(&out));
  buf_free(&out);
  Diags d;
  diag_init(&d, stderr);
  Plan *plan = cli_compile(path, &a, &d);
  int rc;
  if (!plan) {
    fprintf(stderr, "%d error%s\n", d.errors, d.errors == 1 ? "" : "s");
    rc = EXIT_STORY;
  } else {
    rc = run_plan(plan, &a, a.positional + first_target, a.npositional - first_target, prefetch);
  }
  runtime_prefetch_free(prefetch);
  plan_free(plan);
  cli_args_free(&a);
  return rc;
}

int cmd_run(int argc, char **argv) {
  static const char usage[] =
      "storyc run PLAN.json [TARGET]... [-j N] [-k] [-n] [--explain] [--backend KIND=NAME]... [--cache DIR] [-o DIR] "
      "[--max-cost X]";
  CliArgs a;
  if (cli_parse(argc, argv, CLI_F_OUT | CLI_F_RUNTIME | CLI_F_BACKEND, usage, &a) != 0) return EXIT_USAGE;
  if (a.npositional == 0) {
    fprintf(stderr, "storyc: run needs a plan file (write one with `storyc plan -o plan.json`)\nusage: %s\n", usage);
    cli_args_free(&a);
    return EXIT_USAGE;
  }
  const char *file = a.positional[0];
  size_t len;
  char *text = file_read_all(file, &len, (size_t)1 << 31);
  if (!text) {
    fprintf(stderr, "storyc: cannot read %s: %s\n", file, strerror(errno));
    cli_args_free(&a);
    return EXIT_USAGE;
  }
  char *err = NULL;
  Plan *plan = plan_read_json(text, len, &err);
  free(text);
  int rc;
  if (!plan) {
    fprintf(stderr, "storyc: %s: %s\n", file, err);
    free(err);
    rc = EXIT_USAGE;
  } else {
    for (int k = 0; k < JOB_KIND_COUNT; k++)
      if (a.backend[k]) plan_set_backend(plan, (JobKind)k, a.backend[k]);
    rc = run_plan(plan, &a, a.positional + 1, a.npositional - 1, NULL);
  }
  plan_free(plan);
  cli_args_free(&a);
  return rc;
}

int cmd_clean(int argc, char **argv) {
  static const char usage[] = "storyc clean [PATH] [-o DIR]";
  CliArgs a;
  if (cli_parse(argc, argv, CLI_F_OUT, usage, &a) != 0) return EXIT_USAGE;
  if (a.npositional > 1) {
    fprintf(stderr, "storyc: clean takes one PATH\nusage: %s\n", usage);
    cli_args_free(&a);
    return EXIT_USAGE;
  }
  int rc;
  if (a.out) {
    rc = runtime_clean(a.out);
  } else {
    char *dir = project_dir(a.npositional ? a.positional[0] : ".");
    Buf out = {0};
    buf_printf(&out, "%s/build", dir);
    rc = runtime_clean(buf_cstr(&out));
    buf_free(&out);
    free(dir);
  }
  cli_args_free(&a);
  return rc;
}

int cmd_gc(int argc, char **argv) {
  static const char usage[] = "storyc gc [PATH] [--cache DIR] [-I DIR]";
  CliArgs a;
  if (cli_parse(argc, argv, CLI_F_INCLUDE | CLI_F_RUNTIME | CLI_F_BACKEND, usage, &a) != 0) return EXIT_USAGE;
  Diags d;
  diag_init(&d, stderr);
  Plan *plan = cli_compile(a.npositional ? a.positional[0] : ".", &a, &d);
  int rc;
  if (!plan) {
    fprintf(stderr, "%d error%s; gc needs a project that compiles, to know what is still reachable\n", d.errors,
            d.errors == 1 ? "" : "s");
    rc = EXIT_STORY;
  } else {
    /* the same keys as a build: HTTP jobs are keyed by service and model */
    char *stdlib = cli_stdlib_dir();
    Backends bk;
    rc = EXIT_USAGE;
    if (backends_setup(plan, stdlib, false, &bk) == 0) {
      rc = runtime_gc(plan, a.cache);
      backends_free(&bk);
    }
    free(stdlib);
  }
  plan_free(plan);
  cli_args_free(&a);
  return rc;
}
