/* symtab.h - string -> pointer map (open addressing), keys owned by the
 * caller (arena strings). Used for names in a module and loaded files. */
#ifndef STORYC_SYMTAB_H
#define STORYC_SYMTAB_H
#include <stddef.h>

typedef struct Symtab {
  const char **keys;
  void **vals;
  size_t cap, count;
} Symtab;

/* Returns the value for key, or NULL. */
void *symtab_get(const Symtab *t, const char *key);
/* Inserts key -> val unless key is present; returns the value now stored
 * under key (the old one when present). */
void *symtab_put(Symtab *t, const char *key, void *val);
/* Calls fn for every entry (in no particular order). */
void symtab_each(const Symtab *t, void (*fn)(void *ud, const char *key, void *val), void *ud);
void symtab_free(Symtab *t);

#endif
