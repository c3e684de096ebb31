/* media.h - running media tools (ffmpeg, ffprobe, espeak-ng) for a backend:
 * fork/exec with an argv, never a shell; the child in its own process group,
 * stderr copied to the job's log, killed when the job is cancelled; and a
 * small ffprobe wrapper that answers "what is in this file". */
#ifndef STORYC_MEDIA_H
#define STORYC_MEDIA_H
#include "backend.h"
#include "buf.h"
#include <stdbool.h>
#include <stddef.h>

/* A growable, NULL-terminated argv whose strings it owns. */
typedef struct MediaArgs {
  char **argv;
  size_t argc, cap;
} MediaArgs;

void media_args_add(MediaArgs *a, const char *s);
void media_args_addf(MediaArgs *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void media_args_free(MediaArgs *a);

/* Runs argv[0] (searched on PATH) with argv. The child's stdin is /dev/null,
 * its stdout goes to out (when not NULL) or /dev/null, its stderr to
 * ctx->log_fd. cwd, when not NULL, is the child's working directory.
 * Returns 0 when the tool exits with status 0; otherwise -1 with r->error
 * naming the tool and quoting its last stderr lines ("ffmpeg not found:
 * install it with ..." when it is not installed, "cancelled" when *ctx->cancel
 * was set and the child was killed). */
int media_run(const JobCtx *ctx, char *const argv[], const char *cwd, Buf *out, JobResult *r);

/* The executable a tool name runs (searched on PATH as execvp does), as a
 * malloc'ed path, or NULL with errno set (ENOENT: not installed). */
char *media_find_program(const char *name);
/* The Debian package that provides a tool ("ffprobe" -> "ffmpeg"). */
const char *media_tool_package(const char *tool);

/* What ffprobe says about a media file: its first video and audio streams. */
typedef struct MediaInfo {
  double duration;      /* seconds: the format duration, 0 if unknown */
  bool has_video, has_audio;
  char vcodec[32];      /* "h264" */
  char vprofile[48];    /* "Constrained Baseline" */
  char pix_fmt[32];     /* "yuv420p" */
  int width, height;
  int fps_num, fps_den; /* r_frame_rate */
  double vduration;     /* video stream duration in seconds, 0 if unknown */
  long vframes;         /* nb_frames of the video stream, 0 if unknown */
  char vextradata[80];  /* "SHA256:..." of the codec parameters (SPS/PPS), "" if none */
  char acodec[32];
  int sample_rate, channels;
  double aduration;     /* audio stream duration in seconds, 0 if unknown */
  int nsubtitles;       /* number of subtitle streams */
} MediaInfo;

/* Runs ffprobe on path. Returns 0, or -1 with r->error set. */
int media_probe(const JobCtx *ctx, const char *path, MediaInfo *info, JobResult *r);

/* Appends a number with a '.' decimal point whatever the locale, for filter
 * expressions and tool arguments. */
void media_put_num(Buf *b, double v);

#endif
