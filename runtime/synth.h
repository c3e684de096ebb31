/* synth.h - the draft backend's music: a small deterministic synthesizer
 * that turns a cue's prompt into a 48 kHz stereo 16-bit piece of music. No
 * external tool; the same prompt, length and seed always give the same
 * samples.
 *
 * From the prompt it takes what it can: the tempo ("90 bpm", default 90), a
 * pentatonic scale when Chinese instruments are named (guzheng, erhu, dizi,
 * pipa, guqin, taiko, ...), minor for words like storm, dark, sad, tense and
 * major otherwise, percussion when drums, taiko or percussion are named, a
 * bowed lead for erhu, dizi, flute or strings, a plucked one otherwise. The
 * piece fades in and out over 1 s (less for short cues) and never clips (a
 * soft limiter). */
#ifndef STORYC_SYNTH_H
#define STORYC_SYNTH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYNTH_RATE 48000
#define SYNTH_CHANNELS 2
#define SYNTH_DEFAULT_BPM 90

typedef enum SynthScale { SYNTH_MAJOR, SYNTH_MINOR, SYNTH_PENTATONIC, SYNTH_PENTATONIC_MINOR } SynthScale;

typedef struct SynthStyle {
  int bpm;
  SynthScale scale;
  bool percussion; /* drums, taiko, percussion... */
  bool taiko;      /* big low drums instead of a kit */
  bool pluck;      /* a plucked lead (guzheng, pipa, harp, piano, ... or nothing named) */
  bool bowed;      /* a bowed or blown lead (erhu, dizi, flute, strings, ...) */
} SynthStyle;

/* The tempo written as "NN bpm" in the prompt (40..240), else 90. */
int synth_parse_bpm(const char *prompt);
/* Everything the synthesizer takes from a prompt (NULL is ""). */
void synth_style_parse(const char *prompt, SynthStyle *style);
/* The fade in and fade out length for a cue of length_ms: 1 s, or a quarter
 * of the cue when it is shorter than 4 s. */
long synth_fade_ms(long length_ms);
/* A piece being rendered, a few seconds at a time (memory stays small for
 * long cues). seed (any bytes, e.g. the job key) picks the key, the
 * progression and the melody. */
typedef struct Synth Synth;

Synth *synth_new(const char *prompt, long length_ms, const unsigned char *seed, size_t seed_len);
/* The piece's length: exactly length_ms * 48 stereo frames. */
size_t synth_frames(const Synth *s);
/* Writes the next frames (at most max, interleaved left/right) to out;
 * returns how many, 0 at the end. */
size_t synth_read(Synth *s, int16_t *out, size_t max);
void synth_free(Synth *s);

/* The whole piece in one malloc'ed buffer (the caller frees): *frames =
 * length_ms * 48 stereo frames. */
int16_t *synth_render(const char *prompt, long length_ms, const unsigned char *seed, size_t seed_len,
                      size_t *frames);

#endif
