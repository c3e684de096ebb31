/* draft_run_test.c - the draft backend end to end: a real two-scene episode
 * (images -> videos -> voices -> music -> scene edits -> episode edit) in a
 * temporary directory, checked with ffprobe: size, duration within a frame,
 * H.264 + AAC + a subtitle track, subtitle times. The second scene uses a
 * clip of another size and codec and a clip of the wrong length, so the
 * conform path runs too.
 *
 * With STORYC_BENCH=1 it also renders a 1080x1920 24 fps scene of six shots
 * (30 s) and prints how many times faster than real time the draft is. */
#include "backend.h"
#include "check.h"
#include "draft.h"
#include "media.h"
#include "util.h"
#include <ftw.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

static char root[256];
static int log_fd = -1;
static Plan plan;

/* One finished job: its outputs, for the jobs that take it as input. */
typedef struct Done {
  char id[64];
  JobKind kind;
  JobFile files[JOB_MAX_OUTPUTS];
  size_t nfiles;
  JobResult result;
} Done;

static int job_counter; /* only the bench runs jobs from two threads */
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs one draft job; inputs are earlier Done jobs. Returns 0 on success. */
static double children_cpu(void);
static double kind_cpu[JOB_KIND_COUNT]; /* tool CPU per kind of job, for the bench */

static int run(Done *d, const char *id, JobKind kind, const char *params, Done **inputs, size_t ninputs,
               int threads) {
  double cpu0 = children_cpu();
  memset(d, 0, sizeof *d);
  snprintf(d->id, sizeof d->id, "%s", id);
  d->kind = kind;
  char dir[300];
  pthread_mutex_lock(&counter_lock);
  int n = ++job_counter;
  pthread_mutex_unlock(&counter_lock);
  snprintf(dir, sizeof dir, "%s/job%02d", root, n);
  mkdir(dir, 0755);
  PlanJob job = {0};
  job.id = id;
  job.kind = kind;
  job.backend = "draft";
  job.params = params;
  for (size_t i = 0; id[i] && i < 32; i++) job.key[i] = (unsigned char)id[i];
  JobInput in[16];
  size_t idx[16];
  for (size_t i = 0; i < ninputs; i++) {
    in[i].id = inputs[i]->id;
    in[i].kind = inputs[i]->kind;
    in[i].files = inputs[i]->files;
    in[i].nfiles = inputs[i]->nfiles;
    idx[i] = i;
  }
  job.inputs = idx;
  job.ninputs = ninputs;
  cJSON *p = cJSON_Parse(params);
  if (!p) {
    printf("bad test params: %s\n", params);
    return -1;
  }
  volatile sig_atomic_t cancel = 0;
  JobCtx ctx = {.plan = &plan, .job = &job, .params = p, .inputs = in, .workdir = dir,
                .log_fd = log_fd, .threads = threads, .cancel = &cancel};
  int rc = draft_run(&ctx, &d->result);
  kind_cpu[kind] += children_cpu() - cpu0;
  cJSON_Delete(p);
  if (rc != 0) printf("# job %s failed: %s\n", id, d->result.error ? d->result.error : "?");
  for (size_t i = 0; i < d->result.noutputs; i++) d->files[i] = d->result.outputs[i];
  d->nfiles = d->result.noutputs;
  return rc;
}

static const char *file_of(const Done *d, const char *name) {
  for (size_t i = 0; i < d->nfiles; i++) {
    if (strcmp(d->files[i].name, name) == 0) return d->files[i].path;
  }
  return NULL;
}

static int probe(const char *path, MediaInfo *m) {
  PlanJob job = {.id = "probe"};
  volatile sig_atomic_t cancel = 0;
  JobCtx ctx = {.plan = &plan, .job = &job, .workdir = root, .log_fd = log_fd, .threads = 1, .cancel = &cancel};
  JobResult r = {0};
  int rc = media_probe(&ctx, path, m, &r);
  if (rc != 0) printf("# probe %s: %s\n", path, r.error);
  job_result_free(&r);
  return rc;
}

static int tool(char **argv) {
  PlanJob job = {.id = "tool"};
  volatile sig_atomic_t cancel = 0;
  JobCtx ctx = {.plan = &plan, .job = &job, .workdir = root, .log_fd = log_fd, .threads = 1, .cancel = &cancel};
  JobResult r = {0};
  int rc = media_run(&ctx, argv, NULL, NULL, &r);
  if (rc != 0) printf("# %s\n", r.error);
  job_result_free(&r);
  return rc;
}

