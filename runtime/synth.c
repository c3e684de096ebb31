/* synth.c - the draft backend's music synthesizer (synth.h).
 *
 * Two steps. compose() reads tempo, scale, lead instrument and percussion
 * from the prompt, picks a key, a chord progression and a melody with a
 * seeded random generator, and writes the piece down as a list of notes
 * (each with its own random seed for plucks and noise). Then the notes are
 * rendered additively, a few seconds at a time, into float buffers, through
 * a soft limiter, with the fades, to 16-bit stereo. A note sounds the same
 * whichever block renders it, so the bytes depend only on the prompt, the
 * length and the seed, and memory stays small however long the cue. */
#include "synth.h"
#include "util.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TABLE_SIZE 4096
#define BLOCK_FRAMES (SYNTH_RATE * 10)
#define MASTER_GAIN 1.2
#define LIMIT_KNEE 0.6 /* above this the limiter bends the curve towards 1.0 */

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

typedef enum NoteKind { NOTE_PAD, NOTE_PLUCK, NOTE_BOWED, NOTE_BASS, NOTE_DRUM, NOTE_NOISE } NoteKind;

/* One sound of the piece. */
typedef struct Note {
  NoteKind kind;
  size_t start; /* first frame */
  size_t len;   /* frames it sounds, release included */
  size_t hold;  /* pad and bowed: frames before the release */
  double freq;  /* drums: the starting pitch */
  double freq2; /* drums: the pitch it falls to */
  double decay; /* seconds: drums and noise */
  double gain, pan;
  uint64_t seed; /* plucks, drums and noise */
  size_t order;  /* when it was composed: ties in start keep this order */
} Note;

struct Synth {
  Note *notes;
  size_t nnotes, cap;
  size_t frames, fade; /* total frames, fade frames */
  size_t pos;          /* next frame synth_read() returns */
  size_t next_note;    /* first note that may still sound at pos */
  float *l, *r;        /* the current block */
  size_t block_start, block_len;
  float sine[TABLE_SIZE + 1];
};

/* Oscillator phases are 32-bit fixed point: a full cycle is 2^32, so
 * multiples of a phase (harmonics) wrap by themselves. */
static uint32_t phase_inc(double freq) { return (uint32_t)(freq / SYNTH_RATE * 4294967296.0); }

static double sin_at(const Synth *s, uint32_t phase) {
  uint32_t i = phase >> 20;
  double f = (double)(phase & 0xFFFFF) * (1.0 / 1048576.0);
  return s->sine[i] + (s->sine[i + 1] - s->sine[i]) * f;
}

static double midi_hz(double note) { return 440.0 * pow(2.0, (note - 69.0) / 12.0); }

/* Where a note's frame k lands in the block, or -1 outside it. */
typedef struct Span {
  size_t from, to; /* frames of the note to compute: [0, to), written from `from` on */
  size_t offset;   /* block index of note frame `from` */
} Span;

static Span note_span(const Synth *s, const Note *n) {
  Span sp = {0, 0, 0};
  size_t b0 = s->block_start, b1 = s->block_start + s->block_len;
  size_t end = n->start + n->len;
  if (end <= b0 || n->start >= b1) return sp;
  sp.from = n->start < b0 ? b0 - n->start : 0;
  sp.to = (end < b1 ? end : b1) - n->start;
  sp.offset = n->start + sp.from - b0;
  return sp;
}

static void put(Synth *s, const Span *sp, size_t k, double v, double pan) {
  if (k < sp->from) return;
  size_t i = sp->offset + (k - sp->from);
  s->l[i] += (float)(v * (1 - pan) * 0.5); /* pan -1 left .. 1 right */
  s->r[i] += (float)(v * (1 + pan) * 0.5);
}

