/* draft.h - internals of the built-in offline draft backend (draft_*.c).
 *
 * draft_run() (backend.h) dispatches on the job kind to one function per
 * kind; each reads its params (docs/plan.md), runs ffmpeg or espeak-ng
 * through media_run() or the synthesizer, and adds its outputs to the
 * JobResult. The helpers below are shared by those files: params with clear
 * errors, paths in the work directory, WAV files, text wrapping, the colour
 * palette and the composition of a story-board frame. */
#ifndef STORYC_DRAFT_H
#define STORYC_DRAFT_H
#include "backend.h"
#include "buf.h"
#include "media.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Checks, before a build starts, that what a kind of job needs is installed
 * (ffmpeg, ffprobe, espeak-ng, a font). Returns 0, or -1 with the reason and
 * the install command appended to why. For a runtime's preflight hook. */
int draft_preflight(JobKind kind, Buf *why);
/* The font story-board frames are drawn with: $STORYC_FONT, a CJK font, or
 * another sans font (*cjk false); NULL when there is none. */
const char *draft_font(bool *cjk);

/* One function per kind of job; ctx->workdir is absolute. */
int draft_image(const JobCtx *ctx, JobResult *r);
int draft_video(const JobCtx *ctx, JobResult *r);
int draft_voice(const JobCtx *ctx, JobResult *r);
int draft_music(const JobCtx *ctx, JobResult *r);
int draft_edit_scene(const JobCtx *ctx, JobResult *r);
int draft_edit_episode(const JobCtx *ctx, JobResult *r);

/* ---- params (draft_params.c) ----
 * `where` names the object in messages: "params", "params.shots[2]". */
int draft_get_int(const cJSON *obj, const char *where, const char *name, long lo, long hi, long *out,
                  JobResult *r);
