/* progress.c - live status line or plain lines (progress.h). */
#include "progress.h"
#include "buf.h"
#include "util.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

enum { TICK_MS = 100 };

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int term_width(FILE *out) {
  struct winsize ws;
  if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  return 80;
}

/* Columns a UTF-8 sequence starting with lead byte c takes (CJK: 2). */
static int cols_of(const unsigned char *s, int *len) {
  unsigned c = s[0];
  if (c < 0x80) {
    *len = 1;
    return 1;
  }
  int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  unsigned cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
  for (int i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) {
      *len = i;
      return 1;
    }
    cp = cp << 6 | (s[i] & 0x3F);
  }
  *len = n;
  return cp >= 0x1100 && cp < 0x1F000 ? 2 : 1;
}

/* Appends s to b, at most *room columns, never cutting a character. */
static void put_cols(Buf *b, const char *s, int *room) {
  const unsigned char *p = (const unsigned char *)s;
  while (*p && *room > 0) {
    int len, w = cols_of(p, &len);
    if (w > *room) {
      *room = 0;
      break;
    }
    buf_append(b, p, (size_t)len);
    *room -= w;
    p += len;
  }
}

static void clear_line(Progress *p) {
  if (p->drawn) fputs("\r\033[K", p->out);
  p->drawn = false;
}

/* Draws the status line (p->mu held). */
static void draw(Progress *p) {
  int width = term_width(p->out) - 1, room = width;
  Buf b = {0};
  char head[128];
  double elapsed = now_s() - p->start;
  size_t left = p->total > p->done ? p->total - p->done : 0;
  if (p->done && left) {
    long eta = (long)(elapsed / (double)p->done * (double)left + 0.5);
    snprintf(head, sizeof head, "[%zu/%zu] %zu running, ETA %ld:%02ld ", p->done, p->total, p->nrunning, eta / 60,
             eta % 60);
  } else {
    snprintf(head, sizeof head, "[%zu/%zu] %zu running ", p->done, p->total, p->nrunning);
  }
  put_cols(&b, head, &room);
  for (size_t i = 0; i < p->nrunning && room > 1; i++) {
    put_cols(&b, " ", &room);
    put_cols(&b, p->running[i].id, &room);
  }
  fputs("\r", p->out);
  fputs(buf_cstr(&b), p->out);
  fputs("\033[K", p->out);
  fflush(p->out);
  buf_free(&b);
  p->drawn = true;
  p->dirty = false;
}

static void *ticker_main(void *arg) {
  Progress *p = arg;
  pthread_mutex_lock(&p->mu);
  double last = 0;
  while (!p->stop) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_nsec += TICK_MS * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
      ts.tv_sec++;
      ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&p->cv, &p->mu, &ts);
    if (p->stop) break;
    double t = now_s();
    if (p->dirty || t - last >= 1.0) { /* the ETA moves even without events */
      draw(p);
      last = t;
    }
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

void progress_start(Progress *p, FILE *out, bool tty, size_t total) {
  memset(p, 0, sizeof *p);
  p->out = out;
  p->tty = tty;
  p->total = total;
  p->start = now_s();
  pthread_mutex_init(&p->mu, NULL);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&p->cv, &ca);
  pthread_condattr_destroy(&ca);
  if (tty && total) p->ticking = pthread_create(&p->ticker, NULL, ticker_main, p) == 0;
}

void progress_add_total(Progress *p, size_t n) {
  pthread_mutex_lock(&p->mu);
  p->total += n;
  p->dirty = true;
  pthread_mutex_unlock(&p->mu);
}

void progress_job_started(Progress *p, const char *id) {
  pthread_mutex_lock(&p->mu);
  if (p->nrunning == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 16;
    p->running = xrealloc(p->running, p->cap * sizeof *p->running);
  }
  p->running[p->nrunning++] = (ProgressRunning){id, now_s()};
  p->dirty = true;
  pthread_mutex_unlock(&p->mu);
}

void progress_job_finished(Progress *p, const char *id, bool counted, const char *note) {
  pthread_mutex_lock(&p->mu);
  /* the same pointer the job was started with, nearly always: look for it
   * before comparing texts (64 jobs at once: 64 strcmp per finished job) */
  size_t at = p->nrunning;
  for (size_t i = 0; i < p->nrunning && at == p->nrunning; i++)
    if (p->running[i].id == id) at = i;
  for (size_t i = 0; i < p->nrunning && at == p->nrunning; i++)
    if (strcmp(p->running[i].id, id) == 0) at = i;
  if (at < p->nrunning) {
    memmove(&p->running[at], &p->running[at + 1], (p->nrunning - at - 1) * sizeof *p->running);
    p->nrunning--;
  }
  if (counted) p->done++;
  p->dirty = true;
  if (!p->tty && counted) {
    fprintf(p->out, "[%zu/%zu] %s (%s)\n", p->done, p->total, id, note);
    fflush(p->out);
  }
  pthread_mutex_unlock(&p->mu);
}

void progress_print(Progress *p, const char *fmt, ...) {
  pthread_mutex_lock(&p->mu);
  bool redraw = p->drawn;
  clear_line(p);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(p->out, fmt, ap);
  va_end(ap);
  fputc('\n', p->out);
  p->dirty = redraw; /* the ticker draws it again, at most ten times a second */
  fflush(p->out);
  pthread_mutex_unlock(&p->mu);
}

void progress_stop(Progress *p) {
  pthread_mutex_lock(&p->mu);
  p->stop = true;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  if (p->ticking) pthread_join(p->ticker, NULL);
  p->ticking = false;
  clear_line(p);
  fflush(p->out);
  free(p->running);
  p->running = NULL;
  p->nrunning = p->cap = 0;
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->cv);
}
