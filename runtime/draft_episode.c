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
  DraftClip *clips; /* the video of each scene */
  char **sources;   /* the scene files, for their audio */
  char **subs_json; /* each scene's cues (NULL when it has none) */
  SubList subs;
} Episode;

static void episode_free(Episode *e) {
  for (size_t i = 0; i < e->n; i++) {
    free(e->clips[i].path);
    free(e->sources[i]);
    free(e->subs_json[i]);
  }
  free(e->clips);
  free(e->sources);
  free(e->subs_json);
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

/* One scene: its file and its cues. */
static int read_scene(const JobCtx *ctx, Episode *e, size_t k, size_t input, JobResult *r) {
  e->sources[k] = draft_input_path(ctx, input, "main", r);
  if (!e->sources[k]) return -1;
  e->clips[k].path = xstrdup(e->sources[k]);
  const char *subs = job_input_file(ctx, input, "subs");
  if (!subs) return 0;
  e->subs_json[k] = file_read_all(subs, NULL, 64u << 20);
  if (!e->subs_json[k]) return job_fail(r, "scene %zu: cannot read %s: %s", k + 1, subs, strerror(errno));
  return 0;
}

/* The scenes' cues, each shifted by the length of the scenes before it. */
static int merge_subs(Episode *e, JobResult *r) {
  long frames = 0;
  for (size_t k = 0; k < e->n; k++) {
    if (e->subs_json[k]) {
      char *err = NULL;
      long offset = (long)llround(frames * 1000.0 / e->fps);
      if (subs_parse_json(e->subs_json[k], offset, &e->subs, &err) != 0) {
        job_fail(r, "scene %zu: subtitle cues: %s", k + 1, err);
        free(err);
        return -1;
      }
    }
    frames += e->clips[k].frames;
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
  e->clips = xcalloc(n, sizeof *e->clips);
  e->sources = xcalloc(n, sizeof *e->sources);
  e->subs_json = xcalloc(n, sizeof *e->subs_json);
  size_t k = 0;
  const cJSON *s;
  cJSON_ArrayForEach(s, scenes) {
    if (!cJSON_IsNumber(s) || s->valuedouble != floor(s->valuedouble) || s->valuedouble < 0 ||
        s->valuedouble >= (double)ctx->job->ninputs) {
      return job_fail(r, "params.scenes[%zu]: must be an input index below %zu", k, ctx->job->ninputs);
    }
    if (read_scene(ctx, e, k, (size_t)s->valuedouble, r) != 0) return -1;
    k++;
  }
  if (draft_conform_clips(ctx, e->clips, n, e->w, e->h, e->fps, "scene", r) != 0) return -1;
  return merge_subs(e, r);
}

/* Each scene's audio, exactly as long as its video, then joined. */
static void audio_graph(const Episode *e, Buf *g) {
  for (size_t i = 0; i < e->n; i++) {
    if (e->clips[i].info.has_audio) {
      buf_printf(g, "[%zu:a]asetpts=PTS-STARTPTS,", i + 1);
      buf_puts(g, "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,apad,");
    } else {
      buf_puts(g, "anullsrc=r=48000:cl=stereo,");
    }
    buf_puts(g, "atrim=end=");
    media_put_num(g, (double)e->clips[i].frames / e->fps);
    buf_printf(g, "[a%zu];", i);
  }
  for (size_t i = 0; i < e->n; i++) buf_printf(g, "[a%zu]", i);
  buf_printf(g, "concat=n=%zu:v=0:a=1[a]", e->n);
}

static int render_episode(const JobCtx *ctx, const Episode *e, bool with_subs, JobResult *r) {
  if (draft_write_concat(ctx, e->clips, e->n, e->fps, "scenes.txt", r) != 0) return -1;
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
  int rc = media_run(ctx, a.argv, ctx->workdir, NULL, r);
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
