/* lock.c - the per-cache build lock (lock.h). */
#include "lock.h"
#include "buf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

static pid_t read_pid(int fd) {
  char text[32];
  ssize_t n = pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return 0;
  text[n] = 0;
  long pid = strtol(text, NULL, 10);
  return pid > 0 ? (pid_t)pid : 0;
}

int lock_acquire(CacheLock *l, const char *dir, pid_t *holder) {
  l->fd = -1;
  if (holder) *holder = 0;
  Buf path = {0};
  buf_printf(&path, "%s/lock", dir);
  int fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  buf_free(&path);
  if (fd < 0) return -1;
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    int e = errno;
    if (e == EWOULDBLOCK) {
      /* The holder may still be writing its pid: a short retry helps. */
      pid_t pid = read_pid(fd);
      if (pid == 0) {
        usleep(20000);
        pid = read_pid(fd);
      }
      if (holder) *holder = pid;
      close(fd);
      return 1;
    }
    close(fd);
    errno = e;
    return -1;
  }
  char text[32];
  int n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
  if (ftruncate(fd, 0) != 0 || pwrite(fd, text, (size_t)n, 0) != n) {
    /* The pid is only for the message; the lock itself is held. */
  }
  l->fd = fd;
  return 0;
}

void lock_release(CacheLock *l) {
  if (l->fd < 0) return;
  if (ftruncate(l->fd, 0) != 0) {
    /* harmless: the next holder rewrites it */
  }
  close(l->fd);
  l->fd = -1;
}
