/* ac_log.h - the journal of action entries: <cache>/ac.log.
 *
 * One line per entry written, "<key hex> <entry JSON>\n", or "<key hex> -\n"
 * when the entry was dropped; the last line of a key wins. Writing an entry
 * is one pwrite at the end of the file (a kill cannot cut a line in two: a
 * regular-file write is not interrupted by a signal), where a file per entry
 * cost an inode, a temp name, an fsync and a link: about 12 us of CPU per
 * job on tmpfs, and on ext4 a journal commit per job. The file is made
 * durable in groups (ac_log_sync, by the cache at most once a second and
 * when it closes), after the blobs the entries name.
 *
 * Reading: the first lookup reads the whole file once and indexes where each
 * key's last line is (32-byte key -> offset, length); a lookup then costs a
 * hash probe and, to read the entry, one pread. Lines that are not
 * "<64 hex> <text>" (garbage after a power cut: zeros, a cut line) are
 * skipped. gc rewrites the file with the live entries only.
 *
 * An AcLog is shared by the threads of a build (a mutex inside). */
#ifndef STORYC_AC_LOG_H
#define STORYC_AC_LOG_H
#include <stdbool.h>
#include <stddef.h>

typedef struct AcLog AcLog;

/* Opens name in the directory dir_fd (making it with create). Returns NULL
 * with errno ENOENT when it does not exist and !create, or on error. */
AcLog *ac_log_open(int dir_fd, const char *name, bool create);
/* Makes written lines durable (when any), closes and frees. NULL is fine. */
void ac_log_close(AcLog *l);

/* Whether the journal has an entry for key_hex: 1 yes, 0 it does not know
 * the key, -1 its last line dropped it, -2 the file cannot be read. */
int ac_log_find(AcLog *l, const char *key_hex);
/* The entry of key_hex: 1 with *text (malloc'ed, NUL-terminated) when there
 * is one, 0 when the journal does not know the key, -1 when its last line
 * dropped it, -2 when it cannot be read. */
int ac_log_get(AcLog *l, const char *key_hex, char **text);
/* Appends the entry of key_hex (text: one line, no newline). 0 or -1 with errno. */
int ac_log_put(AcLog *l, const char *key_hex, const char *text, size_t len);
/* Appends a line that drops key_hex. 0 or -1 with errno. */
int ac_log_drop(AcLog *l, const char *key_hex);
/* fdatasync when lines were written since the last one. 0 or -1. */
int ac_log_sync(AcLog *l);

/* Rewrites the journal with the entries keep() accepts (called for each
 * key's current entry, in file order), through a temp file renamed over it
 * (tmp_name, in the same directory). Counts kept and removed entries.
 * Returns 0 or -1 with errno (the journal is then unchanged). */
int ac_log_rewrite(AcLog *l, const char *tmp_name, bool (*keep)(void *ctx, const char *key_hex, const char *text),
                   void *ctx, size_t *kept, size_t *removed);

#endif
