/* progress.h - what a build shows while it runs, on stderr.
 *
 * On a terminal: one status line, redrawn at most ten times a second by a
 * ticker thread ("[3/12] 2 running, ETA 0:41  ep1/s/1/image ep1/s/2/image"),
 * cleared at the end. Otherwise: one plain line as each job finishes
 * ("[3/12] ep1/s/1/image (draft, 0.4s)"). Messages (failures, --explain
 * reasons) are printed above the status line. Every function is thread-safe. */
#ifndef STORYC_PROGRESS_H
#define STORYC_PROGRESS_H
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct ProgressRunning {
  const char *id;
  double since;
} ProgressRunning;

typedef struct Progress {
  FILE *out;
  bool tty;
  size_t total, done;
  double start;
  ProgressRunning *running; /* jobs running now, in start order */
  size_t nrunning, cap;
  bool dirty, drawn, stop, ticking;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  pthread_t ticker;
} Progress;

/* Starts showing progress of total jobs on out (stderr), as a live status
 * line when tty is set. */
void progress_start(Progress *p, FILE *out, bool tty, size_t total);
/* More jobs to run than counted at the start (an input had to be rebuilt). */
void progress_add_total(Progress *p, size_t n);
void progress_job_started(Progress *p, const char *id);
/* A job finished; note is what the plain line shows in parentheses
 * ("draft, 0.4s"). failed jobs are not counted as done. */
void progress_job_finished(Progress *p, const char *id, bool counted, const char *note);
/* Prints one message line (a newline is added), above the status line. */
void progress_print(Progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Stops the ticker and clears the status line. */
void progress_stop(Progress *p);

#endif
