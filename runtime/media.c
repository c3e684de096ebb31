/* media.c - runs media tools for backends (media.h): fork + exec with an
 * argv (never a shell; PATH is searched as execvp does, before the fork), the
 * child in its own process group with stdin from /dev/null, stdout to
 * /dev/null or captured, stderr copied to the job log while its last lines
 * are kept for the error message; the child is killed when the job is
 * cancelled. Also ffprobe as a function and locale-proof number formatting
 * for filter expressions. */
#include "media.h"
#include "util.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TAIL_LINES 3
#define TAIL_WIDTH 240
#define KILL_GRACE_MS 1000

void media_args_add(MediaArgs *a, const char *s) {
  if (a->argc + 2 > a->cap) {
    a->cap = a->cap ? a->cap * 2 : 32;
    a->argv = xrealloc(a->argv, a->cap * sizeof *a->argv);
  }
  a->argv[a->argc++] = xstrdup(s);
  a->argv[a->argc] = NULL;
}

void media_args_addf(MediaArgs *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  char *s = xmalloc((size_t)n + 1);
  s[0] = 0;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  media_args_add(a, s);
  free(s);
}

void media_args_free(MediaArgs *a) {
  for (size_t i = 0; i < a->argc; i++) free(a->argv[i]);
  free(a->argv);
  a->argv = NULL;
  a->argc = a->cap = 0;
}

void media_put_num(Buf *b, double v) {
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%.6f", v);
  for (char *p = tmp; *p; p++) {
    if (*p == ',') *p = '.';
  }
  /* Trim trailing zeros and a bare point: "1.250000" -> "1.25", "2.000000" -> "2". */
  char *dot = strchr(tmp, '.');
  if (dot) {
    char *end = tmp + strlen(tmp) - 1;
    while (end > dot && *end == '0') *end-- = 0;
    if (end == dot) *end = 0;
  }
  if (strcmp(tmp, "-0") == 0) strcpy(tmp, "0");
  buf_puts(b, tmp);
}

/* The last lines a tool wrote to stderr, for the error message. */
typedef struct Tail {
  char lines[TAIL_LINES][TAIL_WIDTH];
  int count; /* lines kept so far, at most TAIL_LINES */
  char cur[TAIL_WIDTH];
  size_t curlen;
} Tail;

static void tail_end_line(Tail *t) {
  size_t n = t->curlen;
  while (n > 0 && (t->cur[n - 1] == ' ' || t->cur[n - 1] == '\t')) n--;
  t->curlen = 0;
  if (n == 0) return;
  if (t->count == TAIL_LINES) {
    memmove(t->lines[0], t->lines[1], sizeof t->lines[0] * (TAIL_LINES - 1));
    t->count--;
  }
  memcpy(t->lines[t->count], t->cur, n);
  t->lines[t->count][n] = 0;
  t->count++;
}

static void tail_feed(Tail *t, const char *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '\n' || p[i] == '\r') {
      tail_end_line(t);
    } else if (t->curlen + 1 < TAIL_WIDTH) {
      t->cur[t->curlen++] = p[i];
    }
  }
}

static void tail_message(Tail *t, Buf *msg) {
  tail_end_line(t);
  for (int i = 0; i < t->count; i++) {
    buf_puts(msg, i ? "; " : ": ");
    buf_puts(msg, t->lines[i]);
  }
}

/* A write to the job's log (none when fd < 0): the log is for people, so a
 * failed write changes nothing. */
static void write_all(int fd, const char *p, size_t n) {
  if (fd >= 0) (void)fd_write_all(fd, p, n);
}

/* Writes "+ tool arg 'arg with space' ..." to the log. */
static void log_command(int fd, char *const argv[]) {
  if (fd < 0) return;
  Buf b = {0};
  buf_puts(&b, "+");
  for (size_t i = 0; argv[i]; i++) {
    const char *s = argv[i];
    buf_putc(&b, ' ');
    if (*s && strpbrk(s, " \t\n'\"\\;[]|&$*?") == NULL) {
      buf_puts(&b, s);
      continue;
    }
    buf_putc(&b, '\'');
    for (; *s; s++) {
      if (*s == '\'') buf_puts(&b, "'\\''");
      else buf_putc(&b, *s);
    }
    buf_putc(&b, '\'');
  }
  buf_putc(&b, '\n');
  write_all(fd, b.data, b.len);
  buf_free(&b);
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

static const char *tool_name(const char *argv0) {
  const char *slash = strrchr(argv0, '/');
  return slash ? slash + 1 : argv0;
}

const char *media_tool_package(const char *tool) {
  if (strcmp(tool, "ffprobe") == 0 || strcmp(tool, "ffmpeg") == 0) return "ffmpeg";
  return tool;
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* Searched before fork: the child may only make async-signal-safe calls, and
 * execvp() is not one. */
char *media_find_program(const char *name) {
  if (strchr(name, '/')) return access(name, X_OK) == 0 ? realpath(name, NULL) : NULL;
  const char *path = getenv("PATH");
  if (!path || !*path) path = "/usr/local/bin:/usr/bin:/bin";
  int err = ENOENT;
  for (const char *p = path;;) {
    const char *end = strchr(p, ':');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    Buf b = {0};
    if (n == 0) buf_puts(&b, ".");
    else buf_append(&b, p, n);
    buf_putc(&b, '/');
    buf_puts(&b, name);
    if (access(b.data, X_OK) == 0) {
      /* a relative PATH entry must not depend on the child's directory */
      char *found = b.data[0] == '/' ? buf_take(&b) : realpath(b.data, NULL);
      buf_free(&b);
      if (found) return found;
    }
    if (errno == EACCES) err = EACCES;
    buf_free(&b);
    if (!end) break;
    p = end + 1;
  }
  errno = err;
  return NULL;
}

/* In the child, between fork and exec: only async-signal-safe calls. */
static void child_exec(const char *program, char *const argv[], const char *cwd, int in_fd, int out_fd, int err_fd,
                       int status_fd) {
  setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &dfl, NULL);
  sigaction(SIGINT, &dfl, NULL);
  sigaction(SIGTERM, &dfl, NULL);
  int e = 0;
  if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) e = errno;
  if (!e && cwd && chdir(cwd) != 0) e = errno;
  if (!e) {
    execv(program, argv);
    e = errno;
  }
  ssize_t w = write(status_fd, &e, sizeof e);
  (void)w;
  _exit(127);
}

