/* draft_music.c - the draft `music` job: a cue rendered by the built-in
 * synthesizer (synth.h) as a 48 kHz stereo WAV of exactly length_ms,
 * seeded by the job key so the same cue always sounds the same. The WAV is
 * written a second at a time, so a long cue needs little memory. */
#include "draft.h"
#include "synth.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_FRAMES SYNTH_RATE

static int write_cue(const char *path, Synth *s, JobResult *r) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return job_fail(r, "cannot create %s: %s", path, strerror(errno));
  unsigned char header[44];
  int rc = draft_wav_header(header, synth_frames(s), SYNTH_RATE, SYNTH_CHANNELS) == 0
               ? draft_write_all(fd, header, sizeof header, path, r)
               : job_fail(r, "%s: the cue is too long for a WAV file", path);
  int16_t *pcm = xmalloc(CHUNK_FRAMES * SYNTH_CHANNELS * sizeof *pcm);
  unsigned char *bytes = xmalloc(CHUNK_FRAMES * SYNTH_CHANNELS * 2);
  size_t n;
  while (rc == 0 && (n = synth_read(s, pcm, CHUNK_FRAMES)) > 0) {
    draft_wav_pack(pcm, n * SYNTH_CHANNELS, bytes);
    rc = draft_write_all(fd, bytes, n * SYNTH_CHANNELS * 2, path, r);
  }
  free(pcm);
  free(bytes);
  if (close(fd) != 0 && rc == 0) rc = job_fail(r, "cannot write %s: %s", path, strerror(errno));
  return rc;
}

int draft_music(const JobCtx *ctx, JobResult *r) {
  const cJSON *p = ctx->params;
  long length;
  if (draft_get_int(p, "params", "length_ms", 1, 6L * 3600 * 1000, &length, r) != 0) return -1;
  const cJSON *prompt = cJSON_GetObjectItemCaseSensitive(p, "prompt");
  if (prompt && !cJSON_IsString(prompt)) return job_fail(r, "params.prompt: must be a string");
  Synth *s = synth_new(prompt ? prompt->valuestring : "", length, ctx->job->key, sizeof ctx->job->key);
  char *out = draft_path(ctx, "cue.wav");
  int rc = write_cue(out, s, r);
  synth_free(s);
  if (rc == 0) job_result_add(r, "main", out);
  free(out);
  return rc;
}
