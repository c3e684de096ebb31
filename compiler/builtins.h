/* builtins.h - the fixed vocabularies the compiler knows: video formats
 * (`format: vertical_1080p`) and the base camera motions that every backend
 * understands (`camera NAME { motion: push_in }`). Shot sizes and named
 * camera moves themselves are declared in stdlib/std/prelude.story. */
#ifndef STORYC_BUILTINS_H
#define STORYC_BUILTINS_H
#include <stddef.h>

typedef struct Format {
  const char *name;
  int width, height, fps;
} Format;

const Format *format_find(const char *name);
const char *const *format_names(size_t *n);
const char *const *motion_names(size_t *n);
int motion_valid(const char *name);

#endif
