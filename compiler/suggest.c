/* suggest.c - "did you mean" candidates by edit distance (model.h). */
#include "model.h"
#include <string.h>

/* Levenshtein distance, capped: returns cap+1 when it exceeds cap. */
static size_t distance(const char *a, const char *b, size_t cap) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64) return cap + 1;
  if ((la > lb ? la - lb : lb - la) > cap) return cap + 1;
  size_t row[65];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0], best = row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t v = diag + cost;
      if (up + 1 < v) v = up + 1;
      if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
      row[j] = v;
      diag = up;
      if (v < best) best = v;
    }
    if (best > cap) return cap + 1;
  }
  return row[lb];
}

const char *suggest_best(const char *word, const char *const *cands, size_t n) {
  size_t len = strlen(word);
  size_t cap = len <= 3 ? 1 : len <= 6 ? 2 : 3;
  const char *best = NULL;
  size_t best_d = cap + 1;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(cands[i], word) == 0) continue;
    size_t d = distance(word, cands[i], cap);
    if (d < best_d) {
      best_d = d;
      best = cands[i];
    }
  }
  return best;
}
