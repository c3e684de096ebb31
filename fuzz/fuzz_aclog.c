/* fuzz_aclog.c - libFuzzer harness of the journal of action entries
 * (runtime/ac_log.c): the input bytes are an ac.log as a power cut, a full
 * disk or a careless edit may leave it. Properties: the keys it finds read
 * back as one line of text each; an entry written after them reads back
 * exactly, at once and after the file is opened again; what was found
 * before is found again (a write never damages what was there). */
#include "ac_log.h"
#include "fuzz_util.h"
#include <ctype.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_KEYS = 8 };

static const char NEW_KEY[] = "f00df00df00df00df00df00df00df00df00df00df00df00df00df00df00df00d";
static const char NEW_TEXT[] = "{\"version\":1,\"job\":\"fuzz\"}";

static int work_dir(void) {
  static int dfd = -1;
  if (dfd >= 0) return dfd;
  char dir[] = "/tmp/fuzz-aclog-XXXXXX";
  if (!mkdtemp(dir)) abort();
  dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) abort();
  return dfd;
}

/* The 64-hex-digit words that start lines of data: the keys to look up. */
static int keys_of(const uint8_t *data, size_t size, char keys[MAX_KEYS][65]) {
  int n = 0;
  for (size_t i = 0; i + 64 <= size && n < MAX_KEYS; i++) {
    if (i > 0 && data[i - 1] != '\n') continue;
    size_t k = 0;
    while (k < 64 && isxdigit(data[i + k]) && !isupper(data[i + k])) k++;
    if (k < 64) continue;
    memcpy(keys[n], data + i, 64);
    keys[n][64] = 0;
    if (strcmp(keys[n], NEW_KEY) != 0) n++;
  }
  return n;
}

/* Checks what find and get say of key; returns find's answer. */
static int look(AcLog *l, const char *key) {
  int f = ac_log_find(l, key);
  char *text = NULL;
  int g = ac_log_get(l, key, &text);
  fuzz_check(f == g, "ac_log_find and ac_log_get disagree");
  fuzz_check((g == 1) == (text != NULL), "ac_log_get: text exactly when found");
  if (text) fuzz_check(strchr(text, '\n') == NULL, "an entry's text holds a newline");
  free(text);
  return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int dfd = work_dir();
  int fd = openat(dfd, "ac.log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  fuzz_check(fd >= 0, "cannot write the journal");
  fuzz_check(write(fd, data, size) == (ssize_t)size, "cannot write the journal");
  close(fd);

  char keys[MAX_KEYS][65];
  int nkeys = keys_of(data, size, keys), found[MAX_KEYS];
  AcLog *l = ac_log_open(dfd, "ac.log", false);
  fuzz_check(l != NULL, "ac_log_open failed on an existing file");
  for (int i = 0; i < nkeys; i++) found[i] = look(l, keys[i]);
  fuzz_check(ac_log_put(l, NEW_KEY, NEW_TEXT, strlen(NEW_TEXT)) == 0, "ac_log_put failed");
  char *text = NULL;
  fuzz_check(ac_log_get(l, NEW_KEY, &text) == 1 && strcmp(text, NEW_TEXT) == 0, "a written entry does not read back");
  free(text);
  ac_log_close(l);

  l = ac_log_open(dfd, "ac.log", false);
  fuzz_check(l != NULL, "ac_log_open failed after a write");
  text = NULL;
  fuzz_check(ac_log_get(l, NEW_KEY, &text) == 1 && strcmp(text, NEW_TEXT) == 0,
             "a written entry does not read back after reopening");
  free(text);
  for (int i = 0; i < nkeys; i++) fuzz_check(look(l, keys[i]) == found[i], "a write changed what another key reads");
  ac_log_close(l);
  return 0;
}