/* A soft chord tone, slightly detuned between the channels. */
static void render_pad(Synth *s, const Note *n, const Span *sp) {
  size_t attack = n->hold / 3 < SYNTH_RATE * 2 / 5 ? n->hold / 3 : SYNTH_RATE * 2 / 5;
  size_t release = n->len - n->hold;
  uint32_t pl = 0, pr = 0x40000000u, dl = phase_inc(n->freq * 1.002), dr = phase_inc(n->freq * 0.998);
  for (size_t k = 0; k < sp->to; k++) {
    if (k >= sp->from) {
      double env = k < attack ? (double)k / attack : k < n->hold ? 1.0 : 1.0 - (double)(k - n->hold) / release;
      size_t i = sp->offset + (k - sp->from);
      s->l[i] += (float)((sin_at(s, pl) + 0.25 * sin_at(s, 2 * pl)) * env * n->gain);
      s->r[i] += (float)((sin_at(s, pr) + 0.25 * sin_at(s, 2 * pr)) * env * n->gain);
    }
    pl += dl;
    pr += dr;
  }
}

/* A plucked string (Karplus-Strong), like a guzheng or a harp. */
static void render_pluck(Synth *s, const Note *n, const Span *sp) {
  size_t period = (size_t)(SYNTH_RATE / n->freq + 0.5);
  if (period < 2) period = 2;
  float *line = xmalloc(period * sizeof *line);
  Rng rng = {n->seed};
  float prev = 0;
  for (size_t i = 0; i < period; i++) {
    float noise = (float)(rng_unit(&rng) * 2 - 1);
    line[i] = 0.5f * (noise + prev); /* a softer attack */
    prev = noise;
  }
  size_t fade = SYNTH_RATE / 20, idx = 0;
  for (size_t k = 0; k < sp->to; k++) {
    size_t next = idx + 1 == period ? 0 : idx + 1;
    double out = line[idx];
    line[idx] = (float)(0.5 * (line[idx] + line[next]) * 0.997);
    idx = next;
    double env = k + fade > n->len ? (double)(n->len - k) / fade : 1.0;
    put(s, sp, k, out * env * n->gain, n->pan);
  }
  free(line);
}

/* A bowed or blown lead (erhu, dizi, strings): harmonics and vibrato. */
static void render_bowed(Synth *s, const Note *n, const Span *sp) {
  size_t release = n->len - n->hold, attack = SYNTH_RATE * 8 / 100;
  if (attack > n->hold / 2) attack = n->hold / 2 + 1;
  uint32_t phase = 0, vphase = 0, vinc = phase_inc(5.5);
  for (size_t k = 0; k < sp->to; k++) {
    double vib = k > SYNTH_RATE / 5 ? 0.004 * sin_at(s, vphase) : 0;
    vphase += vinc;
    phase += phase_inc(n->freq * (1 + vib));
    if (k < sp->from) continue;
    double env = k < attack ? (double)k / attack : k < n->hold ? 1.0 : 1.0 - (double)(k - n->hold) / release;
    double v = sin_at(s, phase) + 0.45 * sin_at(s, 2 * phase) + 0.25 * sin_at(s, 3 * phase) +
               0.12 * sin_at(s, 4 * phase);
    put(s, sp, k, v * env * n->gain, n->pan);
  }
}

static void render_bass(Synth *s, const Note *n, const Span *sp) {
  size_t attack = SYNTH_RATE / 200;
  uint32_t phase = 0, inc = phase_inc(n->freq);
  double level = 1.0, k_decay = exp(-1.0 / (0.35 * SYNTH_RATE));
  for (size_t k = 0; k < sp->to; k++) {
    double env = (k < attack ? (double)k / attack : 1.0) * level * (1.0 - (double)k / n->len);
    level *= k_decay;
    phase += inc;
    put(s, sp, k, (sin_at(s, phase) + 0.2 * sin_at(s, 2 * phase)) * env * n->gain, 0);
  }
}

/* A pitched drum: a falling sine with a noisy thump, for kicks and taiko.
 * Decays multiply per frame rather than calling exp(). */