/* A clip no draft would make: MPEG-4 part 2, 640x360, 25 fps, 2 s. */
static int make_foreign_clip(const char *path) {
  char *argv[] = {"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=640x360:r=25:d=2",
                  "-c:v", "mpeg4", (char *)path, NULL};
  return tool(argv);
}

/* A clip that looks like a draft clip (H.264 Constrained Baseline 320x568
 * 24 fps, 24 frames) but has other codec parameters (another rate control). */
static int make_lookalike_clip(const char *path) {
  char *argv[] = {"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=320x568:r=24:d=1",
                  "-c:v", "libx264", "-preset", "ultrafast", "-crf", "35", "-pix_fmt", "yuv420p", (char *)path, NULL};
  return tool(argv);
}

/* Decodes a whole file; any decoding error fails. */
static int decodes_cleanly(const char *path) {
  char *argv[] = {"ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", (char *)path, "-f", "null", "-", NULL};
  return tool(argv);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static void test_episode(void) {
  Done img1, img2, vid1, vid2, l1, l2, l3, cue, scene1, scene2, ep;
  CHECK(run(&img1, "ep1/shore/1/image", JOB_IMAGE,
            "{\"prompt\":\"{li} stands on the shore, torn nets, waves rising\",\"negative\":\"\",\"width\":320,"
            "\"height\":568,\"seed\":4242,\"draft\":{\"episode\":1,\"episode_title\":\"Waves Rising\","
            "\"scene\":\"shore\",\"shot\":1,\"duration_ms\":1500,\"shot_size\":\"wide\","
            "\"cast\":[\"Li Xingzhou\",\"Gong Gong\"],\"place\":\"The Eastern Shore\",\"style\":\"storm\"}}",
            NULL, 0, 1) == 0,
        "image job, draft details in params.draft as the compiler writes them");
  CHECK(run(&img2, "ep1/shore/2/image", JOB_IMAGE,
            "{\"prompt\":\"李星舟抬头，雨打在脸上\",\"width\":320,\"height\":568,\"seed\":1,"
            "\"cast\":[\"李星舟\"],\"place\":\"东海岸\",\"shot_size\":\"closeup\"}",
            NULL, 0, 1) == 0,
        "image job with Chinese text, no draft member");
  MediaInfo m;
  CHECK(file_of(&img1, "main") && str_has_suffix(file_of(&img1, "main"), ".png"), "image main is a png");
  CHECK(probe(file_of(&img1, "main"), &m) == 0 && m.width == 320 && m.height == 568, "frame is 320x568");

  Done *in1[] = {&img1}, *in2[] = {&img2};
  CHECK(run(&vid1, "ep1/shore/1/video", JOB_VIDEO,
            "{\"prompt\":\"p\",\"camera\":\"push_in\",\"duration_ms\":1500,\"width\":320,\"height\":568,\"fps\":24,"
            "\"seed\":3}",
            in1, 1, 1) == 0,
        "video job push_in");
  CHECK(run(&vid2, "ep1/shore/2/video", JOB_VIDEO,
            "{\"prompt\":\"p\",\"camera\":\"pan_left\",\"duration_ms\":1000,\"width\":320,\"height\":568,\"fps\":24,"
            "\"seed\":3}",
            in2, 1, 1) == 0,
        "video job pan_left");
  CHECK(probe(file_of(&vid1, "main"), &m) == 0 && m.vframes == 36 && m.width == 320 && m.height == 568 &&
            strcmp(m.vcodec, "h264") == 0 && !m.has_audio && m.fps_num == 24,
        "clip: 36 frames of h264 320x568 at 24 fps, no audio");

  CHECK(run(&l1, "ep1/shore/1/voice.1", JOB_VOICE,
            "{\"text\":\"If the god of waters wants my village,\",\"speaker\":\"Li Xingzhou\","
            "\"voice\":\"male, young, resolute\",\"language\":\"en\",\"seed\":1}",
            NULL, 0, 1) == 0,
        "voice job en");
  CHECK(run(&l2, "ep1/shore/1/voice.2", JOB_VOICE,
            "{\"text\":\"he takes me first.\",\"speaker\":\"Li Xingzhou\","
            "\"voice\":\"male, young, resolute\",\"language\":\"en\",\"seed\":1}",
            NULL, 0, 1) == 0,
        "voice job en, second line");
  CHECK(run(&l3, "ep1/shore/2/voice.1", JOB_VOICE,
            "{\"text\":\"你来了。\",\"speaker\":\"Nüwa\",\"voice\":\"female, calm, old\",\"language\":\"zh\","
            "\"seed\":2}",
            NULL, 0, 1) == 0,
        "voice job zh");
  CHECK(probe(file_of(&l1, "main"), &m) == 0 && m.sample_rate == 48000 && m.channels == 2, "voice: 48 kHz stereo");
  CHECK(run(&cue, "music/storm", JOB_MUSIC,
            "{\"prompt\":\"guzheng and taiko, rising storm, 90 bpm\",\"length_ms\":4000,\"seed\":5}", NULL, 0,
            1) == 0,
        "music job");
  CHECK(probe(file_of(&cue, "main"), &m) == 0 && fabs(m.aduration - 4.0) < 0.001, "music: exact length");

  Done *sin1[] = {&vid1, &vid2, &l1, &l2, &l3, &cue};
  CHECK(run(&scene1, "ep1/shore/edit", JOB_EDIT,
            "{\"type\":\"scene\",\"width\":320,\"height\":568,\"fps\":24,\"duration_ms\":2500,"
            "\"shots\":[{\"video\":0,\"duration_ms\":1500,\"lines\":[{\"voice\":2,\"speaker\":\"Li Xingzhou\","
            "\"text\":\"If the god of waters wants my village,\"},{\"voice\":3,\"speaker\":\"Li Xingzhou\","
            "\"text\":\"he takes me first.\"}]},{\"video\":1,\"duration_ms\":1000,\"lines\":[{\"voice\":4,"
            "\"speaker\":\"Nüwa\",\"text\":\"你来了。\"}]}],"
            "\"cues\":[{\"music\":5,\"at_ms\":0,\"fade_ms\":500,\"length_ms\":4000}]}",
            sin1, 6, 1) == 0,
        "scene edit");
  CHECK(probe(file_of(&scene1, "main"), &m) == 0 && m.vframes == 60 && strcmp(m.acodec, "aac") == 0 &&
            fabs(m.duration - 2.5) < 1.0 / 24,
        "scene: 60 frames, aac, 2.5 s");
  size_t len;
  char *subs = file_of(&scene1, "subs") ? file_read_all(file_of(&scene1, "subs"), &len, 0) : NULL;
  cJSON *js = subs ? cJSON_Parse(subs) : NULL;
  CHECK(cJSON_GetArraySize(js) == 3, "scene subs: three cues");
  long v1 = lround(cJSON_GetObjectItem(cJSON_GetArrayItem(js, 0), "end_ms")->valuedouble);
  long s2 = lround(cJSON_GetObjectItem(cJSON_GetArrayItem(js, 1), "start_ms")->valuedouble);
  long s3 = lround(cJSON_GetObjectItem(cJSON_GetArrayItem(js, 2), "start_ms")->valuedouble);
  long e3 = lround(cJSON_GetObjectItem(cJSON_GetArrayItem(js, 2), "end_ms")->valuedouble);
  CHECK(lround(cJSON_GetObjectItem(cJSON_GetArrayItem(js, 0), "start_ms")->valuedouble) == 0, "line 1 at 0");
  CHECK(s2 > 1000 && s2 <= v1, "line 2 follows line 1 in the same shot");
  CHECK(s3 == 1500, "line 3 starts with shot 2");
  CHECK(e3 == 2500, "line 3 ends with the scene");
  CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(js, 2), "text")->valuestring, "你来了。", "cue text kept");
  cJSON_Delete(js);
  free(subs);

  /* Scene 2: a foreign clip and a clip of the wrong length get conformed. */
  char foreign_path[300];
  snprintf(foreign_path, sizeof foreign_path, "%s/foreign.mp4", root);
  CHECK(make_foreign_clip(foreign_path) == 0, "made a foreign clip");
  char lookalike_path[300];
  snprintf(lookalike_path, sizeof lookalike_path, "%s/lookalike.mp4", root);
  CHECK(make_lookalike_clip(lookalike_path) == 0, "made a look-alike clip");
  Done foreign = {0}, lookalike = {0};
  snprintf(foreign.id, sizeof foreign.id, "foreign");
  foreign.kind = JOB_VIDEO;
  foreign.files[0] = (JobFile){.name = "main", .path = foreign_path};
  foreign.nfiles = 1;
  lookalike = foreign;
  lookalike.files[0].path = lookalike_path;
  Done *sin2[] = {&foreign, &vid2, &lookalike};
  CHECK(run(&scene2, "ep1/cave/edit", JOB_EDIT,
            "{\"type\":\"scene\",\"width\":320,\"height\":568,\"fps\":24,\"duration_ms\":3050,"
            "\"shots\":[{\"video\":0,\"duration_ms\":800},{\"video\":1,\"duration_ms\":1250},"
            "{\"video\":2,\"duration_ms\":1000}]}",
            sin2, 3, 1) == 0,
        "scene edit with clips to conform, no lines, no music");
  CHECK(probe(file_of(&scene2, "main"), &m) == 0 && m.vframes == 73 && m.width == 320 && m.has_audio,
        "scene 2: 19 + 30 + 24 frames, with a (silent) audio track");
  CHECK(decodes_cleanly(file_of(&scene1, "main")) == 0, "scene 1 decodes without errors");
  CHECK(decodes_cleanly(file_of(&scene2, "main")) == 0, "scene 2 (conformed clips) decodes without errors");
  char log_path[300];
  snprintf(log_path, sizeof log_path, "%s/jobs.log", root);
  char *log = file_read_all(log_path, &len, 0);
  CHECK(log && strstr(log, "foreign.mp4 (not H.264"), "foreign clip re-encoded");
  CHECK(log && strstr(log, "clip.mp4 (another length"), "clip of the wrong length re-encoded");
  CHECK(log && strstr(log, "lookalike.mp4 too"), "look-alike clip re-encoded to match");
  free(log);

  Done *ein[] = {&scene1, &scene2};
  plan.language = "zh";
  CHECK(run(&ep, "ep1/edit", JOB_EDIT,
            "{\"type\":\"episode\",\"number\":1,\"title\":\"Waves Rising\",\"width\":320,\"height\":568,"
            "\"fps\":24,\"scenes\":[0,1]}",
            ein, 2, 2) == 0,
        "episode edit");
  plan.language = "en";
  const char *epm = file_of(&ep, "main");
  CHECK(epm && str_has_suffix(epm, ".mp4"), "episode main is an mp4");
  CHECK(file_of(&ep, "srt") && file_of(&ep, "subs"), "episode has srt and subs outputs");
  double want = 133.0 / 24;
  CHECK(epm && probe(epm, &m) == 0, "probe episode");
  printf("# episode: %dx%d %s/%s, %ld frames, %.3f s (want %.3f), %d subtitle streams\n", m.width, m.height,
         m.vcodec, m.acodec, m.vframes, m.duration, want, m.nsubtitles);
  CHECK(m.width == 320 && m.height == 568, "episode size");
  CHECK(strcmp(m.vcodec, "h264") == 0, "episode video is h264");
  CHECK(strcmp(m.acodec, "aac") == 0 && m.sample_rate == 48000, "episode audio is aac 48 kHz");
  CHECK(m.nsubtitles == 1, "episode has a subtitle stream");
  CHECK(m.fps_num == 24 && m.fps_den == 1, "episode at 24 fps");
  CHECK(m.vframes == 133, "episode frames = sum of shots");
  CHECK(decodes_cleanly(epm) == 0, "episode decodes without errors");
  MediaInfo mine;
  CHECK(draft_mp4_probe(epm, &mine) == 0 && mine.vframes == m.vframes && mine.nsubtitles == 1 && mine.has_audio &&
            strcmp(mine.vextradata, m.vextradata) == 0,
        "mp4 reader = ffprobe on the episode");
  CHECK(fabs(m.duration - want) <= 1.0 / 24 + 1e-6, "episode duration within one frame");
  CHECK(fabs(m.vduration - want) <= 1.0 / 24 + 1e-6, "episode video duration within one frame");
  char *srt = file_of(&ep, "srt") ? file_read_all(file_of(&ep, "srt"), &len, 0) : NULL;
  CHECK(srt && str_has_prefix(srt, "1\n00:00:00,000 --> 00:00:0"), "srt starts with cue 1 at 0");
  CHECK(srt && strstr(srt, "\n3\n00:00:01,500 --> 00:00:02,500\n你来了。\n"), "srt cue 3 with Chinese text");
  free(srt);

  Done *all[] = {&img1, &img2, &vid1, &vid2, &l1, &l2, &l3, &cue, &scene1, &scene2, &ep};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) job_result_free(&all[i]->result);
}

