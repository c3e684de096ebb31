/* draft_episode.c - the draft `edit` job of type "episode": its scenes'
 * MP4s joined in order (video stream-copied through the concat demuxer,
 * each scene's audio padded or cut to its video and re-encoded once as one
 * AAC track), their subtitle cues merged with time offsets into subs.json
 * and episode.srt, and the SRT embedded as a mov_text track tagged with the
 * series language.
 *
 * Params (docs/plan.md): type "episode", number, title, width height fps,
 * scenes [input index ...]. */
#include "draft.h"
#include "subs.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Episode {
  int w, h, fps;
  size_t n;
  char **paths;    /* conformed video per scene */
  char **sources;  /* the scene files, for their audio */
  long *frames;    /* video frames per scene */
  bool *has_audio;
  SubList subs;
} Episode;

static void episode_free(Episode *e) {
  for (size_t i = 0; i < e->n; i++) {
    free(e->paths[i]);
    free(e->sources[i]);
  }
  free(e->paths);
  free(e->sources);
  free(e->frames);
  free(e->has_audio);
  subs_free(&e->subs);
}

/* ISO 639-2 code of a language for the MP4 subtitle track ("und" unknown). */
static const char *iso639_2(const char *lang) {
  static const char *const map[][2] = {
      {"en", "eng"}, {"zh", "zho"}, {"cmn", "zho"}, {"yue", "zho"}, {"ja", "jpn"}, {"ko", "kor"}, {"fr", "fra"},
      {"de", "deu"}, {"es", "spa"}, {"it", "ita"},  {"pt", "por"},  {"ru", "rus"}, {"ar", "ara"}, {"hi", "hin"},
      {"nl", "nld"}, {"pl", "pol"}, {"sv", "swe"},  {"tr", "tur"},  {"vi", "vie"}, {"id", "ind"}, {"el", "ell"},
      {"uk", "ukr"}, {"cs", "ces"}, {"fi", "fin"},  {"da", "dan"},  {"no", "nor"}, {"nb", "nob"}, {"he", "heb"},
      {"th", "tha"}, {"hu", "hun"}, {"ro", "ron"},  {"ms", "msa"},  {"ta", "tam"}, {"bn", "ben"}, {"fa", "fas"},
      {"sw", "swa"}, {"ca", "cat"},
  };
  char base[8];
  size_t n = 0;
  for (; lang && lang[n] && isalpha((unsigned char)lang[n]) && n + 1 < sizeof base; n++) {
    base[n] = (char)tolower((unsigned char)lang[n]);
  }
  base[n] = 0;
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
    if (strcmp(map[i][0], base) == 0) return map[i][1];
  }
  return "und";
}

/* One scene: probe, conform its video if needed, merge its cues. */
static int read_scene(const JobCtx *ctx, Episode *e, size_t k, size_t input, long frames_before, JobResult *r) {
  char *path = draft_input_path(ctx, input, "main", r);
  if (!path) return -1;
  e->sources[k] = path;
  MediaInfo m;
  if (media_probe(ctx, path, &m, r) != 0) return -1;
  if (!m.has_video) return job_fail(r, "scene %zu (%s): no video stream", k + 1, path);
  e->frames[k] = draft_video_frames(&m, e->fps);
  if (e->frames[k] <= 0) return job_fail(r, "scene %zu (%s): cannot tell its length", k + 1, path);
  e->has_audio[k] = m.has_audio;
  char name[32];
  snprintf(name, sizeof name, "scene%03zu.mp4", k + 1);
  if (draft_conform(ctx, path, &m, e->w, e->h, e->fps, e->frames[k], name, &e->paths[k], r) != 0) return -1;
  const char *subs = job_input_file(ctx, input, "subs");
  if (!subs) return 0;
  size_t len;
  char *text = file_read_all(subs, &len, 64u << 20);
  if (!text) return job_fail(r, "scene %zu: cannot read %s: %s", k + 1, subs, strerror(errno));
  char *err = NULL;
  long offset = (long)llround(frames_before * 1000.0 / e->fps);
  int rc = subs_parse_json(text, offset, &e->subs, &err);
  free(text);
  if (rc != 0) {
    job_fail(r, "scene %zu: %s: %s", k + 1, subs, err);
    free(err);
    return -1;
  }
  return 0;
}

static int read_episode(const JobCtx *ctx, Episode *e, JobResult *r) {
  const cJSON *p = ctx->params;
  if (draft_get_frame_size(p, &e->w, &e->h, &e->fps, r) != 0) return -1;
  const cJSON *scenes = draft_get_array(p, "params", "scenes", r);
  if (!scenes) return -1;
  size_t n = (size_t)cJSON_GetArraySize(scenes);
  if (n == 0) return job_fail(r, "params.scenes: an episode needs at least one scene");
  e->n = n;
  e->paths = xcalloc(n, sizeof *e->paths);
  e->sources = xcalloc(n, sizeof *e->sources);
  e->frames = xcalloc(n, sizeof *e->frames);
  e->has_audio = xcalloc(n, sizeof *e->has_audio);
  long frames = 0;
  size_t k = 0;
  const cJSON *s;
  cJSON_ArrayForEach(s, scenes) {
    if (!cJSON_IsNumber(s) || s->valuedouble != floor(s->valuedouble) || s->valuedouble < 0 ||
        s->valuedouble >= (double)ctx->job->ninputs) {
      return job_fail(r, "params.scenes[%zu]: must be an input index below %zu", k, ctx->job->ninputs);
    }
    if (read_scene(ctx, e, k, (size_t)s->valuedouble, frames, r) != 0) return -1;
    frames += e->frames[k];
    k++;
  }
  return 0;
}

