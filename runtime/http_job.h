/* http_job.h - one job on an HTTP backend: the run function every
 * description-driven backend shares (BackendDesc.run with an HttpBackend as
 * its data), and the job variables its templates see.
 *
 * The steps (docs/backends.md): resume a job submitted by an earlier build,
 * or upload the reference files, submit, and read the answer; for an
 * asynchronous service save the job id (<cache>/pending/<job key>.json) and
 * poll with backoff until done, failed or the deadline; find the result,
 * look it up a second time when asked, download or decode it at once into
 * the work directory, and check that it is the media the job makes. */
#ifndef STORYC_HTTP_JOB_H
#define STORYC_HTTP_JOB_H
#include "backend.h"
#include "build.h"
#include "http_desc.h"
#include "http_tmpl.h"
#include <cjson/cJSON.h>

/* BackendDesc.run of every HTTP backend: ctx->backend_data is the
 * HttpBackend. */
int http_run(const JobCtx *ctx, JobResult *r);

/* BackendDesc.start: a job that is one request whose answer holds the
 * result (http_can_start) runs without a worker thread: the request goes to
 * the engine and the job ends in the engine's done function, on the engine
 * thread, which calls done(ud, rc). Returns 0, or -1 with r->error. */
int http_start(const JobCtx *ctx, JobResult *r, void (*done)(void *ud, int rc), void *ud);
/* BackendDesc.can_start: whether every request of job is its submit, with
 * the result in the answer (no upload, no polling, no download), with or
 * without reference images. */
bool http_can_start(const BackendDesc *d, const PlanJob *job);
/* BackendDesc.batch: plugs the engine around a run of starts. */
void http_batch(const BackendDesc *d, bool begin);

/* Fills v with a job's variables: prompt, negative, seed, width, height,
 * size, aspect, duration, voice, text, ... (docs/backends.md) from the
 * params and the description's "map" block; reference files and the key
 * frame as path / b64 / data_uri / mime when the description uses them
 * (desc_text is the description's JSON text). Returns 0, or -1 with err. */
int http_job_vars(const HttpBackend *b, const cJSON *desc, const char *desc_text, const JobCtx *ctx, HttpVars *v,
                  Buf *err);

/* The seconds of media a job makes, as the service will be asked for them
 * (after "map": durations the service allows, music length limits): for
 * per-second prices. 0 for images and voices. */
double http_output_seconds(const cJSON *desc, const cJSON *params);

#endif
