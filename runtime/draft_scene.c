/* draft_scene.c - the draft `edit` job of type "scene": the shots' clips
 * joined in order without re-encoding (ffmpeg's concat demuxer, -c:v copy;
 * a clip encoded differently is conformed first), and one AAC track with
 * each line at the start of its shot (lines of one shot follow each other)
 * and the music cues at their times, ducked under speech. Also writes the
 * subtitle cues with their real times (subs.json).
 *
 * Params (docs/plan.md): width height fps, shots [{video, duration_ms,
 * lines [{voice, speaker, text}]}], cues [{music, at_ms, fade_ms,
 * length_ms}], duration_ms; video, voice and music are input indices. A clip
 * that was not encoded as draft clips are (a real backend's) is re-encoded
 * first (draft_conform.c). */
#include "draft.h"
#include "subs.h"
#include "util.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_CUE_MS 1200

typedef struct Scene {
  int w, h, fps;
  long frames;      /* all shots */
  long duration_ms; /* frames / fps, rounded */
  DraftClip *clips; /* one per shot */
  size_t nshots;
  char **voice_paths;
  DraftVoiceClip *voices;
  size_t nvoices;
  char **music_paths;
  DraftMusicClip *music;
  size_t nmusic;
  SubList subs;
} Scene;

static void scene_free(Scene *s) {
  for (size_t i = 0; i < s->nshots; i++) free(s->clips[i].path);
  for (size_t i = 0; i < s->nvoices; i++) free(s->voice_paths[i]);
  for (size_t i = 0; i < s->nmusic; i++) free(s->music_paths[i]);
  free(s->clips);
  free(s->voice_paths);
  free(s->voices);
  free(s->music_paths);
  free(s->music);
  subs_free(&s->subs);
}

/* The duration of an audio file: from a WAV header, else from ffprobe. */
static long audio_ms(const JobCtx *ctx, const char *path, JobResult *r) {
  long ms = draft_wav_duration_ms(path);
  if (ms >= 0) return ms;
  MediaInfo m;
  if (media_probe(ctx, path, &m, r) != 0) return -1;
  if (!m.has_audio) {
    job_fail(r, "%s: no audio stream", path);
    return -1;
  }
  return lround((m.aduration > 0 ? m.aduration : m.duration) * 1000);
}

static int input_index(const JobCtx *ctx, const cJSON *o, const char *where, const char *name, size_t *out,
                       JobResult *r) {
  long v;
  long max = ctx->job->ninputs ? (long)ctx->job->ninputs - 1 : -1;
  if (max < 0) return job_fail(r, "%s.%s: the job has no inputs", where, name);
  if (draft_get_int(o, where, name, 0, max, &v, r) != 0) return -1;
  *out = (size_t)v;
  return 0;
}

/* One shot: its clip, its lines placed from the shot's start on. */
static int read_shot(const JobCtx *ctx, Scene *s, const cJSON *shot, size_t k, long *frames_before,
                     JobResult *r) {
  char where[64];
  snprintf(where, sizeof where, "params.shots[%zu]", k);
  if (!cJSON_IsObject(shot)) return job_fail(r, "%s: must be an object", where);
  size_t vi;
  long dur;
  if (input_index(ctx, shot, where, "video", &vi, r) != 0) return -1;
  if (draft_get_int(shot, where, "duration_ms", 1, 3600000, &dur, r) != 0) return -1;
  long frames = draft_frames(dur, s->fps);
  s->clips[k].path = draft_input_path(ctx, vi, "main", r);
  if (!s->clips[k].path) return -1;
  s->clips[k].frames = frames;
  long at = (long)llround(*frames_before * 1000.0 / s->fps);
  *frames_before += frames;

  const cJSON *lines = cJSON_GetObjectItemCaseSensitive(shot, "lines");
  if (lines && !cJSON_IsArray(lines)) return job_fail(r, "%s.lines: must be an array", where);
  size_t li = 0;
  const cJSON *line;
  cJSON_ArrayForEach(line, lines) {
    char lwhere[96];
    snprintf(lwhere, sizeof lwhere, "%s.lines[%zu]", where, li++);
    if (!cJSON_IsObject(line)) return job_fail(r, "%s: must be an object", lwhere);
    size_t ai;
    if (input_index(ctx, line, lwhere, "voice", &ai, r) != 0) return -1;
    char *path = draft_input_path(ctx, ai, "main", r);
    if (!path) return -1;
    long ms = audio_ms(ctx, path, r);
    if (ms < 0) {
      free(path);
      return -1;
    }
    size_t n = s->nvoices++;
    s->voice_paths = xrealloc(s->voice_paths, s->nvoices * sizeof *s->voice_paths);
    s->voices = xrealloc(s->voices, s->nvoices * sizeof *s->voices);
    s->voice_paths[n] = path;
    s->voices[n].start_ms = at;
    s->voices[n].dur_ms = ms;
    at += ms;
    subs_add(&s->subs, s->voices[n].start_ms, s->voices[n].start_ms + ms,
             draft_opt_str(line, "speaker", ""), draft_opt_str(line, "text", ""));
  }
  return 0;
}

