/* arena.c - bump allocator over a chain of blocks (see arena.h). */
#include "arena.h"
#include "util.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_BLOCK = 256 * 1024, ARENA_ALIGN = 16 };

typedef struct Block {
  struct Block *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
} Block;

struct Arena {
  Block *head;
  size_t total;
};

Arena *arena_new(void) { return xcalloc(1, sizeof(Arena)); }

static Block *block_new(size_t size) {
  Block *b = xmalloc(sizeof(Block) + size);
  b->next = NULL;
  b->size = size;
  b->used = 0;
  return b;
}

/* n bytes, not zeroed (strings are copied over right away). */
static void *alloc_raw(Arena *a, size_t n) {
  n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (n == 0) n = ARENA_ALIGN;
  Block *b = a->head;
  if (!b || b->size - b->used < n) {
    if (n > ARENA_BLOCK / 4) {
      /* Large request: its own block, linked behind the current one so the
       * current block keeps serving small requests. */
      Block *big = block_new(n);
      big->used = n;
      if (b) {
        big->next = b->next;
        b->next = big;
      } else {
        a->head = big;
      }
      a->total += n;
      return big->data;
    }
    b = block_new(ARENA_BLOCK);
    b->next = a->head;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += n;
  a->total += n;
  return p;
}

void *arena_alloc(Arena *a, size_t n) {
  void *p = alloc_raw(a, n);
  memset(p, 0, n);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = alloc_raw(a, n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  char *p = alloc_raw(a, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

size_t arena_used(const Arena *a) { return a->total; }

void arena_free(Arena *a) {
  if (!a) return;
  Block *b = a->head;
  while (b) {
    Block *next = b->next;
    free(b);
    b = next;
  }
  free(a);
}
