/* synth.c - the draft backend's music synthesizer (synth.h): reads tempo,
 * scale, lead instrument and percussion from the prompt, picks a key, a chord
 * progression and a melody from a seeded random generator, and renders pad,
 * bass, lead and drums additively into float buffers, then normalizes, fades
 * and converts to 16-bit stereo. Everything is computed from the arguments
 * alone, so the output is the same bytes for the same prompt, length and
 * seed. */
#include "synth.h"
#include "util.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TABLE_SIZE 4096
#define PEAK 0.7

/* splitmix64: small, fast, and the same sequence on every machine. */
typedef struct Rng {
  uint64_t s;
} Rng;

static uint64_t rng_next(Rng *r) {
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double rng_unit(Rng *r) { return (double)(rng_next(r) >> 11) / 9007199254740992.0; }
static int rng_int(Rng *r, int n) { return (int)(rng_next(r) % (uint64_t)n); }

/* The piece being rendered: two float channels and a sine table. */
typedef struct Mix {
  float *l, *r;
  size_t n;
  float sine[TABLE_SIZE + 1];
} Mix;

/* Oscillator phases are 32-bit fixed point: a full cycle is 2^32, so
 * multiples of a phase (harmonics) wrap by themselves. */
static uint32_t phase_inc(double freq) { return (uint32_t)(freq / SYNTH_RATE * 4294967296.0); }

static double sin_at(const Mix *m, uint32_t phase) {
  uint32_t i = phase >> 20;
  double f = (double)(phase & 0xFFFFF) * (1.0 / 1048576.0);
  return m->sine[i] + (m->sine[i + 1] - m->sine[i]) * f;
}

static double midi_hz(double note) { return 440.0 * pow(2.0, (note - 69.0) / 12.0); }

static void put(Mix *m, size_t i, double v, double pan) {
  /* pan: -1 left .. 1 right, constant-sum */
  m->l[i] += (float)(v * (1 - pan) * 0.5);
  m->r[i] += (float)(v * (1 + pan) * 0.5);
}

/* A soft chord tone, slightly detuned between the channels. */
static void add_pad(Mix *m, size_t start, size_t len, double freq, double gain) {
  size_t attack = len / 3 < SYNTH_RATE * 2 / 5 ? len / 3 : SYNTH_RATE * 2 / 5;
  size_t release = SYNTH_RATE * 3 / 5;
  uint32_t pl = 0, pr = 0x40000000u, dl = phase_inc(freq * 1.002), dr = phase_inc(freq * 0.998);
  for (size_t k = 0; k < len + release && start + k < m->n; k++) {
    double env = k < attack ? (double)k / attack : k < len ? 1.0 : 1.0 - (double)(k - len) / release;
    double vl = sin_at(m, pl) + 0.25 * sin_at(m, 2 * pl);
    double vr = sin_at(m, pr) + 0.25 * sin_at(m, 2 * pr);
    m->l[start + k] += (float)(vl * env * gain);
    m->r[start + k] += (float)(vr * env * gain);
    pl += dl;
    pr += dr;
  }
}

/* A plucked string (Karplus-Strong), like a guzheng or a harp. */
static void add_pluck(Mix *m, Rng *rng, size_t start, double freq, double gain, double pan) {
  size_t period = (size_t)(SYNTH_RATE / freq + 0.5);
  if (period < 2) period = 2;
  float *line = xmalloc(period * sizeof *line);
  float prev = 0;
  for (size_t i = 0; i < period; i++) {
    float noise = (float)(rng_unit(rng) * 2 - 1);
    line[i] = 0.5f * (noise + prev); /* a softer attack */
    prev = noise;
  }
  size_t len = SYNTH_RATE * 3 / 2, fade = SYNTH_RATE / 20;
  size_t idx = 0;
  for (size_t k = 0; k < len && start + k < m->n; k++) {
    size_t next = idx + 1 == period ? 0 : idx + 1;
    double out = line[idx];
    line[idx] = (float)(0.5 * (line[idx] + line[next]) * 0.997);
    idx = next;
    double env = k + fade > len ? (double)(len - k) / fade : 1.0;
    put(m, start + k, out * env * gain, pan);
  }
  free(line);
}

/* A bowed or blown lead (erhu, dizi, strings): harmonics and vibrato. */
static void add_bowed(Mix *m, size_t start, size_t len, double freq, double gain, double pan) {
  size_t attack = SYNTH_RATE * 8 / 100, release = SYNTH_RATE * 15 / 100;
  if (attack > len / 2) attack = len / 2 + 1;
  uint32_t phase = 0, vphase = 0, vinc = phase_inc(5.5);
  for (size_t k = 0; k < len + release && start + k < m->n; k++) {
    double vib = k > SYNTH_RATE / 5 ? 0.004 * sin_at(m, vphase) : 0;
    vphase += vinc;
    phase += phase_inc(freq * (1 + vib));
    double env = k < attack ? (double)k / attack : k < len ? 1.0 : 1.0 - (double)(k - len) / release;
    double v = sin_at(m, phase) + 0.45 * sin_at(m, 2 * phase) + 0.25 * sin_at(m, 3 * phase) +
               0.12 * sin_at(m, 4 * phase);
    put(m, start + k, v * env * gain, pan);
  }
}

static void add_bass(Mix *m, size_t start, double freq, double gain) {
  size_t len = SYNTH_RATE * 9 / 10, attack = SYNTH_RATE / 200;
  uint32_t phase = 0, inc = phase_inc(freq);
  double decay = exp(-1.0 / (0.35 * SYNTH_RATE)), level = 1.0;
  for (size_t k = 0; k < len && start + k < m->n; k++) {
    double env = (k < attack ? (double)k / attack : 1.0) * level * (1.0 - (double)k / len);
    level *= decay;
    phase += inc;
    put(m, start + k, (sin_at(m, phase) + 0.2 * sin_at(m, 2 * phase)) * env * gain, 0);
  }
}

/* A pitched drum: a falling sine, for kicks and taiko. Decays are computed
 * by multiplying per sample rather than calling exp(). */
static void add_drum(Mix *m, Rng *rng, size_t start, double f0, double f1, double decay, double gain) {
  size_t len = (size_t)(decay * 4 * SYNTH_RATE), thump_len = SYNTH_RATE / 20;
  double sweep = 1.0, sweep_k = exp(-1.0 / (0.04 * SYNTH_RATE));
  double env = 1.0, env_k = exp(-1.0 / (decay * SYNTH_RATE));
  double thump = 0.3, thump_k = exp(-1.0 / (0.01 * SYNTH_RATE));
  uint32_t phase = 0;
  for (size_t k = 0; k < len && start + k < m->n; k++) {
    phase += phase_inc(f1 + (f0 - f1) * sweep);
    double v = sin_at(m, phase);
    if (k < thump_len) v += (rng_unit(rng) * 2 - 1) * thump;
    put(m, start + k, v * env * (1.0 - (double)k / len) * gain, 0);
    sweep *= sweep_k;
    env *= env_k;
    thump *= thump_k;
  }
}

/* Filtered noise: snares and hats (short decay), rim clicks. */
static void add_noise(Mix *m, Rng *rng, size_t start, double decay, double gain, double pan) {
  size_t len = (size_t)(decay * 5 * SYNTH_RATE);
  double prev = 0, env = 1.0, env_k = exp(-1.0 / (decay * SYNTH_RATE));
  for (size_t k = 0; k < len && start + k < m->n; k++) {
    double noise = rng_unit(rng) * 2 - 1;
    double hp = noise - prev; /* brighter */
    prev = noise;
    put(m, start + k, hp * env * (1.0 - (double)k / len) * gain, pan);
    env *= env_k;
  }
}

int synth_parse_bpm(const char *prompt) {
  if (!prompt) return SYNTH_DEFAULT_BPM;
  for (const char *p = prompt; (p = strcasestr(p, "bpm")) != NULL; p += 3) {
    const char *q = p;
    while (q > prompt && (q[-1] == ' ' || q[-1] == '-')) q--;
    const char *end = q;
    while (q > prompt && isdigit((unsigned char)q[-1])) q--;
    if (q == end || end - q > 4) continue;
    long v = strtol(q, NULL, 10);
    if (v < 40) v = 40;
    if (v > 240) v = 240;
    return (int)v;
  }
  return SYNTH_DEFAULT_BPM;
}

static bool mentions_any(const char *prompt, const char *const words[]) {
  for (size_t i = 0; words[i]; i++) {
    if (strcasestr(prompt, words[i])) return true;
  }
  return false;
}

void synth_style_parse(const char *prompt, SynthStyle *style) {
  static const char *const chinese[] = {"guzheng", "erhu", "dizi", "pipa", "guqin", "taiko", "xiao", "sheng",
                                        "yangqin", "suona", "koto", "shakuhachi", "chinese", "pentatonic", NULL};
  static const char *const dark[] = {"storm", "dark", "sad", "tense", "grief", "sorrow", "fear", "danger",
                                     "ominous", "melanchol", "tragic", "battle", "war", "menac", "doom",
                                     "mourn", "lament", "minor", "dread", "despair", "gloom", NULL};
  static const char *const drums[] = {"drum", "taiko", "percussion", "timpani", "tabla", NULL};
  static const char *const plucked[] = {"guzheng", "pipa", "guqin", "harp", "guitar", "piano", "koto",
                                        "yangqin", "pluck", "lute", NULL};
  static const char *const bowed[] = {"erhu", "dizi", "flute", "string", "violin", "cello", "xiao",
                                      "suona", "shakuhachi", "choir", NULL};
  if (!prompt) prompt = "";
  style->bpm = synth_parse_bpm(prompt);
  bool penta = mentions_any(prompt, chinese);
  bool minor = mentions_any(prompt, dark);
  style->scale = penta ? (minor ? SYNTH_PENTATONIC_MINOR : SYNTH_PENTATONIC) : (minor ? SYNTH_MINOR : SYNTH_MAJOR);
  style->percussion = mentions_any(prompt, drums);
  style->taiko = strcasestr(prompt, "taiko") != NULL;
  style->bowed = mentions_any(prompt, bowed);
  style->pluck = mentions_any(prompt, plucked) || !style->bowed;
}

long synth_fade_ms(long length_ms) { return length_ms >= 4000 ? 1000 : length_ms / 4; }

/* The notes of a scale, as semitones above the tonic. */
static int scale_notes(SynthScale s, int out[7]) {
  static const int major[] = {0, 2, 4, 5, 7, 9, 11}, minor[] = {0, 2, 3, 5, 7, 8, 10};
  static const int penta[] = {0, 2, 4, 7, 9}, penta_minor[] = {0, 3, 5, 7, 10};
  const int *src = s == SYNTH_MAJOR ? major : s == SYNTH_MINOR ? minor : s == SYNTH_PENTATONIC ? penta : penta_minor;
  int n = s == SYNTH_MAJOR || s == SYNTH_MINOR ? 7 : 5;
  memcpy(out, src, (size_t)n * sizeof *out);
  return n;
}

/* Semitones of scale degree d (any integer; octaves wrap). */
static int degree(const int *scale, int n, int d) {
  int oct = d >= 0 ? d / n : -((-d + n - 1) / n);
  return scale[d - oct * n] + 12 * oct;
}

static uint64_t seed_hash(const unsigned char *seed, size_t len) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < len; i++) h = (h ^ seed[i]) * 1099511628211ull;
  return h;
}