static int read_cue(const JobCtx *ctx, Scene *s, const cJSON *cue, size_t k, JobResult *r) {
  char where[64];
  snprintf(where, sizeof where, "params.cues[%zu]", k);
  if (!cJSON_IsObject(cue)) return job_fail(r, "%s: must be an object", where);
  size_t mi;
  long at, fade, len;
  if (input_index(ctx, cue, where, "music", &mi, r) != 0) return -1;
  if (draft_get_int(cue, where, "at_ms", 0, 24L * 3600 * 1000, &at, r) != 0) return -1;
  len = 24L * 3600 * 1000; /* no length_ms: as long as the music is */
  if (cJSON_GetObjectItemCaseSensitive(cue, "length_ms") &&
      draft_get_int(cue, where, "length_ms", 1, 24L * 3600 * 1000, &len, r) != 0) {
    return -1;
  }
  fade = draft_opt_int(cue, "fade_ms", 0);
  if (fade < 0) return job_fail(r, "%s.fade_ms: must not be negative", where);
  if (at >= s->duration_ms) {
    draft_log(ctx, "draft scene: %s starts at %ld ms, after the scene ends (%ld ms); left out", where, at,
              s->duration_ms);
    return 0;
  }
  char *path = draft_input_path(ctx, mi, "main", r);
  if (!path) return -1;
  long have = audio_ms(ctx, path, r);
  if (have < 0) {
    free(path);
    return -1;
  }
  if (len > have) len = have;
  if (len > s->duration_ms - at) len = s->duration_ms - at;
  if (len <= 0) {
    free(path);
    return 0;
  }
  size_t n = s->nmusic++;
  s->music_paths = xrealloc(s->music_paths, s->nmusic * sizeof *s->music_paths);
  s->music = xrealloc(s->music, s->nmusic * sizeof *s->music);
  s->music_paths[n] = path;
  s->music[n] = (DraftMusicClip){.at_ms = at, .len_ms = len, .fade_ms = fade};
  return 0;
}

/* Subtitle cues last at least MIN_CUE_MS and end with the scene. */
static void finish_subs(Scene *s) {
  size_t keep = 0;
  for (size_t i = 0; i < s->subs.n; i++) {
    SubCue *c = &s->subs.cues[i];
    if (c->end_ms - c->start_ms < MIN_CUE_MS) c->end_ms = c->start_ms + MIN_CUE_MS;
    if (c->end_ms > s->duration_ms) c->end_ms = s->duration_ms;
    if (c->start_ms >= s->duration_ms) {
      free(c->speaker);
      free(c->text);
      continue;
    }
    s->subs.cues[keep++] = *c;
  }
  s->subs.n = keep;
}

