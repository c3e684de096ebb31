/* symtab.c - open-addressing string map (symtab.h). */
#include "symtab.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

void *symtab_get(const Symtab *t, const char *key) {
  if (!t->cap) return NULL;
  size_t mask = t->cap - 1;
  for (size_t i = str_hash(key) & mask; t->keys[i]; i = (i + 1) & mask)
    if (strcmp(t->keys[i], key) == 0) return t->vals[i];
  return NULL;
}

static void grow(Symtab *t) {
  size_t cap = t->cap ? t->cap * 2 : 16;
  const char **keys = xcalloc(cap, sizeof *keys);
  void **vals = xcalloc(cap, sizeof *vals);
  for (size_t i = 0; i < t->cap; i++) {
    if (!t->keys[i]) continue;
    size_t j = str_hash(t->keys[i]) & (cap - 1);
    while (keys[j]) j = (j + 1) & (cap - 1);
    keys[j] = t->keys[i];
    vals[j] = t->vals[i];
  }
  free(t->keys);
  free(t->vals);
  t->keys = keys;
  t->vals = vals;
  t->cap = cap;
}

void *symtab_put(Symtab *t, const char *key, void *val) {
  if ((t->count + 1) * 2 > t->cap) grow(t);
  size_t mask = t->cap - 1, i = str_hash(key) & mask;
  for (; t->keys[i]; i = (i + 1) & mask)
    if (strcmp(t->keys[i], key) == 0) return t->vals[i];
  t->keys[i] = key;
  t->vals[i] = val;
  t->count++;
  return val;
}

void symtab_each(const Symtab *t, void (*fn)(void *ud, const char *key, void *val), void *ud) {
  for (size_t i = 0; i < t->cap; i++)
    if (t->keys[i]) fn(ud, t->keys[i], t->vals[i]);
}

void symtab_free(Symtab *t) {
  free(t->keys);
  free(t->vals);
  memset(t, 0, sizeof *t);
}
