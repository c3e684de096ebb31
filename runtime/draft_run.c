/* draft_run.c - the entry point of the built-in offline draft backend
 * (backend.h): checks the context, makes the work directory absolute (media
 * tools run inside it) and hands the job to the function for its kind. */
#include "draft.h"
#include "util.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Appends "<tool> not found: install it with ..." when tool is missing. */
static int need_tool(const char *tool, Buf *why) {
  char *path = media_find_program(tool);
  if (path) {
    free(path);
    return 0;
  }
  buf_printf(why, "%s not found: install it with `apt-get install %s`", tool, media_tool_package(tool));
  return -1;
}

int draft_preflight(JobKind kind, Buf *why) {
  switch (kind) {
  case JOB_IMAGE: {
    if (need_tool("ffmpeg", why) != 0) return -1;
    bool cjk;
    if (!draft_font(&cjk)) {
      buf_puts(why, "no font found to draw story-board text: install it with `apt-get install fonts-noto-cjk`");
      return -1;
    }
    return 0;
  }
  case JOB_VIDEO: return need_tool("ffmpeg", why);
  case JOB_VOICE: return need_tool("espeak-ng", why);
  case JOB_MUSIC: return 0;
  case JOB_EDIT: return need_tool("ffmpeg", why) != 0 || need_tool("ffprobe", why) != 0 ? -1 : 0;
  default: return 0;
  }
}

int draft_run(const JobCtx *ctx, JobResult *r) {
  if (!ctx || !ctx->job || !ctx->workdir) return job_fail(r, "draft: incomplete job context");
  if (!cJSON_IsObject(ctx->params)) return job_fail(r, "%s: params must be an object", ctx->job->id);
  char *workdir = realpath(ctx->workdir, NULL);
  if (!workdir) return job_fail(r, "work directory %s: %s", ctx->workdir, strerror(errno));
  JobCtx local = *ctx;
  local.workdir = workdir;
  if (local.threads < 1) local.threads = 1;
  int rc;
  switch (ctx->job->kind) {
  case JOB_IMAGE: rc = draft_image(&local, r); break;
  case JOB_VIDEO: rc = draft_video(&local, r); break;
  case JOB_VOICE: rc = draft_voice(&local, r); break;
  case JOB_MUSIC: rc = draft_music(&local, r); break;
  case JOB_EDIT: {
    const char *type = draft_opt_str(ctx->params, "type", NULL);
    if (!type) rc = job_fail(r, "params.type: missing (\"scene\" or \"episode\")");
    else if (strcmp(type, "scene") == 0) rc = draft_edit_scene(&local, r);
    else if (strcmp(type, "episode") == 0) rc = draft_edit_episode(&local, r);
    else rc = job_fail(r, "params.type: unknown edit type \"%s\" (\"scene\" or \"episode\")", type);
    break;
  }
  default: rc = job_fail(r, "draft: unknown job kind %d", (int)ctx->job->kind); break;
  }
  /* Name outputs under the work directory as the caller spelled it, so it
   * recognizes them as its own (to move rather than copy them). */
  size_t wlen = strlen(workdir);
  for (size_t i = 0; i < r->noutputs; i++) {
    const char *path = r->outputs[i].path;
    if (strncmp(path, workdir, wlen) == 0 && path[wlen] == '/' && strcmp(workdir, ctx->workdir) != 0) {
      Buf b = {0};
      buf_printf(&b, "%s%s", ctx->workdir, path + wlen);
      free((char *)path);
      r->outputs[i].path = buf_take(&b);
    }
  }
  free(workdir);
  if (rc != 0 && !r->error) job_fail(r, "draft %s: failed", ctx->job->id);
  return rc;
}