static void test_errors(void) {
  Done d;
  CHECK(run(&d, "bad/image", JOB_IMAGE, "{\"width\":320,\"height\":568}", NULL, 0, 1) != 0 && d.result.error &&
            strstr(d.result.error, "params.prompt: missing"),
        "missing prompt is named");
  job_result_free(&d.result);
  CHECK(run(&d, "bad/image2", JOB_IMAGE, "{\"prompt\":\"x\",\"width\":\"wide\",\"height\":568}", NULL, 0, 1) != 0 &&
            strstr(d.result.error, "params.width: must be an integer"),
        "ill-typed width is named");
  job_result_free(&d.result);
  CHECK(run(&d, "bad/video", JOB_VIDEO, "{\"camera\":\"static\",\"duration_ms\":1000,\"width\":321,\"height\":568,"
                                        "\"fps\":24}",
            NULL, 0, 1) != 0 &&
            strstr(d.result.error, "even"),
        "odd video width refused");
  job_result_free(&d.result);
  CHECK(run(&d, "bad/video2", JOB_VIDEO, "{\"camera\":\"static\",\"duration_ms\":1000,\"width\":320,\"height\":568,"
                                         "\"fps\":24}",
            NULL, 0, 1) != 0 &&
            strstr(d.result.error, "key frame"),
        "video without input refused");
  job_result_free(&d.result);
  CHECK(run(&d, "bad/voice", JOB_VOICE, "{\"text\":\"   \"}", NULL, 0, 1) != 0 && strstr(d.result.error, "empty"),
        "empty line refused");
  job_result_free(&d.result);
  CHECK(run(&d, "bad/music", JOB_MUSIC, "{\"prompt\":\"x\",\"length_ms\":-5}", NULL, 0, 1) != 0 &&
            strstr(d.result.error, "params.length_ms"),
        "negative music length refused");
  job_result_free(&d.result);
  CHECK(run(&d, "bad/edit", JOB_EDIT, "{\"type\":\"trailer\"}", NULL, 0, 1) != 0 &&
            strstr(d.result.error, "unknown edit type"),
        "unknown edit type refused");
  job_result_free(&d.result);
  CHECK(run(&d, "bad/scene", JOB_EDIT,
            "{\"type\":\"scene\",\"width\":320,\"height\":568,\"fps\":24,\"shots\":[{\"video\":3,"
            "\"duration_ms\":1000}]}",
            NULL, 0, 1) != 0 &&
            strstr(d.result.error, "params.shots[0].video"),
        "bad input index is named");
  job_result_free(&d.result);
}