static int read_scene(const JobCtx *ctx, Scene *s, JobResult *r) {
  const cJSON *p = ctx->params;
  if (draft_get_frame_size(p, &s->w, &s->h, &s->fps, r) != 0) return -1;
  const cJSON *shots = draft_get_array(p, "params", "shots", r);
  if (!shots) return -1;
  size_t n = (size_t)cJSON_GetArraySize(shots);
  if (n == 0) return job_fail(r, "params.shots: a scene needs at least one shot");
  s->clips = xcalloc(n, sizeof *s->clips);
  s->nshots = n;
  size_t k = 0;
  const cJSON *shot;
  cJSON_ArrayForEach(shot, shots) {
    if (read_shot(ctx, s, shot, k++, &s->frames, r) != 0) return -1;
  }
  if (draft_conform_clips(ctx, s->clips, n, s->w, s->h, s->fps, "shot", r) != 0) return -1;
  s->duration_ms = (long)llround(s->frames * 1000.0 / s->fps);
  long declared = draft_opt_int(p, "duration_ms", s->duration_ms);
  if (labs(declared - s->duration_ms) * s->fps > 1000) {
    draft_log(ctx, "draft scene: params.duration_ms is %ld but the shots add up to %ld ms", declared,
              s->duration_ms);
  }
  const cJSON *cues = cJSON_GetObjectItemCaseSensitive(p, "cues");
  if (cues && !cJSON_IsArray(cues)) return job_fail(r, "params.cues: must be an array");
  k = 0;
  const cJSON *cue;
  cJSON_ArrayForEach(cue, cues) {
    if (read_cue(ctx, s, cue, k++, r) != 0) return -1;
  }
  finish_subs(s);
  return 0;
}

static int render_scene(const JobCtx *ctx, const Scene *s, JobResult *r) {
  if (draft_write_concat(ctx, s->clips, s->nshots, s->fps, "shots.txt", r) != 0) return -1;
  MediaArgs a = {0};
  const char *head[] = {"ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y",
                        "-f", "concat", "-safe", "0", "-i", "shots.txt", "-f", "lavfi", "-t"};
  for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) media_args_add(&a, head[i]);
  Buf t = {0};
  media_put_num(&t, s->duration_ms / 1000.0);
  media_args_add(&a, buf_cstr(&t));
  buf_free(&t);
  media_args_add(&a, "-i");
  media_args_add(&a, "anullsrc=r=48000:cl=stereo");
  for (size_t i = 0; i < s->nvoices; i++) {
    media_args_add(&a, "-i");
    media_args_add(&a, s->voice_paths[i]);
  }
  for (size_t i = 0; i < s->nmusic; i++) {
    media_args_add(&a, "-i");
    media_args_add(&a, s->music_paths[i]);
  }
  DraftMix mix = {.duration_ms = s->duration_ms,
                  .silence_input = 1,
                  .voice_input = 2,
                  .music_input = 2 + (int)s->nvoices,
                  .voices = s->voices,
                  .nvoices = s->nvoices,
                  .music = s->music,
                  .nmusic = s->nmusic};
  Buf graph = {0};
  draft_mix_graph(&mix, &graph);
  media_args_add(&a, "-filter_complex");
  media_args_add(&a, buf_cstr(&graph));
  buf_free(&graph);
  const char *tail[] = {"-map", "0:v", "-map", "[a]", "-c:v", "copy",
                        "-c:a", "aac", "-aac_coder", "fast", "-b:a", "128k",
                        "-ar", "48000", "-ac", "2", "-movflags", "+faststart", "scene.mp4"};
  for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++) media_args_add(&a, tail[i]);
  int rc = media_run(ctx, a.argv, ctx->workdir, NULL, r);
  media_args_free(&a);
  return rc;
}

int draft_edit_scene(const JobCtx *ctx, JobResult *r) {
  Scene s = {0};
  int rc = read_scene(ctx, &s, r);
  if (rc == 0) rc = render_scene(ctx, &s, r);
  if (rc == 0) {
    Buf json = {0};
    subs_write_json(&s.subs, &json);
    char *subs = draft_path(ctx, "subs.json");
    rc = draft_write_file(subs, json.data, json.len, r);
    buf_free(&json);
    char *main = draft_path(ctx, "scene.mp4");
    if (rc == 0) {
      job_result_add(r, "main", main);
      job_result_add(r, "subs", subs);
    }
    free(main);
    free(subs);
  }
  scene_free(&s);
  return rc;
}
