/* draft_conform.c - every draft video is encoded the same way (H.264
 * ultrafast at a constant QP, yuv420p, constant frame rate), so scene and
 * episode edits can join clips without re-encoding. draft_x264_args() is
 * that one way; draft_conform_clips() re-encodes only the clips that differ
 * from it (a real backend's clip: another size, codec, frame rate, length,
 * or other codec parameters, which a stream-copied join cannot mix). */
#include "draft.h"
#include "util.h"
#include <math.h>
#include <stdio.h>
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

/* Re-encodes clip c to <workdir>/<prefix>NNN.mp4 and points c->path at it. */
static int reencode(const JobCtx *ctx, DraftClip *c, size_t index, const char *prefix, int w, int h, int fps,
                    JobResult *r) {
  char name[64];
  snprintf(name, sizeof name, "%s%03zu.mp4", prefix, index + 1);
  MediaArgs a = {0};
  const char *head[] = {"ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-i", c->path, "-vf"};
  for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) media_args_add(&a, head[i]);
  media_args_addf(&a,
                  "scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d,setsar=1,fps=%d,format=yuv420p,"
                  "tpad=stop_mode=clone:stop=-1",
                  w, h, w, h, fps);
  media_args_add(&a, "-frames:v");
  media_args_addf(&a, "%ld", c->frames);
  draft_x264_args(ctx, &a, fps);
  media_args_add(&a, name);
  int rc = media_run(ctx, a.argv, ctx->workdir, NULL, r);
  media_args_free(&a);
  if (rc != 0) return -1;
  free(c->path);
  c->path = draft_path(ctx, name);
  c->reencoded = true;
  return 0;
}

/* The extradata hash most of the joinable clips share ("" when none is). */
static const char *common_extradata(const DraftClip *clips, const bool *ok, size_t n) {
  const char *best = "";
  size_t best_count = 0;
  for (size_t i = 0; i < n; i++) {
    if (!ok[i]) continue;
    size_t count = 0;
    for (size_t k = 0; k < n; k++) count += ok[k] && strcmp(clips[k].info.vextradata, clips[i].info.vextradata) == 0;
    if (count > best_count) {
      best = clips[i].info.vextradata;
      best_count = count;
    }
  }
  return best;
}

int draft_conform_clips(const JobCtx *ctx, DraftClip *clips, size_t n, int w, int h, int fps, const char *prefix,
                        JobResult *r) {
  bool *ok = xcalloc(n ? n : 1, sizeof *ok);
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    rc = draft_probe(ctx, clips[i].path, &clips[i].info, r);
    if (rc != 0) break;
    if (!clips[i].info.has_video) {
      rc = job_fail(r, "%s: no video stream", clips[i].path);
      break;
    }
    if (clips[i].frames <= 0) clips[i].frames = draft_video_frames(&clips[i].info, fps);
    if (clips[i].frames <= 0) {
      rc = job_fail(r, "%s: cannot tell how many frames it has", clips[i].path);
      break;
    }
    ok[i] = mismatch(&clips[i].info, w, h, fps, clips[i].frames) == NULL;
  }
  char reference[sizeof clips[0].info.vextradata] = "";
  if (rc == 0) snprintf(reference, sizeof reference, "%s", common_extradata(clips, ok, n));
  /* Re-encode what differs; then, if the re-encoded clips turn out to differ
   * from the reference (the others came from an older encoder), re-encode
   * those too, so every clip has the same codec parameters. */
  bool any = false;
  for (size_t i = 0; i < n && rc == 0; i++) {
    const MediaInfo *m = &clips[i].info;
    const char *why = !ok[i] ? mismatch(m, w, h, fps, clips[i].frames)
                      : strcmp(m->vextradata, reference) != 0 ? "other codec parameters"
                                                              : NULL;
    if (!why) continue;
    draft_log(ctx, "draft: re-encoding %s (%s: %s %dx%d %d/%d fps, %ld frames; want h264 %dx%d %d fps, %ld frames)",
              clips[i].path, why, m->vcodec, m->width, m->height, m->fps_num, m->fps_den,
              draft_video_frames(m, fps), w, h, fps, clips[i].frames);
    rc = reencode(ctx, &clips[i], i, prefix, w, h, fps, r);
    any = true;
  }
  if (rc == 0 && any && reference[0]) {
    size_t first = 0;
    while (!clips[first].reencoded) first++;
    MediaInfo m;
    rc = draft_probe(ctx, clips[first].path, &m, r);
    if (rc == 0 && strcmp(m.vextradata, reference) != 0) {
      for (size_t i = 0; i < n && rc == 0; i++) {
        if (clips[i].reencoded) continue;
        draft_log(ctx, "draft: re-encoding %s too, to match the clips re-encoded now", clips[i].path);
        rc = reencode(ctx, &clips[i], i, prefix, w, h, fps, r);
      }
    }
  }
  free(ok);
  return rc;
}

int draft_write_concat(const JobCtx *ctx, const DraftClip *clips, size_t n, int fps, const char *name,
                       JobResult *r) {
  Buf b = {0};
  buf_puts(&b, "ffconcat version 1.0\n");
  for (size_t i = 0; i < n; i++) {
    buf_puts(&b, "file '");
    for (const char *c = clips[i].path; *c; c++) {
      if (*c == '\'') buf_puts(&b, "'\\''");
      else buf_putc(&b, *c);
    }
    buf_puts(&b, "'\nduration ");
    media_put_num(&b, (double)clips[i].frames / fps);
    buf_putc(&b, '\n');
  }
  char *path = draft_path(ctx, name);
  int rc = draft_write_file(path, b.data, b.len, r);
  free(path);
  buf_free(&b);
  return rc;
}
