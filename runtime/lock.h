/* lock.h - one build at a time per cache: an flock on <cache>/lock.
 *
 * The lock is taken without waiting; the holder writes its pid into the file
 * so a refused build can say who holds it. The descriptor is close-on-exec,
 * so child processes (ffmpeg, espeak-ng) never keep the lock alive, and the
 * kernel drops it when the holder dies, even by SIGKILL. */
#ifndef STORYC_LOCK_H
#define STORYC_LOCK_H
#include <sys/types.h>

typedef struct CacheLock {
  int fd; /* -1 when not held */
} CacheLock;

/* Takes the lock of the cache directory dir (which must exist). Returns 0 on
 * success; 1 when another process holds it (*holder gets its pid, or 0 when
 * unknown); -1 with errno on other errors. */
int lock_acquire(CacheLock *l, const char *dir, pid_t *holder);
void lock_release(CacheLock *l);

#endif
