/* main.c - `storyc`: dispatch to the commands (cli.h). */
#include "cli.h"
#include <stdio.h>
#include <string.h>

#define STORYC_VERSION "0.1.0"

static const char help[] =
    "storyc - make for AI-made films\n"
    "\n"
    "usage:\n"
    "  storyc check  [PATH]...            diagnostics only\n"
    "  storyc plan   [PATH] [-o FILE] [--format json|dot]\n"
    "  storyc build  [PATH] [TARGET]... [-j N] [-k] [-n] [--explain]\n"
    "                [--backend KIND=NAME]... [--cache DIR] [-o DIR]\n"
    "  storyc run    PLAN.json [same runtime flags as build]\n"
    "  storyc clean  [PATH]               remove build outputs, keep the cache\n"
    "  storyc gc     [PATH]               drop cache entries no target reaches\n"
    "\n"
    "PATH is a .story file or a folder whose top-level *.story files form the\n"
    "project (default: the current folder). TARGET is a job id or a prefix of\n"
    "one: ep1, ep1/storm_at_sea, music/storm_theme.\n"
    "\n"
    "  -I DIR              also look for imports in DIR\n"
    "  -j N                run N local jobs at once (default: the number of cores)\n"
    "  -k                  keep going after a job fails\n"
    "  -n                  say what would run, and why, and run nothing\n"
    "  --explain           say why each job runs\n"
    "  --backend KIND=NAME use backend NAME for jobs of KIND (image, video, voice, music)\n"
    "  --cache DIR         the cache (default: PROJECT/.storyc)\n"
    "  -o DIR              the outputs (default: PROJECT/build)\n"
    "\n"
    "Exit status: 0 ok, 1 story errors or failed jobs, 2 usage or environment.\n"
    "Docs: docs/language.md, docs/plan.md, docs/cli.md\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(help, stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
    fputs(help, stdout);
    return EXIT_OK;
  }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
    printf("storyc %s\n", STORYC_VERSION);
    return EXIT_OK;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {{"check", cmd_check}, {"plan", cmd_plan}, {"build", cmd_build},
              {"run", cmd_run},     {"clean", cmd_clean}, {"gc", cmd_gc}};
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (strcmp(cmd, cmds[i].name) == 0) return cmds[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "storyc: unknown command '%s' (check, plan, build, run, clean, gc; see storyc --help)\n", cmd);
  return EXIT_USAGE;
}