static void render_drum(Synth *s, const Note *n, const Span *sp) {
  Rng rng = {n->seed};
  size_t thump_len = SYNTH_RATE / 20;
  double sweep = 1.0, sweep_k = exp(-1.0 / (0.04 * SYNTH_RATE));
  double env = 1.0, env_k = exp(-1.0 / (n->decay * SYNTH_RATE));
  double thump = 0.3, thump_k = exp(-1.0 / (0.01 * SYNTH_RATE));
  uint32_t phase = 0;
  for (size_t k = 0; k < sp->to; k++) {
    phase += phase_inc(n->freq2 + (n->freq - n->freq2) * sweep);
    double v = sin_at(s, phase);
    if (k < thump_len) v += (rng_unit(&rng) * 2 - 1) * thump;
    put(s, sp, k, v * env * (1.0 - (double)k / n->len) * n->gain, 0);
    sweep *= sweep_k;
    env *= env_k;
    thump *= thump_k;
  }
}

/* Filtered noise: snares, hats and rim clicks. */
static void render_noise(Synth *s, const Note *n, const Span *sp) {
  Rng rng = {n->seed};
  double prev = 0, env = 1.0, env_k = exp(-1.0 / (n->decay * SYNTH_RATE));
  for (size_t k = 0; k < sp->to; k++) {
    double noise = rng_unit(&rng) * 2 - 1;
    double hp = noise - prev; /* brighter */
    prev = noise;
    put(s, sp, k, hp * env * (1.0 - (double)k / n->len) * n->gain, n->pan);
    env *= env_k;
  }
}

