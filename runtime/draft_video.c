/* draft_video.c - the draft `video` job: a camera move over the key frame
 * for duration_ms at fps, as an H.264 MP4 without audio, exactly width x
 * height and exactly round(duration * fps) frames.
 *
 * Speed matters (a whole draft must render many times faster than real
 * time), so the still is decoded, scaled and converted once, then repeated
 * with the loop filter; pans, tilts, arcs and shake are a moving `crop` over
 * a slightly oversized copy (no per-frame scaling), and only push_in and
 * pull_out scale per frame (zoompan, at output size). A long static shot
 * encodes one second and repeats it (stream copy), which is valid H.264
 * because each repeat starts with an IDR frame. */
#include "draft.h"
#include "util.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum MotionKind { MOVE_STATIC, MOVE_ZOOM, MOVE_CROP } MotionKind;

typedef struct Motion {
  const char *name;
  MotionKind kind;
  double over;      /* oversize factor of the still for crop moves */
  double zoom_from; /* zoom moves */
  double zoom_to;
} Motion;

/* The first one is static, the fallback for unknown names. */
static const Motion MOTIONS[] = {
    {"static", MOVE_STATIC, 1.0, 1, 1},     {"push_in", MOVE_ZOOM, 1.0, 1.0, 1.18},
    {"pull_out", MOVE_ZOOM, 1.0, 1.18, 1.0}, {"pan_left", MOVE_CROP, 1.2, 1, 1},
    {"pan_right", MOVE_CROP, 1.2, 1, 1},     {"tilt_up", MOVE_CROP, 1.2, 1, 1},
    {"tilt_down", MOVE_CROP, 1.2, 1, 1},     {"orbit", MOVE_CROP, 1.2, 1, 1},
    {"crane", MOVE_CROP, 1.25, 1, 1},        {"handheld", MOVE_CROP, 1.06, 1, 1},
};

static const Motion *const STATIC_MOTION = &MOTIONS[0];

static const Motion *find_motion(const char *name) {
  for (size_t i = 0; i < sizeof MOTIONS / sizeof MOTIONS[0]; i++) {
    if (strcmp(MOTIONS[i].name, name) == 0) return &MOTIONS[i];
  }
  return NULL;
}

/* Eased progress 0..1 over the clip as an ffmpeg expression of frame
 * variable var ("n" for crop, "on" for zoompan): smoothstep(var / last). */
static void eased(Buf *b, const char *var, long last) {
  buf_printf(b, "(%s/%ld)*(%s/%ld)*(3-2*(%s/%ld))", var, last, var, last, var, last);
}

/* x and y of the crop window for a crop move, as expressions. */
static void crop_exprs(const Motion *m, long last, long seed, int fps, Buf *x, Buf *y) {
  Buf e = {0};
  eased(&e, "n", last);
  const char *E = buf_cstr(&e);
  const char *name = m->name;
  if (strcmp(name, "pan_left") == 0) {
    buf_printf(x, "(iw-ow)*(1-%s)", E);
    buf_puts(y, "(ih-oh)/2");
  } else if (strcmp(name, "pan_right") == 0) {
    buf_printf(x, "(iw-ow)*%s", E);
    buf_puts(y, "(ih-oh)/2");
  } else if (strcmp(name, "tilt_up") == 0) {
    buf_puts(x, "(iw-ow)/2");
    buf_printf(y, "(ih-oh)*(1-%s)", E);
  } else if (strcmp(name, "tilt_down") == 0) {
    buf_puts(x, "(iw-ow)/2");
    buf_printf(y, "(ih-oh)*%s", E);
  } else if (strcmp(name, "orbit") == 0) {
    /* an arc: across the frame and up and back down */
    buf_printf(x, "(iw-ow)*%s", E);
    buf_printf(y, "(ih-oh)*(0.85-0.7*sin(PI*%s))", E);
  } else if (strcmp(name, "crane") == 0) {
    /* rising and drifting sideways */
    buf_printf(x, "(iw-ow)*(0.2+0.6*%s)", E);
    buf_printf(y, "(ih-oh)*(1-%s)", E);
  } else {
    /* handheld: two slow sines per axis with phases from the seed */
    unsigned long s = (unsigned long)seed * 2654435761ul + 12345;
    double ph[4] = {0};
    for (int i = 0; i < 4; i++) {
      s = s * 6364136223846793005ul + 1442695040888963407ul;
      ph[i] = (double)(s >> 40 & 0xFFFF) / 65536.0 * 6.283185307;
    }
    double w1 = 6.283185307 * 0.45 / fps, w2 = 6.283185307 * 1.3 / fps;
    double w3 = 6.283185307 * 0.6 / fps, w4 = 6.283185307 * 1.7 / fps;
    buf_puts(x, "(iw-ow)*(0.5+0.3*sin(n*");
    media_put_num(x, w1);
    buf_putc(x, '+');
    media_put_num(x, ph[0]);
    buf_puts(x, ")+0.15*sin(n*");
    media_put_num(x, w2);
    buf_putc(x, '+');
    media_put_num(x, ph[1]);
    buf_puts(x, "))");
    buf_puts(y, "(ih-oh)*(0.5+0.3*sin(n*");
    media_put_num(y, w3);
    buf_putc(y, '+');
    media_put_num(y, ph[2]);
    buf_puts(y, ")+0.15*sin(n*");
    media_put_num(y, w4);
    buf_putc(y, '+');
    media_put_num(y, ph[3]);
    buf_puts(y, "))");
  }
  buf_free(&e);
}

