/* runstat.c - runs a command and reports its wall time, CPU time and peak
 * memory, for `make bench`.
 *
 *   runstat OUT -- COMMAND [ARG]...
 *
 * Writes "wall_s cpu_s maxrss_kb status" to OUT (status: the exit code, or
 * 128 + the signal). The command's stdout and stderr are this program's.
 *
 * Why not getrusage in the bench's Python: a child's max RSS is kept across
 * exec, so a child forked from a large process (the bench holds a 100,000-job
 * plan) reports the parent's size. This program is small, and the command
 * is forked from it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double tv_s(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }

int main(int argc, char **argv) {
  if (argc < 4 || strcmp(argv[2], "--") != 0) {
    fprintf(stderr, "usage: runstat OUT -- COMMAND [ARG]...\n");
    return 2;
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) {
    perror("runstat: fork");
    return 2;
  }
  if (pid == 0) {
    execvp(argv[3], argv + 3);
    fprintf(stderr, "runstat: %s: %s\n", argv[3], strerror(errno));
    _exit(127);
  }
  int status;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      perror("runstat: wait4");
      return 2;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  FILE *f = fopen(argv[1], "w");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  fprintf(f, "%.6f %.6f %ld %d\n", wall, tv_s(ru.ru_utime) + tv_s(ru.ru_stime), ru.ru_maxrss, code);
  fclose(f);
  return 0;
}
