/* subs.h - subtitle cues: the "subs" output of scene and episode edits.
 *
 * On disk a cue list is JSON, an array of
 *   {"start_ms": 1200, "end_ms": 3400, "speaker": "Li Xingzhou", "text": "..."}
 * in time order; an episode edit merges its scenes' lists with time offsets
 * and also writes SubRip (.srt) for players and for the MP4's mov_text track. */
#ifndef STORYC_SUBS_H
#define STORYC_SUBS_H
#include "buf.h"
#include <stddef.h>

typedef struct SubCue {
  long start_ms, end_ms;
  char *speaker; /* malloc'ed, "" when unknown */
  char *text;    /* malloc'ed */
} SubCue;

typedef struct SubList {
  SubCue *cues;
  size_t n, cap;
} SubList;

/* Appends a cue (strings are copied; NULL is ""). */
void subs_add(SubList *l, long start_ms, long end_ms, const char *speaker, const char *text);
/* Parses a JSON cue list and appends its cues shifted by offset_ms. Returns 0,
 * or -1 with a malloc'ed message in *err. */
int subs_parse_json(const char *text, long offset_ms, SubList *l, char **err);
/* The JSON array (format above), with a trailing newline. */
void subs_write_json(const SubList *l, Buf *out);
/* SubRip: numbered cues, "HH:MM:SS,mmm --> HH:MM:SS,mmm", the text; blank
 * lines inside a text are dropped so they cannot end a cue early. */
void subs_write_srt(const SubList *l, Buf *out);
/* "HH:MM:SS,mmm" for ms >= 0 (negative times print as 0). */
void subs_format_time(long ms, char out[16]);
void subs_free(SubList *l);

#endif