int draft_get_str(const cJSON *obj, const char *where, const char *name, const char **out, JobResult *r);
/* Returns the array member name, or NULL with r->error set. */
const cJSON *draft_get_array(const cJSON *obj, const char *where, const char *name, JobResult *r);
/* Optional members: the default when missing or of another type. */
long draft_opt_int(const cJSON *obj, const char *name, long dflt);
const char *draft_opt_str(const cJSON *obj, const char *name, const char *dflt);
/* width, height (even, 16..8192) and fps (1..240), which video jobs share. */
int draft_get_frame_size(const cJSON *params, int *w, int *h, int *fps, JobResult *r);
/* The absolute path of input i's output `name`; r->error set when missing. */
char *draft_input_path(const JobCtx *ctx, size_t i, const char *name, JobResult *r);
/* "<workdir>/<name>", malloc'ed. */
char *draft_path(const JobCtx *ctx, const char *name);
/* Writes a whole file; -1 with r->error set on failure. */
int draft_write_file(const char *path, const void *data, size_t n, JobResult *r);
/* Writes n bytes to fd (path names it in errors). */
int draft_write_all(int fd, const void *data, size_t n, const char *path, JobResult *r);
/* Appends a line to the job log. */
void draft_log(const JobCtx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The number of frames of a clip of duration_ms at fps: round(d * fps). */
long draft_frames(long duration_ms, int fps);

/* ---- WAV files (draft_wav.c): 16-bit PCM only ---- */
typedef struct DraftWav {
  int16_t *samples; /* interleaved, malloc'ed */
  size_t frames;
  int rate, channels;
} DraftWav;

int draft_wav_read(const char *path, DraftWav *w, JobResult *r);
/* Reads only the header: the duration in ms, or -1 if not a PCM WAV. */
long draft_wav_duration_ms(const char *path);
int draft_wav_write(const char *path, const int16_t *samples, size_t frames, int rate, int channels,
                    JobResult *r);
/* The 44-byte header of a 16-bit PCM WAV of frames frames; -1 when the data
 * would be too big for a WAV file. */
int draft_wav_header(unsigned char h[44], size_t frames, int rate, int channels);
/* Samples as little-endian 16-bit bytes: out has room for 2 * n bytes. */
void draft_wav_pack(const int16_t *samples, size_t n, unsigned char *out);
/* Linear-interpolation resampling to rate and channels (1 or 2); returns a
 * malloc'ed buffer of *frames frames. */
int16_t *draft_wav_convert(const DraftWav *in, int rate, int channels, size_t *frames);
void draft_wav_free(DraftWav *w);

/* ---- text (draft_text.c) ---- */
/* Width of a UTF-8 string in ems, roughly, for a sans font: CJK and other
 * wide characters 1, ASCII about 0.55. */
double draft_text_width(const char *s, size_t n);
/* Wraps text into lines of at most max_em, at spaces or between wide
 * characters, at most max_lines lines (the last one ends in "…" when text
 * was left out). Control characters become spaces. Appends to out with '\n'
 * between lines; returns the number of lines. */
int draft_text_wrap(const char *text, double max_em, int max_lines, Buf *out);

/* ---- palette (draft_palette.c) ---- */
enum { DRAFT_SWATCHES = 5 };
typedef struct DraftPalette {
  unsigned sky_top, sky_low, ground, figure, accent; /* 0xRRGGBB */
  unsigned swatch[DRAFT_SWATCHES];
} DraftPalette;

/* Deterministic palette for a place and style: the same arguments always
 * give the same colours. */
void draft_palette(const char *place, const char *style, long palette_seed, DraftPalette *p);

/* ---- composition (draft_compose.c) ---- */
typedef enum DraftBoxRole { DRAFT_BOX_FIGURE, DRAFT_BOX_EYE } DraftBoxRole;
typedef struct DraftBox {
  int x, y, w, h; /* clipped to the frame, w and h > 0 */
  DraftBoxRole role;
} DraftBox;

enum { DRAFT_MAX_BOXES = 32 };
/* Figure silhouettes (head, torso, legs as boxes) for ncast characters as a
 * shot of size shot_size frames them in a w x h frame. Returns the number of
 * boxes; *known is false when the size name is not one we know (then it is
 * drawn as "medium"). */
int draft_compose(const char *shot_size, int w, int h, int ncast, DraftBox *boxes, bool *known);
/* Where the horizon lies, as a fraction of the height from the top. */
double draft_horizon(const char *shot_size);

/* ---- probing (draft_mp4.c) ---- */
/* Describes an MP4 file with one H.264 (Baseline or Main) video track at a
 * constant frame rate from its boxes alone; -1 for anything else. The
 * extradata hash is the same as ffprobe's. */
int draft_mp4_probe(const char *path, MediaInfo *m);
/* draft_mp4_probe(), else ffprobe (media_probe). */
int draft_probe(const JobCtx *ctx, const char *path, MediaInfo *m, JobResult *r);

/* ---- conforming clips (draft_conform.c) ---- */
typedef struct DraftClip {
  char *path;     /* malloc'ed; replaced by the re-encoded copy when there is one */
  long frames;    /* frames wanted; 0: as many as it has */
  MediaInfo info; /* what ffprobe said about the original */
  bool reencoded;
} DraftClip;

/* Makes a list of clips joinable without re-encoding: every one H.264
 * yuv420p w x h at fps with exactly its frames, all with the same codec
 * parameters, as the draft encodes video. Clips that already are stay as
 * they are; the others are re-encoded to <workdir>/<prefix>NNN.mp4 (scaled
 * to cover, centre-cropped, padded or cut to length; no audio). */
int draft_conform_clips(const JobCtx *ctx, DraftClip *clips, size_t n, int w, int h, int fps, const char *prefix,
                        JobResult *r);
/* The number of video frames ffprobe found (nb_frames, else from the
 * duration). */
long draft_video_frames(const MediaInfo *m, int fps);
/* Writes <workdir>/<name>, an ffconcat list of the clips (absolute paths)
 * with their exact durations (frames / fps). */
int draft_write_concat(const JobCtx *ctx, const DraftClip *clips, size_t n, int fps, const char *name,
                       JobResult *r);
/* Appends the x264 encoder arguments every draft video uses. */
void draft_x264_args(const JobCtx *ctx, MediaArgs *a, int fps);

/* ---- the audio of a scene (draft_mix.c) ---- */
typedef struct DraftVoiceClip {
  long start_ms, dur_ms; /* where the line starts in the scene, how long it is */
} DraftVoiceClip;

typedef struct DraftMusicClip {
  long at_ms, len_ms, fade_ms; /* len_ms already trimmed to the scene and the file */
} DraftMusicClip;

typedef struct DraftMix {
  long duration_ms;   /* the scene */
  int silence_input;  /* ffmpeg input index of silence as long as the scene */
  int voice_input;    /* ffmpeg input index of the first voice; the others follow */
  int music_input;    /* ffmpeg input index of the first music cue; the others follow */
  const DraftVoiceClip *voices;
  size_t nvoices;
  const DraftMusicClip *music;
  size_t nmusic;
} DraftMix;

/* Appends an ffmpeg filter graph ending in [a]: each voice delayed to its
 * start, each cue trimmed, faded and delayed to at_ms, the music lowered by
 * 10 dB while lines play, all mixed over the silence (which sets the length)
 * without normalizing. */
void draft_mix_graph(const DraftMix *m, Buf *g);

#endif