/* Each scene's audio, exactly as long as its video, then joined. */
static void audio_graph(const Episode *e, Buf *g) {
  for (size_t i = 0; i < e->n; i++) {
    if (e->has_audio[i]) {
      buf_printf(g, "[%zu:a]aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,apad,", i + 1);
    } else {
      buf_puts(g, "anullsrc=r=48000:cl=stereo,");
    }
    buf_puts(g, "atrim=end=");
    media_put_num(g, (double)e->frames[i] / e->fps);
    buf_printf(g, ",asetpts=PTS-STARTPTS[a%zu];", i);
  }
  for (size_t i = 0; i < e->n; i++) buf_printf(g, "[a%zu]", i);
  buf_printf(g, "concat=n=%zu:v=0:a=1[a]", e->n);
}

static int render_episode(const JobCtx *ctx, const Episode *e, bool with_subs, JobResult *r) {
  double *durations = xmalloc(e->n * sizeof *durations);
  for (size_t i = 0; i < e->n; i++) durations[i] = (double)e->frames[i] / e->fps;
  int rc = draft_write_concat(ctx, e->paths, durations, e->n, "scenes.txt", r);
  free(durations);
  if (rc != 0) return -1;
  MediaArgs a = {0};
  /* -copyts: the scenes' AAC priming would otherwise shift the whole input,
   * and with it the video, by a frame of audio. */
  const char *head[] = {"ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-copyts",
                        "-f", "concat", "-safe", "0", "-i", "scenes.txt"};
  for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) media_args_add(&a, head[i]);
  for (size_t i = 0; i < e->n; i++) {
    media_args_add(&a, "-i");
    media_args_add(&a, e->sources[i]);
  }
  if (with_subs) {
    media_args_add(&a, "-f");
    media_args_add(&a, "srt");
    media_args_add(&a, "-i");
    media_args_add(&a, "episode.srt");
  }
  Buf graph = {0};
  audio_graph(e, &graph);
  media_args_add(&a, "-filter_complex");
  media_args_add(&a, buf_cstr(&graph));
  buf_free(&graph);
  const char *maps[] = {"-map", "0:v", "-map", "[a]", "-c:v", "copy",
                        "-c:a", "aac", "-aac_coder", "fast", "-b:a", "128k"};
  for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) media_args_add(&a, maps[i]);
  if (with_subs) {
    media_args_add(&a, "-map");
    media_args_addf(&a, "%zu:s", e->n + 1);
    media_args_add(&a, "-c:s");
    media_args_add(&a, "mov_text");
    media_args_add(&a, "-metadata:s:s:0");
    media_args_addf(&a, "language=%s", iso639_2(ctx->plan ? ctx->plan->language : NULL));
  }
  const char *title = draft_opt_str(ctx->params, "title", "");
  long number = draft_opt_int(ctx->params, "number", 0);
  if (*title || number > 0) {
    media_args_add(&a, "-metadata");
    if (number > 0 && *title) media_args_addf(&a, "title=%ld. %s", number, title);
    else if (number > 0) media_args_addf(&a, "title=Episode %ld", number);
    else media_args_addf(&a, "title=%s", title);
  }
  media_args_add(&a, "-movflags");
  media_args_add(&a, "+faststart");
  media_args_add(&a, "episode.mp4");
  rc = media_run(ctx, a.argv, ctx->workdir, NULL, r);
  media_args_free(&a);
  return rc;
}

static int write_text(const JobCtx *ctx, const char *name, const Buf *b, JobResult *r) {
  char *path = draft_path(ctx, name);
  int rc = draft_write_file(path, b->data ? b->data : "", b->len, r);
  free(path);
  return rc;
}

int draft_edit_episode(const JobCtx *ctx, JobResult *r) {
  Episode e = {0};
  int rc = read_episode(ctx, &e, r);
  Buf json = {0}, srt = {0};
  if (rc == 0) {
    subs_write_json(&e.subs, &json);
    subs_write_srt(&e.subs, &srt);
    rc = write_text(ctx, "subs.json", &json, r);
    if (rc == 0) rc = write_text(ctx, "episode.srt", &srt, r);
  }
  if (rc == 0) {
    if (e.subs.n == 0) draft_log(ctx, "draft episode: no dialogue, so no subtitle track");
    rc = render_episode(ctx, &e, e.subs.n > 0, r);
  }
  if (rc == 0) {
    const char *names[][2] = {{"main", "episode.mp4"}, {"subs", "subs.json"}, {"srt", "episode.srt"}};
    for (size_t i = 0; i < 3; i++) {
      char *path = draft_path(ctx, names[i][1]);
      job_result_add(r, names[i][0], path);
      free(path);
    }
  }
  buf_free(&json);
  buf_free(&srt);
  episode_free(&e);
  return rc;
}
