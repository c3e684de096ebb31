/* synth_test.c - the draft music synthesizer: prompt parsing (tempo, scale,
 * instruments), exact length, the same bytes for the same seed, different
 * music for another seed, fades that start and end near silence, and speed. */
#include "check.h"
#include "synth.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Sanitizers make everything several times slower. */
#if defined(__SANITIZE_ADDRESS__)
#define SPEED_LIMIT_S 8.0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPEED_LIMIT_S 8.0
#endif
#endif
#ifndef SPEED_LIMIT_S
#define SPEED_LIMIT_S 1.0
#endif

/* CPU time of this process: other work on a busy machine does not count. */
static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Largest absolute sample in frames [from, to). */
static int peak(const int16_t *s, size_t from, size_t to) {
  int p = 0;
  for (size_t i = from * 2; i < to * 2; i++) {
    int a = abs(s[i]);
    if (a > p) p = a;
  }
  return p;
}

static void test_parse(void) {
  CHECK(synth_parse_bpm("guzheng and taiko, rising storm, 90 bpm") == 90, "bpm 90");
  CHECK(synth_parse_bpm("fast 128bpm dance") == 128, "bpm without space");
  CHECK(synth_parse_bpm("at 72 BPM, slow") == 72, "bpm upper case");
  CHECK(synth_parse_bpm("calm piano") == SYNTH_DEFAULT_BPM, "bpm default");
  CHECK(synth_parse_bpm(NULL) == SYNTH_DEFAULT_BPM, "bpm null prompt");
  CHECK(synth_parse_bpm("bpm first, then 100 bpm") == 100, "bpm skips a bare bpm");
  CHECK(synth_parse_bpm("900 bpm") == 240, "bpm clamped high");
  CHECK(synth_parse_bpm("10 bpm") == 40, "bpm clamped low");

  SynthStyle s;
  synth_style_parse("guzheng and taiko, rising storm, 90 bpm", &s);
  CHECK(s.scale == SYNTH_PENTATONIC_MINOR, "chinese instruments + storm: minor pentatonic");
  CHECK(s.percussion && s.taiko, "taiko is percussion");
  CHECK(s.pluck, "guzheng is plucked");
  synth_style_parse("erhu melody, peaceful morning", &s);
  CHECK(s.scale == SYNTH_PENTATONIC, "erhu: pentatonic");
  CHECK(s.bowed && !s.pluck, "erhu is bowed");
  CHECK(!s.percussion, "no percussion named");
  synth_style_parse("dark tense strings with drums", &s);
  CHECK(s.scale == SYNTH_MINOR, "dark: minor");
  CHECK(s.percussion && !s.taiko, "drums: a kit");
  synth_style_parse("happy morning piano", &s);
  CHECK(s.scale == SYNTH_MAJOR, "otherwise major");
  CHECK(s.pluck && !s.bowed, "piano plucked");
  synth_style_parse(NULL, &s);
  CHECK(s.scale == SYNTH_MAJOR && s.bpm == SYNTH_DEFAULT_BPM && s.pluck, "null prompt");
  CHECK(synth_fade_ms(45000) == 1000, "fade 1 s");
  CHECK(synth_fade_ms(2000) == 500, "fade shorter for short cues");
}

static void test_render(void) {
  const unsigned char seed_a[] = "seed-a", seed_b[] = "seed-b";
  const char *prompt = "guzheng and taiko, rising storm, 120 bpm";
  size_t n1, n2, n3;
  int16_t *a = synth_render(prompt, 5000, seed_a, sizeof seed_a, &n1);
  int16_t *b = synth_render(prompt, 5000, seed_a, sizeof seed_a, &n2);
  int16_t *c = synth_render(prompt, 5000, seed_b, sizeof seed_b, &n3);
  CHECK(n1 == 5000 * 48 && n2 == n1 && n3 == n1, "length exact: 48 frames per ms");
  CHECK(memcmp(a, b, n1 * 4) == 0, "same seed, same bytes");
  CHECK(memcmp(a, c, n1 * 4) != 0, "another seed, other music");
  CHECK(a[0] == 0 && a[1] == 0, "first sample silent");
  CHECK(a[2 * n1 - 1] == 0 && a[2 * n1 - 2] == 0, "last sample silent");
  CHECK(peak(a, 0, 480) < 1500, "fade in: first 10 ms near silence");
  CHECK(peak(a, n1 - 480, n1) < 1500, "fade out: last 10 ms near silence");
  int mid = peak(a, n1 / 2 - 24000, n1 / 2 + 24000);
  CHECK(mid > 10000 && mid < 32767, "middle is loud, not clipped");
  free(a);
  free(b);
  free(c);

  int16_t *d = synth_render("calm piano", 1234, seed_a, sizeof seed_a, &n1);
  CHECK(n1 == 1234 * 48, "odd length exact");
  CHECK(peak(d, 0, 48) < 1000 && peak(d, n1 - 48, n1) < 1000, "short cue fades");
  free(d);
  int16_t *e = synth_render("x", 0, NULL, 0, &n1);
  CHECK(n1 == 0 && e != NULL, "zero length");
  free(e);
  int16_t *f = synth_render("dark tense strings with drums, 60 bpm", 3000, seed_b, sizeof seed_b, &n1);
  int16_t *g = synth_render("erhu melody, peaceful", 3000, seed_b, sizeof seed_b, &n2);
  CHECK(memcmp(f, g, n1 * 4) != 0, "prompt changes the music");
  free(f);
  free(g);
}

/* Reading in small pieces gives the same bytes as one render, and a longer
 * cue starts with the same music (the blocks rendered are independent). */
static void test_stream(void) {
  const unsigned char seed[] = "stream";
  const char *prompt = "guzheng, erhu and taiko drums, 120 bpm";
  size_t n, m;
  int16_t *whole = synth_render(prompt, 25000, seed, sizeof seed, &n);
  Synth *s = synth_new(prompt, 25000, seed, sizeof seed);
  CHECK(synth_frames(s) == n, "stream length");
  int16_t *parts = calloc(n * 2 + 2, sizeof *parts);
  size_t got = 0, k;
  while ((k = synth_read(s, parts + 2 * got, 997)) > 0) got += k;
  synth_free(s);
  CHECK(got == n && memcmp(whole, parts, n * 4) == 0, "read in pieces = rendered whole");
  int16_t *longer = synth_render(prompt, 35000, seed, sizeof seed, &m);
  size_t from = 48000, to = 24000 * 48; /* after the fade in, before the shorter one fades out */
  CHECK(memcmp(whole + 2 * from, longer + 2 * from, (to - from) * 4) == 0,
        "a longer cue starts with the same music, across block boundaries");
  free(whole);
  free(parts);
  free(longer);
}

static void test_speed(void) {
  const unsigned char seed[] = "speed";
  double t0 = seconds();
  size_t n;
  int16_t *s = synth_render("guzheng, erhu and taiko drums, 140 bpm", 180000, seed, sizeof seed, &n);
  double dt = seconds() - t0;
  printf("# 3-minute cue rendered in %.3f s of CPU\n", dt);
  CHECK(n == 180000u * 48, "3-minute length");
  CHECK(dt < SPEED_LIMIT_S, "3-minute cue renders in well under a second");
  free(s);
}

int main(void) {
  test_parse();
  test_render();
  test_stream();
  test_speed();
  return check_done();
}
