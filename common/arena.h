/* arena.h - bump allocator: many small allocations, one free.
 *
 * The compiler allocates every token text, AST node and resolved string of a
 * compilation from one Arena and frees them all at once with arena_free().
 * Allocation failure is fatal (xmalloc semantics): callers never check. */
#ifndef STORYC_ARENA_H
#define STORYC_ARENA_H
#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
/* Zeroed memory, aligned for any type, valid until arena_free(). */
void *arena_alloc(Arena *a, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Total bytes handed out (for benchmarks and tests). */
size_t arena_used(const Arena *a);
void arena_free(Arena *a);

#endif