/* The filter graph: cover-scale the still once, repeat it, move. */
static void video_graph(Buf *g, const Motion *m, int w, int h, int fps, long frames, long seed) {
  int sw = w, sh = h;
  if (m->kind == MOVE_CROP) {
    sw = 2 * (int)lround(w * m->over / 2);
    sh = 2 * (int)lround(h * m->over / 2);
  }
  buf_printf(g, "[0:v]scale=%d:%d:force_original_aspect_ratio=increase:flags=bicubic,crop=%d:%d,setsar=1,", sw, sh,
             sw, sh);
  buf_printf(g, "format=yuv420p,loop=loop=%ld:size=1:start=0,setpts=N/(%d*TB)", frames - 1, fps);
  long last = frames > 1 ? frames - 1 : 1;
  if (m->kind == MOVE_ZOOM) {
    buf_puts(g, ",zoompan=z='");
    media_put_num(g, m->zoom_from);
    buf_putc(g, '+');
    media_put_num(g, m->zoom_to - m->zoom_from);
    buf_putc(g, '*');
    eased(g, "on", last);
    buf_printf(g, "':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=%dx%d:fps=%d", w, h, fps);
  } else if (m->kind == MOVE_CROP) {
    Buf x = {0}, y = {0};
    crop_exprs(m, last, seed, fps, &x, &y);
    buf_printf(g, ",crop=%d:%d:x='%s':y='%s'", w, h, buf_cstr(&x), buf_cstr(&y));
    buf_free(&x);
    buf_free(&y);
  }
  buf_puts(g, ",setsar=1[v]");
}

/* Runs ffmpeg on the key frame with the graph, writing frames frames to out. */
static int encode(const JobCtx *ctx, const char *frame, const Buf *graph, long frames, int fps, const char *out,
                  JobResult *r) {
  MediaArgs a = {0};
  const char *head[] = {"ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-i", frame, "-filter_complex"};
  for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) media_args_add(&a, head[i]);
  media_args_add(&a, buf_cstr(graph));
  media_args_add(&a, "-map");
  media_args_add(&a, "[v]");
  media_args_add(&a, "-frames:v");
  media_args_addf(&a, "%ld", frames);
  draft_x264_args(ctx, &a, fps);
  media_args_add(&a, out);
  int rc = media_run(ctx, a.argv, ctx->workdir, NULL, r);
  media_args_free(&a);
  return rc;
}

/* A static shot longer than two seconds: one second encoded, then repeated
 * by the concat demuxer without re-encoding, the last repeat cut short. The
 * encoder settings are the same as for every clip, so the codec parameters
 * are too (scene edits join clips only when they match). */
static int encode_still(const JobCtx *ctx, const char *frame, int w, int h, long frames, int fps, JobResult *r) {
  Buf graph = {0};
  video_graph(&graph, STATIC_MOTION, w, h, fps, fps, 0);
  int rc = encode(ctx, frame, &graph, fps, fps, "still.mp4", r);
  buf_free(&graph);
  if (rc != 0) return -1;
  long repeats = (frames + fps - 1) / fps, last = frames - (repeats - 1) * fps;
  Buf list = {0};
  buf_puts(&list, "ffconcat version 1.0\n");
  for (long i = 0; i < repeats; i++) buf_puts(&list, "file still.mp4\n");
  if (last < fps) {
    /* half a frame before the first frame to drop: no rounding can keep it */
    buf_puts(&list, "outpoint ");
    media_put_num(&list, (last - 0.5) / fps);
    buf_putc(&list, '\n');
  }
  char *path = draft_path(ctx, "still.txt");
  rc = draft_write_file(path, list.data, list.len, r);
  free(path);
  buf_free(&list);
  if (rc != 0) return -1;
  char *argv[] = {"ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-f", "concat", "-safe", "0",
                  "-i", "still.txt", "-c", "copy", "-movflags", "+faststart", "clip.mp4", NULL};
  return media_run(ctx, argv, ctx->workdir, NULL, r);
}

int draft_video(const JobCtx *ctx, JobResult *r) {
  const cJSON *p = ctx->params;
  int w, h, fps;
  long duration;
  if (draft_get_frame_size(p, &w, &h, &fps, r) != 0) return -1;
  if (draft_get_int(p, "params", "duration_ms", 1, 3600000, &duration, r) != 0) return -1;
  const char *camera = draft_opt_str(p, "camera", "static");
  const Motion *m = find_motion(camera);
  if (!m) {
    draft_log(ctx, "draft video: unknown camera motion \"%s\", using static", camera);
    m = STATIC_MOTION;
  }
  if (ctx->job->ninputs < 1) return job_fail(r, "video job has no key frame input");
  char *frame = draft_input_path(ctx, 0, "main", r);
  if (!frame) return -1;
  long frames = draft_frames(duration, fps);
  int rc;
  if (m->kind == MOVE_STATIC && frames > 2L * fps) {
    rc = encode_still(ctx, frame, w, h, frames, fps, r);
  } else {
    Buf graph = {0};
    video_graph(&graph, m, w, h, fps, frames, draft_opt_int(p, "seed", 0));
    rc = encode(ctx, frame, &graph, frames, fps, "clip.mp4", r);
    buf_free(&graph);
  }
  free(frame);
  if (rc != 0) return -1;
  char *out = draft_path(ctx, "clip.mp4");
  job_result_add(r, "main", out);
  free(out);
  return 0;
}
