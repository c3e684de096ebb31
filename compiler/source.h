/* source.h - one loaded .story file: its text (NUL-terminated), its path as
 * diagnostics show it, and byte offset -> line/column conversion, computed
 * only when a diagnostic needs it. */
#ifndef STORYC_SOURCE_H
#define STORYC_SOURCE_H
#include <stddef.h>
#include <stdint.h>

/* Files larger than this are refused (a .story file is text written by people
 * or generated; 256 MiB leaves room for huge generated projects). */
#define SOURCE_MAX_SIZE ((size_t)256 << 20)

typedef struct SourceFile {
  char *path;       /* as given / as resolved; shown in diagnostics */
  char *realpath;   /* canonical absolute path: identity for imports */
  char *text;       /* file bytes + NUL; a UTF-8 BOM is skipped (text points past it) */
  char *alloc;      /* what to free */
  size_t len;
  uint32_t *lines;  /* offsets of line starts, built lazily */
  size_t nlines;
} SourceFile;

/* Loads path. Returns NULL with errno set when it cannot be read. */
SourceFile *source_load(const char *path);
/* A source from memory (tests, fuzzing); text is copied. */
SourceFile *source_from_text(const char *path, const char *text, size_t len);
void source_free(SourceFile *f);

/* 1-based line and column (in code points) of a byte offset. */
void source_position(SourceFile *f, uint32_t off, int *line, int *col);
/* Start offset and length of the line holding off (without the newline). */
void source_line_span(SourceFile *f, uint32_t off, uint32_t *start, uint32_t *len);

/* Checks the encoding: returns the offset of the first NUL byte or invalid
 * UTF-8 sequence, or (uint32_t)-1 when the text is clean. *what says which. */
uint32_t source_check_encoding(const SourceFile *f, const char **what);

#endif