static void render_note(Synth *s, const Note *n) {
  Span sp = note_span(s, n);
  if (sp.to == 0) return;
  switch (n->kind) {
  case NOTE_PAD: render_pad(s, n, &sp); break;
  case NOTE_PLUCK: render_pluck(s, n, &sp); break;
  case NOTE_BOWED: render_bowed(s, n, &sp); break;
  case NOTE_BASS: render_bass(s, n, &sp); break;
  case NOTE_DRUM: render_drum(s, n, &sp); break;
  case NOTE_NOISE: render_noise(s, n, &sp); break;
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

/* Adds a note that starts within the piece. */
static Note *add_note(Synth *s, NoteKind kind, double start, double len_s, double gain, Rng *rng) {
  if (start < 0 || (size_t)start >= s->frames) return NULL;
  if (s->nnotes == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 256;
    s->notes = xrealloc(s->notes, s->cap * sizeof *s->notes);
  }
  Note *n = &s->notes[s->nnotes++];
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->start = (size_t)start;
  n->len = (size_t)(len_s * SYNTH_RATE);
  n->hold = n->len;
  n->gain = gain;
  n->seed = rng_next(rng);
  n->order = s->nnotes - 1;
  return n;
}

static void add_tone(Synth *s, NoteKind kind, double start, double hold_s, double release_s, double freq,
                     double gain, double pan, Rng *rng) {
  Note *n = add_note(s, kind, start, hold_s + release_s, gain, rng);
  if (!n) return;
  n->hold = (size_t)(hold_s * SYNTH_RATE);
  n->freq = freq;
  n->pan = pan;
}

static void add_drum(Synth *s, double start, double f0, double f1, double decay, double gain, Rng *rng) {
  Note *n = add_note(s, NOTE_DRUM, start, decay * 4, gain, rng);
  if (!n) return;
  n->freq = f0;
  n->freq2 = f1;
  n->decay = decay;
}

static void add_noise(Synth *s, double start, double decay, double gain, double pan, Rng *rng) {
  Note *n = add_note(s, NOTE_NOISE, start, decay * 5, gain, rng);
  if (!n) return;
  n->decay = decay;
  n->pan = pan;
}

/* Writes the whole piece down as notes. */
static void compose(Synth *s, const SynthStyle *st, Rng *rng) {
  int scale[7];
  int ns = scale_notes(st->scale, scale);
  static const int progs_major[4][4] = {{0, 4, 5, 3}, {0, 5, 3, 4}, {0, 3, 4, 0}, {0, 3, 0, 4}};
  static const int progs_minor[4][4] = {{0, 5, 2, 6}, {0, 3, 4, 0}, {0, 6, 5, 6}, {0, 5, 3, 4}};
  static const int progs_penta[4][4] = {{0, 3, 1, 4}, {0, 2, 3, 0}, {0, 4, 3, 1}, {0, 1, 3, 2}};
  const int *prog = ns == 5 ? progs_penta[rng_int(rng, 4)]
                    : st->scale == SYNTH_MINOR ? progs_minor[rng_int(rng, 4)]
                                               : progs_major[rng_int(rng, 4)];
  int tonic = 48 + rng_int(rng, 8);
  double beat = SYNTH_RATE * 60.0 / st->bpm, beat_s = 60.0 / st->bpm;
  size_t bars = (size_t)(s->frames / (4 * beat)) + 1;
  int mel = ns + rng_int(rng, ns); /* melody position, in scale degrees above tonic + 12 */
  double lead_pan = st->pluck && st->bowed ? -0.3 : 0.15;
  for (size_t b = 0; b < bars; b++) {
    double bar = b * 4 * beat;
    int chord = prog[b % 4];
    for (int t = 0; t < 3; t++) {
      double hz = midi_hz(tonic + 12 + degree(scale, ns, chord + 2 * t));
      add_tone(s, NOTE_PAD, bar, 4 * beat_s, 0.6, hz, 0.055, 0, rng);
    }
    double bass_hz = midi_hz(tonic - 12 + degree(scale, ns, chord));
    add_tone(s, NOTE_BASS, bar, 0.9, 0, bass_hz, 0.22, 0, rng);
    add_tone(s, NOTE_BASS, bar + 2 * beat, 0.9, 0, bass_hz, 0.18, 0, rng);
    if (st->pluck) {
      for (int e = 0; e < 8; e++) {
        double density = e % 2 == 0 ? 0.65 : 0.35;
        if (rng_unit(rng) >= density) continue;
        mel += rng_int(rng, 5) - 2;
        if (e == 0) mel = chord + 2 * rng_int(rng, 3) + ns; /* a chord tone on the downbeat */
        if (mel < 0) mel = 2;
        if (mel > 2 * ns) mel = 2 * ns - 2;
        double hz = midi_hz(tonic + 12 + degree(scale, ns, mel));
        add_tone(s, NOTE_PLUCK, bar + e * beat / 2, 1.5, 0, hz, 0.32, lead_pan, rng);
      }
    }
    if (st->bowed) {
      for (int h = 0; h < 2; h++) {
        if (rng_unit(rng) < 0.2) continue;
        int d = chord + 2 * rng_int(rng, 3) + (st->pluck ? 0 : ns);
        double hz = midi_hz(tonic + 12 + degree(scale, ns, d));
        add_tone(s, NOTE_BOWED, bar + h * 2 * beat, 2 * beat_s * 0.9, 0.15, hz, 0.12, st->pluck ? 0.35 : 0.1, rng);
      }
    }
    if (st->percussion) {
      if (st->taiko) {
        add_drum(s, bar, 95, 52, 0.35, 0.6, rng);
        add_drum(s, bar + 2 * beat, 95, 52, 0.3, 0.45, rng);
        add_drum(s, bar + 3.5 * beat, 100, 55, 0.2, 0.35, rng);
        add_noise(s, bar + beat, 0.015, 0.12, 0.2, rng);
        add_noise(s, bar + 3 * beat, 0.015, 0.12, -0.2, rng);
      } else {
        add_drum(s, bar, 120, 45, 0.12, 0.5, rng);
        add_drum(s, bar + 2 * beat, 120, 45, 0.12, 0.45, rng);
        add_noise(s, bar + beat, 0.07, 0.22, 0, rng);
        add_noise(s, bar + 3 * beat, 0.07, 0.22, 0, rng);
        for (int e = 0; e < 8; e++) add_noise(s, bar + e * beat / 2, 0.015, 0.05, 0.3, rng);
      }
    }
  }
}

static int by_start(const void *a, const void *b) {
  const Note *x = a, *y = b;
  if (x->start != y->start) return x->start < y->start ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

Synth *synth_new(const char *prompt, long length_ms, const unsigned char *seed, size_t seed_len) {
  Synth *s = xcalloc(1, sizeof *s);
  s->frames = length_ms > 0 ? (size_t)length_ms * (SYNTH_RATE / 1000) : 0;
  s->fade = (size_t)synth_fade_ms(length_ms > 0 ? length_ms : 0) * (SYNTH_RATE / 1000);
  for (int i = 0; i <= TABLE_SIZE; i++) s->sine[i] = (float)sin(2 * M_PI * i / TABLE_SIZE);
  s->l = xmalloc(BLOCK_FRAMES * sizeof *s->l);
  s->r = xmalloc(BLOCK_FRAMES * sizeof *s->r);
  SynthStyle st;
  synth_style_parse(prompt, &st);
  Rng rng = {seed_hash(seed, seed_len)};
  compose(s, &st, &rng);
  if (s->nnotes > 1) qsort(s->notes, s->nnotes, sizeof *s->notes, by_start);
  return s;
}

size_t synth_frames(const Synth *s) { return s->frames; }

/* The limiter: straight up to the knee, then bending smoothly towards 1. */
static double limit(double x) {
  double a = fabs(x);
  if (a <= LIMIT_KNEE) return x;
  double y = LIMIT_KNEE + (1 - LIMIT_KNEE) * tanh((a - LIMIT_KNEE) / (1 - LIMIT_KNEE));
  return x < 0 ? -y : y;
}

/* Renders the block that starts at pos. */
static void render_block(Synth *s) {
  s->block_start = s->pos;
  s->block_len = s->frames - s->pos < BLOCK_FRAMES ? s->frames - s->pos : BLOCK_FRAMES;
  memset(s->l, 0, s->block_len * sizeof *s->l);
  memset(s->r, 0, s->block_len * sizeof *s->r);
  /* Notes that ended before this block are done for good. */
  while (s->next_note < s->nnotes) {
    const Note *n = &s->notes[s->next_note];
    if (n->start + n->len > s->block_start) break;
    s->next_note++;
  }
  for (size_t i = s->next_note; i < s->nnotes && s->notes[i].start < s->block_start + s->block_len; i++) {
    render_note(s, &s->notes[i]);
  }
}

size_t synth_read(Synth *s, int16_t *out, size_t max) {
  size_t done = 0;
  while (done < max && s->pos < s->frames) {
    if (s->pos >= s->block_start + s->block_len || s->block_len == 0) render_block(s);
    size_t i = s->pos - s->block_start, k = s->pos, last = s->frames - 1;
    double fade = 1.0;
    if (s->fade > 0 && k < s->fade) fade *= (double)k / s->fade;
    if (s->fade > 0 && last - k < s->fade) fade *= (double)(last - k) / s->fade;
    double l = limit(s->l[i] * MASTER_GAIN) * fade * 32767.0;
    double r = limit(s->r[i] * MASTER_GAIN) * fade * 32767.0;
    out[2 * done] = (int16_t)lrint(l);
    out[2 * done + 1] = (int16_t)lrint(r);
    done++;
    s->pos++;
  }
  return done;
}

void synth_free(Synth *s) {
  if (!s) return;
  free(s->notes);
  free(s->l);
  free(s->r);
  free(s);
}

int16_t *synth_render(const char *prompt, long length_ms, const unsigned char *seed, size_t seed_len,
                      size_t *frames) {
  Synth *s = synth_new(prompt, length_ms, seed, seed_len);
  size_t n = synth_frames(s);
  int16_t *out = xmalloc((n ? n : 1) * SYNTH_CHANNELS * sizeof *out);
  size_t got = synth_read(s, out, n);
  synth_free(s);
  *frames = got;
  return out;
}
