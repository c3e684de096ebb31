/* draft_music.c - the draft `music` job: a cue rendered by the built-in
 * synthesizer (synth.h) as a 48 kHz stereo WAV of exactly length_ms,
 * seeded by the job key so the same cue always sounds the same. */
#include "draft.h"
#include "synth.h"
#include <stdlib.h>

int draft_music(const JobCtx *ctx, JobResult *r) {
  const cJSON *p = ctx->params;
  long length;
  if (draft_get_int(p, "params", "length_ms", 1, 30L * 60 * 1000, &length, r) != 0) return -1;
  const cJSON *prompt = cJSON_GetObjectItemCaseSensitive(p, "prompt");
  if (prompt && !cJSON_IsString(prompt)) return job_fail(r, "params.prompt: must be a string");
  size_t frames;
  int16_t *pcm = synth_render(prompt ? prompt->valuestring : "", length, ctx->job->key, sizeof ctx->job->key, &frames);
  char *out = draft_path(ctx, "cue.wav");
  int rc = draft_wav_write(out, pcm, frames, SYNTH_RATE, SYNTH_CHANNELS, r);
  free(pcm);
  if (rc == 0) job_result_add(r, "main", out);
  free(out);
  return rc;
}