/* The benchmark: 1080x1920 at 24 fps, six shots, 30 s, every job of a
 * scene. Serially with two threads per tool (`storyc build -j1` on two
 * cores), or with the shots' jobs on two workers of one thread each (-j2). */
static const char *const bench_cameras[] = {"push_in", "static", "pan_left", "tilt_up", "pull_out", "handheld"};
static const long bench_durations[] = {6000, 4000, 5000, 5000, 6000, 4000};

typedef struct BenchShots {
  Done img[6], vid[6], voice[6];
  int first, step, threads;
} BenchShots;

static void bench_shot(BenchShots *b, int i) {
  char params[1024];
  snprintf(params, sizeof params,
           "{\"prompt\":\"shot %d: Li Xingzhou stands on the shore, torn nets, waves rising, 李星舟站在岸边\","
           "\"width\":1080,\"height\":1920,\"cast\":[\"Li Xingzhou\"],\"place\":\"shore\",\"shot_size\":\"%s\","
           "\"draft\":{\"episode\":1,\"episode_title\":\"Bench\",\"scene\":\"s\",\"shot\":%d,"
           "\"duration_ms\":%ld,\"style\":\"ink\",\"palette_seed\":1}}",
           i + 1, i % 2 ? "closeup" : "wide", i + 1, bench_durations[i]);
  run(&b->img[i], "bench/image", JOB_IMAGE, params, NULL, 0, b->threads);
  snprintf(params, sizeof params,
           "{\"camera\":\"%s\",\"duration_ms\":%ld,\"width\":1080,\"height\":1920,\"fps\":24,\"seed\":%d}",
           bench_cameras[i], bench_durations[i], i);
  Done *in[] = {&b->img[i]};
  run(&b->vid[i], "bench/video", JOB_VIDEO, params, in, 1, b->threads);
  run(&b->voice[i], "bench/voice", JOB_VOICE,
      "{\"text\":\"If the god of waters wants my village, he takes me first.\",\"speaker\":\"Li\","
      "\"voice\":\"male, young\",\"language\":\"en\"}",
      NULL, 0, b->threads);
}