/* Lays out the whole piece into m. */
static void compose(Mix *m, const SynthStyle *st, Rng *rng) {
  int scale[7];
  int ns = scale_notes(st->scale, scale);
  static const int progs_major[4][4] = {{0, 4, 5, 3}, {0, 5, 3, 4}, {0, 3, 4, 0}, {0, 3, 0, 4}};
  static const int progs_minor[4][4] = {{0, 5, 2, 6}, {0, 3, 4, 0}, {0, 6, 5, 6}, {0, 5, 3, 4}};
  static const int progs_penta[4][4] = {{0, 3, 1, 4}, {0, 2, 3, 0}, {0, 4, 3, 1}, {0, 1, 3, 2}};
  const int *prog = ns == 5 ? progs_penta[rng_int(rng, 4)]
                    : st->scale == SYNTH_MINOR ? progs_minor[rng_int(rng, 4)]
                                               : progs_major[rng_int(rng, 4)];
  int tonic = 48 + rng_int(rng, 8);
  double beat = SYNTH_RATE * 60.0 / st->bpm;
  size_t bars = (size_t)(m->n / (4 * beat)) + 1;
  int mel = ns + rng_int(rng, ns); /* melody position, in scale degrees above tonic + 12 */
  double lead_pan = st->pluck && st->bowed ? -0.3 : 0.15;
  for (size_t b = 0; b < bars; b++) {
    size_t bar_start = (size_t)(b * 4 * beat);
    int chord = prog[b % 4];
    size_t bar_len = (size_t)(4 * beat);
    for (int t = 0; t < 3; t++) {
      add_pad(m, bar_start, bar_len, midi_hz(tonic + 12 + degree(scale, ns, chord + 2 * t)), 0.055);
    }
    double bass_hz = midi_hz(tonic - 12 + degree(scale, ns, chord));
    add_bass(m, bar_start, bass_hz, 0.22);
    add_bass(m, (size_t)(bar_start + 2 * beat), bass_hz, 0.18);
    if (st->pluck) {
      for (int e = 0; e < 8; e++) {
        double density = e % 2 == 0 ? 0.65 : 0.35;
        if (rng_unit(rng) >= density) continue;
        mel += rng_int(rng, 5) - 2;
        if (e == 0) mel = chord + 2 * rng_int(rng, 3) + ns; /* a chord tone on the downbeat */
        if (mel < 0) mel = 2;
        if (mel > 2 * ns) mel = 2 * ns - 2;
        double hz = midi_hz(tonic + 12 + degree(scale, ns, mel));
        add_pluck(m, rng, (size_t)(bar_start + e * beat / 2), hz, 0.32, lead_pan);
      }
    }
    if (st->bowed) {
      for (int h = 0; h < 2; h++) {
        if (rng_unit(rng) < 0.2) continue;
        int d = chord + 2 * rng_int(rng, 3) + (st->pluck ? 0 : ns);
        double hz = midi_hz(tonic + 12 + degree(scale, ns, d));
        add_bowed(m, (size_t)(bar_start + h * 2 * beat), (size_t)(2 * beat * 0.9), hz, 0.12, st->pluck ? 0.35 : 0.1);
      }
    }
    if (st->percussion) {
      if (st->taiko) {
        add_drum(m, rng, bar_start, 95, 52, 0.35, 0.6);
        add_drum(m, rng, (size_t)(bar_start + 2 * beat), 95, 52, 0.3, 0.45);
        add_drum(m, rng, (size_t)(bar_start + 3.5 * beat), 100, 55, 0.2, 0.35);
        add_noise(m, rng, (size_t)(bar_start + beat), 0.015, 0.12, 0.2);
        add_noise(m, rng, (size_t)(bar_start + 3 * beat), 0.015, 0.12, -0.2);
      } else {
        add_drum(m, rng, bar_start, 120, 45, 0.12, 0.5);
        add_drum(m, rng, (size_t)(bar_start + 2 * beat), 120, 45, 0.12, 0.45);
        add_noise(m, rng, (size_t)(bar_start + beat), 0.07, 0.22, 0);
        add_noise(m, rng, (size_t)(bar_start + 3 * beat), 0.07, 0.22, 0);
        for (int e = 0; e < 8; e++) add_noise(m, rng, (size_t)(bar_start + e * beat / 2), 0.015, 0.05, 0.3);
      }
    }
  }
}

