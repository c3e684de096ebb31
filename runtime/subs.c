/* subs.c - subtitle cue lists (subs.h): JSON read and write through cJSON,
 * SubRip output. */
#include "subs.h"
#include "util.h"
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void subs_add(SubList *l, long start_ms, long end_ms, const char *speaker, const char *text) {
  if (l->n == l->cap) {
    l->cap = l->cap ? l->cap * 2 : 16;
    l->cues = xrealloc(l->cues, l->cap * sizeof *l->cues);
  }
  SubCue *c = &l->cues[l->n++];
  c->start_ms = start_ms;
  c->end_ms = end_ms;
  c->speaker = xstrdup(speaker ? speaker : "");
  c->text = xstrdup(text ? text : "");
}

static int get_ms(const cJSON *o, const char *name, long *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e12) return -1;
  *out = (long)llround(v->valuedouble);
  return 0;
}

int subs_parse_json(const char *text, long offset_ms, SubList *l, char **err) {
  *err = NULL;
  cJSON *root = cJSON_Parse(text);
  if (!cJSON_IsArray(root)) {
    cJSON_Delete(root);
    *err = xstrdup("subtitle cues: not a JSON array");
    return -1;
  }
  size_t i = 0;
  const cJSON *c;
  cJSON_ArrayForEach(c, root) {
    long start, end;
    const cJSON *speaker = cJSON_GetObjectItemCaseSensitive(c, "speaker");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(c, "text");
    if (!cJSON_IsObject(c) || get_ms(c, "start_ms", &start) != 0 || get_ms(c, "end_ms", &end) != 0 ||
        !cJSON_IsString(t) || (speaker && !cJSON_IsString(speaker))) {
      cJSON_Delete(root);
      char msg[128];
      snprintf(msg, sizeof msg, "subtitle cue %zu: needs start_ms, end_ms (numbers) and text", i);
      *err = xstrdup(msg);
      return -1;
    }
    subs_add(l, start + offset_ms, end + offset_ms, speaker ? speaker->valuestring : "", t->valuestring);
    i++;
  }
  cJSON_Delete(root);
  return 0;
}

void subs_write_json(const SubList *l, Buf *out) {
  buf_puts(out, "[");
  for (size_t i = 0; i < l->n; i++) {
    const SubCue *c = &l->cues[i];
    buf_printf(out, "%s\n  {\"start_ms\": %ld, \"end_ms\": %ld, \"speaker\": ", i ? "," : "", c->start_ms, c->end_ms);
    buf_json_string(out, c->speaker, strlen(c->speaker));
    buf_puts(out, ", \"text\": ");
    buf_json_string(out, c->text, strlen(c->text));
    buf_puts(out, "}");
  }
  buf_puts(out, l->n ? "\n]\n" : "]\n");
}

void subs_format_time(long ms, char out[16]) {
  if (ms < 0) ms = 0;
  snprintf(out, 16, "%02ld:%02ld:%02ld,%03ld", ms / 3600000 % 100, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
}

void subs_write_srt(const SubList *l, Buf *out) {
  for (size_t i = 0; i < l->n; i++) {
    const SubCue *c = &l->cues[i];
    char a[16], b[16];
    subs_format_time(c->start_ms, a);
    subs_format_time(c->end_ms > c->start_ms ? c->end_ms : c->start_ms + 1, b);
    buf_printf(out, "%zu\n%s --> %s\n", i + 1, a, b);
    /* Text lines, without CRs, empty lines (they would end the cue) or
     * leading blanks. */
    int any = 0, pending_newline = 0, line_start = 1;
    for (const char *p = c->text; *p; p++) {
      if (*p == '\r') continue;
      if (*p == '\n') {
        pending_newline = any;
        line_start = 1;
        continue;
      }
      if (line_start && (*p == ' ' || *p == '\t')) continue;
      if (pending_newline) buf_putc(out, '\n');
      pending_newline = 0;
      buf_putc(out, *p);
      any = 1;
      line_start = 0;
    }
    if (!any) buf_puts(out, "...");
    buf_puts(out, "\n\n");
  }
}

void subs_free(SubList *l) {
  for (size_t i = 0; i < l->n; i++) {
    free(l->cues[i].speaker);
    free(l->cues[i].text);
  }
  free(l->cues);
  l->cues = NULL;
  l->n = l->cap = 0;
}