typedef struct BenchWorker {
  BenchShots *shots;
  int first;
} BenchWorker;

static void *bench_worker(void *arg) {
  BenchWorker *w = arg;
  for (int i = w->first; i < 6; i += 2) bench_shot(w->shots, i);
  return NULL;
}

static double children_cpu(void) {
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void bench(int parallel) {
  BenchShots *b = xcalloc(1, sizeof *b);
  Done music, scene;
  double t0 = now_s(), cpu0 = children_cpu();
  memset(kind_cpu, 0, sizeof kind_cpu);
  if (parallel) {
    b->threads = 1;
    pthread_t th[2];
    BenchWorker w[2] = {{b, 0}, {b, 1}};
    for (int k = 0; k < 2; k++) pthread_create(&th[k], NULL, bench_worker, &w[k]);
    run(&music, "bench/music", JOB_MUSIC, "{\"prompt\":\"guzheng and taiko, 90 bpm\",\"length_ms\":30000}", NULL, 0,
        1);
    for (int k = 0; k < 2; k++) pthread_join(th[k], NULL);
  } else {
    b->threads = 2;
    for (int i = 0; i < 6; i++) bench_shot(b, i);
    run(&music, "bench/music", JOB_MUSIC, "{\"prompt\":\"guzheng and taiko, 90 bpm\",\"length_ms\":30000}", NULL, 0,
        2);
  }
  double t_shots = now_s() - t0;
  Buf sp = {0};
  buf_puts(&sp, "{\"type\":\"scene\",\"width\":1080,\"height\":1920,\"fps\":24,\"duration_ms\":30000,\"shots\":[");
  for (int i = 0; i < 6; i++) {
    buf_printf(&sp, "%s{\"video\":%d,\"duration_ms\":%ld,\"lines\":[{\"voice\":%d,\"speaker\":\"Li\",\"text\":\"x\"}]}",
               i ? "," : "", i, bench_durations[i], 6 + i);
  }
  buf_puts(&sp, "],\"cues\":[{\"music\":12,\"at_ms\":0,\"fade_ms\":2000,\"length_ms\":30000}]}");
  Done *in[13];
  for (int i = 0; i < 6; i++) in[i] = &b->vid[i], in[6 + i] = &b->voice[i];
  in[12] = &music;
  double t = now_s();
  int rc = run(&scene, "bench/scene", JOB_EDIT, buf_cstr(&sp), in, 13, 2);
  double t_edit = now_s() - t;
  buf_free(&sp);
  double total = now_s() - t0, cpu = children_cpu() - cpu0;
  printf("# bench %s: 1080x1920 24 fps, 30 s scene of 6 shots: images+videos+voices+music %.2f s, scene edit %.2f s, "
         "total %.2f s = %.1fx real time (tools used %.2f s of CPU)\n",
         parallel ? "-j2, 1 thread per tool" : "serial, 2 threads per tool", t_shots, t_edit, total, 30.0 / total, cpu);
  if (!parallel) {
    printf("# bench CPU by kind: image %.2f s, video %.2f s, voice %.2f s, music %.2f s, edit %.2f s\n",
           kind_cpu[JOB_IMAGE], kind_cpu[JOB_VIDEO], kind_cpu[JOB_VOICE], kind_cpu[JOB_MUSIC], kind_cpu[JOB_EDIT]);
  }
  CHECK(rc == 0, parallel ? "bench -j2 scene rendered" : "bench serial scene rendered");
  for (int i = 0; i < 6; i++) {
    job_result_free(&b->img[i].result);
    job_result_free(&b->vid[i].result);
    job_result_free(&b->voice[i].result);
  }
  job_result_free(&music.result);
  job_result_free(&scene.result);
  free(b);
}

int main(void) {
  const char *tmp = getenv("TMPDIR");
  snprintf(root, sizeof root, "%s/storyc-draft-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(root)) {
    perror("mkdtemp");
    return 1;
  }
  char log_path[300];
  snprintf(log_path, sizeof log_path, "%s/jobs.log", root);
  log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  plan.language = "en";
  plan.width = 320;
  plan.height = 568;
  plan.fps = 24;
  test_episode();
  test_errors();
  const char *b = getenv("STORYC_BENCH");
  if (b && *b == '1') {
    bench(0);
    bench(1);
  }
  close(log_fd);
  if (check_failures == 0 && !getenv("STORYC_KEEP")) nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  else printf("# files kept in %s\n", root);
  return check_done();
}