int16_t *synth_render(const char *prompt, long length_ms, const unsigned char *seed, size_t seed_len,
                      size_t *frames) {
  if (length_ms < 0) length_ms = 0;
  size_t n = (size_t)length_ms * (SYNTH_RATE / 1000);
  SynthStyle st;
  synth_style_parse(prompt, &st);
  Mix *m = xcalloc(1, sizeof *m);
  m->n = n;
  m->l = xcalloc(n ? n : 1, sizeof *m->l);
  m->r = xcalloc(n ? n : 1, sizeof *m->r);
  for (int i = 0; i <= TABLE_SIZE; i++) m->sine[i] = (float)sin(2 * M_PI * i / TABLE_SIZE);
  Rng rng = {seed_hash(seed, seed_len)};
  compose(m, &st, &rng);

  double peak = 0;
  for (size_t i = 0; i < n; i++) {
    double a = fabs(m->l[i]), b = fabs(m->r[i]);
    if (a > peak) peak = a;
    if (b > peak) peak = b;
  }
  double gain = peak > 0 ? PEAK / peak : 0;
  size_t fade = (size_t)synth_fade_ms(length_ms) * (SYNTH_RATE / 1000);
  int16_t *out = xmalloc((n ? n : 1) * SYNTH_CHANNELS * sizeof *out);
  for (size_t i = 0; i < n; i++) {
    double g = gain;
    if (fade > 0 && i < fade) g *= (double)i / fade;
    if (fade > 0 && n - 1 - i < fade) g *= (double)(n - 1 - i) / fade;
    double l = m->l[i] * g * 32767.0, r = m->r[i] * g * 32767.0;
    out[2 * i] = (int16_t)lrint(l > 32767 ? 32767 : l < -32767 ? -32767 : l);
    out[2 * i + 1] = (int16_t)lrint(r > 32767 ? 32767 : r < -32767 ? -32767 : r);
  }
  free(m->l);
  free(m->r);
  free(m);
  *frames = n;
  return out;
}