/* Reads what is available on fd; returns 1 at end of file, 0 otherwise. */
static int pump(int fd, Buf *out, Tail *tail, int log_fd) {
  char buf[8192];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : 1;
    }
    if (n == 0) return 1;
    if (out) buf_append(out, buf, (size_t)n);
    if (tail) {
      tail_feed(tail, buf, (size_t)n);
      write_all(log_fd, buf, (size_t)n);
    }
    if ((size_t)n < sizeof buf) return 0;
  }
}

int media_run(const JobCtx *ctx, char *const argv[], const char *cwd, Buf *out, JobResult *r) {
  const char *tool = tool_name(argv[0]);
  log_command(ctx->log_fd, argv);
  char *program = media_find_program(argv[0]);
  if (!program) {
    if (errno == ENOENT) {
      return job_fail(r, "%s not found: install it with `apt-get install %s`", tool, media_tool_package(tool));
    }
    return job_fail(r, "cannot run %s: %s", tool, strerror(errno));
  }
  int in_fd = -1, null_out = -1, err_pipe[2] = {-1, -1}, status_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1};
  int ready = (in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0 &&
              (out || (null_out = open("/dev/null", O_WRONLY | O_CLOEXEC)) >= 0) && pipe2(err_pipe, O_CLOEXEC) == 0 &&
              pipe2(status_pipe, O_CLOEXEC) == 0 && (!out || pipe2(out_pipe, O_CLOEXEC) == 0);
  int setup_errno = errno;
  pid_t pid = -1;
  if (ready) {
    int child_out = out ? out_pipe[1] : null_out;
    pid = fork();
    if (pid == 0) child_exec(program, argv, cwd, in_fd, child_out, err_pipe[1], status_pipe[1]);
    setup_errno = errno;
  }
  free(program);
  /* The parent keeps only the read ends. */
  close_fd(&in_fd);
  close_fd(&null_out);
  close_fd(&err_pipe[1]);
  close_fd(&status_pipe[1]);
  close_fd(&out_pipe[1]);
  if (pid < 0) {
    close_fd(&err_pipe[0]);
    close_fd(&status_pipe[0]);
    close_fd(&out_pipe[0]);
    return job_fail(r, "cannot start %s: %s", tool, strerror(setup_errno));
  }
  setpgid(pid, pid); /* also done by the child; whichever runs first wins */

  /* The status pipe closes on a successful exec, or carries the errno. */
  int exec_errno = 0;
  ssize_t got;
  do {
    got = read(status_pipe[0], &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);
  close(status_pipe[0]);
  if (got == (ssize_t)sizeof exec_errno) {
    close(err_pipe[0]);
    if (out) close(out_pipe[0]);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
    if (exec_errno == ENOENT) {
      return job_fail(r, "%s not found: install it with `apt-get install %s`", tool, media_tool_package(tool));
    }
    return job_fail(r, "cannot run %s: %s", tool, strerror(exec_errno));
  }

  fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);
  if (out) fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
  Tail *tail = xcalloc(1, sizeof *tail);
  int err_eof = 0, out_eof = out ? 0 : 1;
  int exited = 0, status = 0;
  long killed_at = -1;
  int cancelled = 0, lost = 0;
  for (;;) {
    struct pollfd fds[2];
    nfds_t nfds = 0;
    if (!err_eof) fds[nfds++] = (struct pollfd){.fd = err_pipe[0], .events = POLLIN};
    if (!out_eof) fds[nfds++] = (struct pollfd){.fd = out_pipe[0], .events = POLLIN};
    if (nfds > 0) {
      int pr = poll(fds, nfds, 50);
      if (pr < 0 && errno != EINTR) break;
    } else {
      sleep_ms(2);
    }
    if (!err_eof) err_eof = pump(err_pipe[0], NULL, tail, ctx->log_fd);
    if (!out_eof) out_eof = pump(out_pipe[0], out, NULL, -1);
    if (!exited) {
      pid_t w = waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        exited = 1;
      } else if (w < 0 && errno != EINTR) {
        exited = lost = 1; /* reaped by someone else: the status is gone */
      }
    }
    if (exited) {
      /* Whatever the child wrote is in the pipes now; a grandchild holding
       * them open must not keep us waiting. */
      if (!err_eof) pump(err_pipe[0], NULL, tail, ctx->log_fd);
      if (!out_eof) pump(out_pipe[0], out, NULL, -1);
      break;
    }
    if (ctx->cancel && *ctx->cancel) {
      cancelled = 1;
      if (killed_at < 0) {
        kill(-pid, SIGTERM);
        killed_at = now_ms();
      } else if (now_ms() - killed_at > KILL_GRACE_MS) {
        kill(-pid, SIGKILL);
      }
    }
  }
  close(err_pipe[0]);
  if (out) close(out_pipe[0]);
  if (!exited) {
    kill(-pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  int rc = 0;
  if (cancelled) {
    rc = job_fail(r, "cancelled");
  } else if (lost) {
    rc = job_fail(r, "%s: lost track of the process (another part of the program waited for it)", tool);
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Buf msg = {0};
    if (WIFSIGNALED(status)) buf_printf(&msg, "%s killed by signal %d", tool, WTERMSIG(status));
    else buf_printf(&msg, "%s failed (exit status %d)", tool, WEXITSTATUS(status));
    tail_message(tail, &msg);
    rc = job_fail(r, "%s", buf_cstr(&msg));
    buf_free(&msg);
  }
  free(tail);
  return rc;
}

/* "24/1" -> 24, 1; "0/0" -> 0, 0. */
static void parse_rate(const char *s, int *num, int *den) {
  *num = *den = 0;
  if (!s) return;
  char *end;
  long n = strtol(s, &end, 10);
  long d = 1;
  if (*end == '/') d = strtol(end + 1, NULL, 10);
  if (n > 0 && d > 0 && n < 1000000 && d < 1000000) {
    *num = (int)n;
    *den = (int)d;
  }
}

static const char *json_str(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double json_num_or_str(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (cJSON_IsNumber(v)) return v->valuedouble;
  if (cJSON_IsString(v)) return strtod(v->valuestring, NULL);
  return 0;
}

static void copy_str(char *dst, size_t cap, const char *src) {
  snprintf(dst, cap, "%s", src ? src : "");
}

int media_probe(const JobCtx *ctx, const char *path, MediaInfo *info, JobResult *r) {
  memset(info, 0, sizeof *info);
  char *argv[] = {"ffprobe", "-v", "error", "-of", "json", "-show_data_hash", "SHA256", "-show_entries",
                  "format=duration:stream=codec_type,codec_name,profile,width,height,pix_fmt,"
                  "r_frame_rate,duration,nb_frames,sample_rate,channels,extradata_hash",
                  (char *)path, NULL};
  Buf out = {0};
  if (media_run(ctx, argv, NULL, &out, r) != 0) {
    buf_free(&out);
    return -1;
  }
  cJSON *root = cJSON_Parse(buf_cstr(&out));
  buf_free(&out);
  if (!root) return job_fail(r, "ffprobe %s: unreadable output", path);
  const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
  info->duration = json_num_or_str(format, "duration");
  const cJSON *streams = cJSON_GetObjectItemCaseSensitive(root, "streams");
  const cJSON *s;
  cJSON_ArrayForEach(s, streams) {
    const char *type = json_str(s, "codec_type");
    if (!type) continue;
    if (strcmp(type, "video") == 0 && !info->has_video) {
      info->has_video = true;
      copy_str(info->vcodec, sizeof info->vcodec, json_str(s, "codec_name"));
      copy_str(info->vprofile, sizeof info->vprofile, json_str(s, "profile"));
      copy_str(info->pix_fmt, sizeof info->pix_fmt, json_str(s, "pix_fmt"));
      info->width = (int)json_num_or_str(s, "width");
      info->height = (int)json_num_or_str(s, "height");
      parse_rate(json_str(s, "r_frame_rate"), &info->fps_num, &info->fps_den);
      info->vduration = json_num_or_str(s, "duration");
      info->vframes = (long)json_num_or_str(s, "nb_frames");
      copy_str(info->vextradata, sizeof info->vextradata, json_str(s, "extradata_hash"));
    } else if (strcmp(type, "audio") == 0 && !info->has_audio) {
      info->has_audio = true;
      copy_str(info->acodec, sizeof info->acodec, json_str(s, "codec_name"));
      info->sample_rate = (int)json_num_or_str(s, "sample_rate");
      info->channels = (int)json_num_or_str(s, "channels");
      info->aduration = json_num_or_str(s, "duration");
    } else if (strcmp(type, "subtitle") == 0) {
      info->nsubtitles++;
    }
  }
  cJSON_Delete(root);
  return 0;
}
