/* args.c - option parsing shared by the storyc commands, and locating the
 * stdlib (cli.h). */
#include "cli.h"
#include "util.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int usage_error(const char *usage, const char *fmt, const char *arg) {
  fprintf(stderr, "storyc: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\nusage: %s\n", usage);
  return -1;
}

static void push(const char ***v, size_t *n, const char *s) {
  *v = xrealloc(*v, (*n + 1) * sizeof **v);
  (*v)[(*n)++] = s;
}

/* The value of an option: "-oX", "-o X", "--out=X", "--out X". */
static const char *take_value(int argc, char **argv, int *i, size_t optlen) {
  const char *arg = argv[*i];
  if (arg[optlen] == '=') return arg + optlen + 1;
  if (arg[optlen] && arg[1] != '-') return arg + optlen;
  if (*i + 1 < argc) return argv[++*i];
  return NULL;
}

static bool opt_is(const char *arg, const char *name) {
  size_t n = strlen(name);
  if (strncmp(arg, name, n) != 0) return false;
  if (arg[n] == 0 || arg[n] == '=') return true;
  return name[1] != '-' && strlen(name) == 2; /* -j4, -ofile */
}

int cli_parse(int argc, char **argv, unsigned flags, const char *usage, CliArgs *a) {
  memset(a, 0, sizeof *a);
  a->max_cost = -1;
  bool only_positional = false;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (only_positional || arg[0] != '-' || arg[1] == 0) {
      push(&a->positional, &a->npositional, arg);
      continue;
    }
    if (strcmp(arg, "--") == 0) {
      only_positional = true;
    } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
      printf("usage: %s\n", usage);
      exit(0);
    } else if ((flags & CLI_F_INCLUDE) && opt_is(arg, "-I")) {
      const char *v = take_value(argc, argv, &i, 2);
      if (!v) return usage_error(usage, "%s needs a folder", arg);
      push(&a->include_dirs, &a->ninclude, v);
    } else if ((flags & CLI_F_OUT) && (opt_is(arg, "-o") || opt_is(arg, "--out"))) {
      const char *v = take_value(argc, argv, &i, arg[1] == '-' ? 5 : 2);
      if (!v) return usage_error(usage, "%s needs a path", arg);
      a->out = v;
    } else if ((flags & CLI_F_FORMAT) && opt_is(arg, "--format")) {
      const char *v = take_value(argc, argv, &i, 8);
      if (!v || (strcmp(v, "json") != 0 && strcmp(v, "dot") != 0))
        return usage_error(usage, "--format takes json or dot%s", "");
      a->format = v;
    } else if ((flags & CLI_F_BACKEND) && opt_is(arg, "--backend")) {
      const char *v = take_value(argc, argv, &i, 9);
      const char *eq = v ? strchr(v, '=') : NULL;
      if (!eq || !eq[1]) return usage_error(usage, "--backend takes KIND=NAME (image=openai-image)%s", "");
      char kind[16];
      size_t n = (size_t)(eq - v);
      int k = -1;
      if (n < sizeof kind) {
        memcpy(kind, v, n);
        kind[n] = 0;
        k = job_kind_parse(kind);
      }
      if (k < 0) return usage_error(usage, "--backend %s: the kind is one of image, video, voice, music, edit", v);
      a->backend[k] = eq + 1;
    } else if ((flags & CLI_F_RUNTIME) && opt_is(arg, "-j")) {
      const char *v = take_value(argc, argv, &i, 2);
      char *end;
      long n = v ? strtol(v, &end, 10) : 0;
      if (!v || *end || n < 1 || n > 1024) return usage_error(usage, "-j takes a number of jobs from 1 to 1024%s", "");
      a->jobs = (int)n;
    } else if ((flags & CLI_F_RUNTIME) && strcmp(arg, "-k") == 0) {
      a->keep_going = true;
    } else if ((flags & CLI_F_RUNTIME) && strcmp(arg, "-n") == 0) {
      a->dry_run = true;
    } else if ((flags & CLI_F_RUNTIME) && strcmp(arg, "--explain") == 0) {
      a->explain = true;
    } else if ((flags & CLI_F_RUNTIME) && opt_is(arg, "--cache")) {
      const char *v = take_value(argc, argv, &i, 7);
      if (!v) return usage_error(usage, "--cache needs a folder%s", "");
      a->cache = v;
    } else if ((flags & CLI_F_RUNTIME) && opt_is(arg, "--max-cost")) {
      const char *v = take_value(argc, argv, &i, 10);
      char *end;
      double x = v ? strtod(v, &end) : -1;
      if (!v || *end || x < 0) return usage_error(usage, "--max-cost takes an amount (12.50)%s", "");
      a->max_cost = x;
    } else {
      return usage_error(usage, "unknown option %s", arg);
    }
  }
  return 0;
}

void cli_args_free(CliArgs *a) {
  free(a->positional);
  free(a->include_dirs);
  memset(a, 0, sizeof *a);
}

static bool is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *cli_stdlib_dir(void) {
  const char *env = getenv("STORYC_STDLIB");
  if (env && *env) return is_dir(env) ? xstrdup(env) : NULL;
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return NULL;
  exe[n] = 0;
  char *slash = strrchr(exe, '/');
  if (!slash) return NULL;
  *slash = 0;
  static const char *const rel[] = {"/../stdlib", "/../share/storyc/stdlib"};
  for (size_t i = 0; i < 2; i++) {
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s%s", exe, rel[i]);
    if (is_dir(path)) {
      char *real = realpath(path, NULL);
      return real ? real : xstrdup(path);
    }
  }
  return NULL;
}

Plan *cli_compile(const char *path, const CliArgs *a, Diags *d) {
  CompileOptions opt = {0};
  opt.path = path;
  opt.include_dirs = a->include_dirs;
  opt.ninclude = a->ninclude;
  char *stdlib = cli_stdlib_dir();
  opt.stdlib_dir = stdlib;
  for (int k = 0; k < JOB_KIND_COUNT; k++) opt.backend[k] = a->backend[k];
  Plan *p = compile_project(&opt, d);
  free(stdlib);
  return p;
}
