/* draft_conform.c - every draft video is encoded the same way (H.264
 * ultrafast, yuv420p, constant frame rate), so scene and episode edits can
 * join clips without re-encoding. draft_x264_args() is that one way, and
 * draft_conform() re-encodes only a clip that differs from it (a real
 * backend's clip: another size, codec, frame rate or length). */
#include "draft.h"
#include "util.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void draft_x264_args(const JobCtx *ctx, MediaArgs *a, int fps) {
  const char *args[] = {"-c:v", "libx264", "-preset", "ultrafast", "-qp", "23", "-pix_fmt", "yuv420p", "-an",
                        "-movflags", "+faststart"};
  for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) media_args_add(a, args[i]);
  media_args_add(a, "-r");
  media_args_addf(a, "%d", fps);
  media_args_add(a, "-threads");
  media_args_addf(a, "%d", ctx->threads > 0 ? ctx->threads : 1);
}

long draft_video_frames(const MediaInfo *m, int fps) {
  if (m->vframes > 0) return m->vframes;
  return lround((m->vduration > 0 ? m->vduration : m->duration) * fps);
}

/* Why a clip cannot be joined as is, or NULL when it can. */
static const char *mismatch(const MediaInfo *m, int w, int h, int fps, long frames) {
  if (!m->has_video) return "no video stream";
  if (strcmp(m->vcodec, "h264") != 0) return "not H.264";
  if (m->width != w || m->height != h) return "another size";
  if (strcmp(m->pix_fmt, "yuv420p") != 0) return "another pixel format";
  if (m->fps_num != fps || m->fps_den != 1) return "another frame rate";
  if (strcmp(m->vprofile, "Constrained Baseline") != 0) return "other encoder settings";
  if (draft_video_frames(m, fps) != frames) return "another length";
  return NULL;
}

int draft_conform(const JobCtx *ctx, const char *path, const MediaInfo *mi, int w, int h, int fps, long frames,
                  const char *name, char **out, JobResult *r) {
  const MediaInfo m = *mi;
  if (!m.has_video) return job_fail(r, "%s: no video stream", path);
  const char *why = mismatch(&m, w, h, fps, frames);
  if (!why) {
    *out = xstrdup(path);
    return 0;
  }
  draft_log(ctx, "draft: re-encoding %s (%s: %s %dx%d %d/%d fps, %ld frames; want h264 %dx%d %d fps, %ld frames)",
            path, why, m.vcodec, m.width, m.height, m.fps_num, m.fps_den, m.vframes, w, h, fps, frames);
  MediaArgs a = {0};
  const char *head[] = {"ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-i", path, "-vf"};
  for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) media_args_add(&a, head[i]);
  media_args_addf(&a,
                  "scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d,setsar=1,fps=%d,format=yuv420p,"
                  "tpad=stop_mode=clone:stop=-1",
                  w, h, w, h, fps);
  media_args_add(&a, "-frames:v");
  media_args_addf(&a, "%ld", frames);
  draft_x264_args(ctx, &a, fps);
  media_args_add(&a, name);
  int rc = media_run(ctx, a.argv, ctx->workdir, NULL, r);
  media_args_free(&a);
  if (rc != 0) return -1;
  *out = draft_path(ctx, name);
  return 0;
}

int draft_write_concat(const JobCtx *ctx, char *const *paths, const double *durations, size_t n,
                       const char *name, JobResult *r) {
  Buf b = {0};
  buf_puts(&b, "ffconcat version 1.0\n");
  for (size_t i = 0; i < n; i++) {
    buf_puts(&b, "file '");
    for (const char *c = paths[i]; *c; c++) {
      if (*c == '\'') buf_puts(&b, "'\\''");
      else buf_putc(&b, *c);
    }
    buf_puts(&b, "'\n");
    if (durations) {
      buf_puts(&b, "duration ");
      media_put_num(&b, durations[i]);
      buf_putc(&b, '\n');
    }
  }
  char *path = draft_path(ctx, name);
  int rc = draft_write_file(path, b.data, b.len, r);
  free(path);
  buf_free(&b);
  return rc;
}
