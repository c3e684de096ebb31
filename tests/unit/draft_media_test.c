/* draft_media_test.c - the pieces of the draft backend: running tools
 * (missing tool, failing tool, captured output, cancel), params helpers,
 * text wrapping, palettes, compositions, subtitle JSON and SRT, WAV files,
 * the scene audio graph (ducking measured on real audio), and the camera
 * moves (seven of them visibly different, exact frame counts). */
#include "backend.h"
#include "check.h"
#include "draft.h"
#include "media.h"
#include "subs.h"
#include "synth.h"
#include "util.h"
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char root[256];
static int log_fd = -1;
static Plan plan;
static PlanJob test_job = {.id = "test", .kind = JOB_VIDEO, .backend = "draft"};
static volatile sig_atomic_t cancel_flag;

static JobCtx make_ctx(void) {
  JobCtx c = {.plan = &plan, .job = &test_job, .workdir = root, .log_fd = log_fd, .threads = 1,
              .cancel = &cancel_flag};
  return c;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_media_run(void) {
  JobCtx ctx = make_ctx();
  JobResult r = {0};
  char *missing[] = {"storyc-no-such-tool", "-x", NULL};
  CHECK(media_run(&ctx, missing, NULL, NULL, &r) != 0 && r.error &&
            strstr(r.error, "storyc-no-such-tool not found: install it with `apt-get install storyc-no-such-tool`"),
        "missing tool: install hint");
  job_result_free(&r);
  char *ffprobe_missing[] = {"ffprobe", "-v", "error", "/nonexistent/file.mp4", NULL};
  CHECK(media_run(&ctx, ffprobe_missing, NULL, NULL, &r) != 0 && r.error && strstr(r.error, "ffprobe failed") &&
            strstr(r.error, "No such file or directory"),
        "failing tool: its own stderr line in the error");
  job_result_free(&r);
  char *bad_filter[] = {"ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "nosuchsource", "-f", "null", "-",
                        NULL};
  CHECK(media_run(&ctx, bad_filter, NULL, NULL, &r) != 0 && r.error && strstr(r.error, "ffmpeg failed (exit status"),
        "ffmpeg failure reported");
  job_result_free(&r);
  Buf out = {0};
  char *echo[] = {"printf", "%s-%s", "a b", "c", NULL};
  CHECK(media_run(&ctx, echo, NULL, &out, &r) == 0 && strcmp(buf_cstr(&out), "a b-c") == 0,
        "argv passed as is, stdout captured");
  buf_free(&out);
  char *pwd[] = {"pwd", NULL};
  CHECK(media_run(&ctx, pwd, "/", &out, &r) == 0 && strcmp(buf_cstr(&out), "/\n") == 0, "runs in cwd");
  buf_free(&out);
  char *sh_fail[] = {"sh", "-c", "echo first >&2; echo 'the last line' >&2; exit 3", NULL};
  CHECK(media_run(&ctx, sh_fail, NULL, NULL, &r) != 0 && strstr(r.error, "sh failed (exit status 3)") &&
            strstr(r.error, "the last line"),
        "exit status and last stderr line");
  job_result_free(&r);
  char *killed[] = {"sh", "-c", "kill -9 $$", NULL};
  CHECK(media_run(&ctx, killed, NULL, NULL, &r) != 0 && strstr(r.error, "killed by signal 9"), "signal reported");
  job_result_free(&r);

  /* Cancel: the child and its own children go down quickly. */
  cancel_flag = 1;
  char *slow[] = {"sh", "-c", "sleep 20 & sleep 20; wait", NULL};
  double t0 = now_s();
  CHECK(media_run(&ctx, slow, NULL, NULL, &r) != 0 && r.error && strcmp(r.error, "cancelled") == 0, "cancelled");
  CHECK(now_s() - t0 < 3, "cancel is quick");
  cancel_flag = 0;
  job_result_free(&r);
}

static void test_preflight(void) {
  Buf why = {0};
  CHECK(draft_preflight(JOB_IMAGE, &why) == 0 && draft_preflight(JOB_VIDEO, &why) == 0 &&
            draft_preflight(JOB_VOICE, &why) == 0 && draft_preflight(JOB_MUSIC, &why) == 0 &&
            draft_preflight(JOB_EDIT, &why) == 0 && why.len == 0,
        "preflight: everything installed here");
  const char *old = getenv("PATH");
  char *saved = old ? xstrdup(old) : NULL;
  setenv("PATH", "/nonexistent", 1);
  CHECK(draft_preflight(JOB_VOICE, &why) != 0 &&
            strstr(buf_cstr(&why), "espeak-ng not found: install it with `apt-get install espeak-ng`"),
        "preflight: a missing tool and how to install it");
  buf_clear(&why);
  CHECK(draft_preflight(JOB_EDIT, &why) != 0 && strstr(buf_cstr(&why), "apt-get install ffmpeg"),
        "preflight: ffmpeg for edits");
  CHECK(draft_preflight(JOB_MUSIC, &why) == 0, "preflight: music needs no tool");
  if (saved) setenv("PATH", saved, 1);
  free(saved);
  buf_free(&why);
  bool cjk;
  CHECK(draft_font(&cjk) != NULL && cjk, "a CJK font is installed");
}

static void test_params(void) {
  JobResult r = {0};
  cJSON *p = cJSON_Parse("{\"a\":3,\"b\":2.5,\"s\":\"x\",\"arr\":[1],\"big\":99999}");
  long v;
  const char *s;
  CHECK(draft_get_int(p, "params", "a", 0, 10, &v, &r) == 0 && v == 3, "int read");
  CHECK(draft_get_int(p, "params", "b", 0, 10, &v, &r) != 0 && strstr(r.error, "params.b: must be an integer"),
        "fraction refused");
  CHECK(draft_get_int(p, "params", "big", 0, 10, &v, &r) != 0 && strstr(r.error, "out of range"), "range checked");
  CHECK(draft_get_int(p, "params.x", "zz", 0, 10, &v, &r) != 0 && strstr(r.error, "params.x.zz: missing"),
        "missing int named");
  CHECK(draft_get_str(p, "params", "a", &s, &r) != 0 && strstr(r.error, "must be a string"), "string type checked");
  CHECK(draft_get_str(p, "params", "s", &s, &r) == 0 && strcmp(s, "x") == 0, "string read");
  CHECK(draft_get_array(p, "params", "arr", &r) != NULL, "array read");
  CHECK(draft_get_array(p, "params", "s", &r) == NULL && strstr(r.error, "must be an array"), "array type checked");
  CHECK(draft_opt_int(p, "s", 7) == 7 && draft_opt_int(p, "a", 7) == 3, "optional int");
  CHECK(strcmp(draft_opt_str(p, "a", "d"), "d") == 0, "optional string default");
  CHECK(draft_frames(4000, 24) == 96 && draft_frames(1234, 24) == 30 && draft_frames(10, 24) == 1, "frame counts");
  job_result_free(&r);
  cJSON_Delete(p);
}

static void test_text(void) {
  Buf b = {0};
  int n = draft_text_wrap("the quick brown fox jumps over the lazy dog", 10, 10, &b);
  CHECK(n == 3, "latin text wraps into several lines");
  CHECK(strchr(buf_cstr(&b), '\n') && !strstr(buf_cstr(&b), " \n"), "breaks at spaces");
  const char *line = buf_cstr(&b);
  int ok = 1;
  while (*line) {
    const char *end = strchr(line, '\n');
    size_t len = end ? (size_t)(end - line) : strlen(line);
    if (draft_text_width(line, len) > 10.01) ok = 0;
    line += len + (end ? 1 : 0);
  }
  CHECK(ok, "every line fits");
  buf_clear(&b);
  n = draft_text_wrap("李星舟站在岸边，渔网破碎，浪潮涌起。", 5, 10, &b);
  CHECK(n == 4, "CJK breaks between characters");
  CHECK(!str_has_prefix(strchr(buf_cstr(&b), '\n') + 1, "\xEF\xBC\x8C"), "no comma at a line start");
  buf_clear(&b);
  n = draft_text_wrap("one two three four five six seven eight nine ten", 8, 2, &b);
  CHECK(n == 2 && str_has_suffix(buf_cstr(&b), "\xE2\x80\xA6"), "ellipsis when cut");
  buf_clear(&b);
  draft_text_wrap("tab\there\nnewline", 100, 3, &b);
  CHECK_STR(buf_cstr(&b), "tab here newline", "control characters become spaces");
  buf_clear(&b);
  draft_text_wrap("abcdefghijklmnopqrstuvwxyz", 5, 20, &b);
  CHECK(strchr(buf_cstr(&b), '\n') != NULL, "a long word is split");
  buf_clear(&b);
  draft_text_wrap("bad \xff\xfe utf8", 100, 1, &b);
  CHECK(b.len > 0, "invalid UTF-8 does not crash");
  buf_free(&b);
  CHECK(fabs(draft_text_width("中文", 6) - 2.0) < 1e-9, "CJK width 1 em each");
}

static void test_palette_compose(void) {
  DraftPalette a, b, c;
  draft_palette("The Eastern Shore", "storm", 1, &a);
  draft_palette("The Eastern Shore", "storm", 1, &b);
  draft_palette("Kunlun", "storm", 1, &c);
  CHECK(memcmp(&a, &b, sizeof a) == 0, "palette deterministic");
  CHECK(memcmp(&a, &c, sizeof a) != 0, "another place, another palette");
  DraftBox boxes[DRAFT_MAX_BOXES];
  bool known;
  int prev_h = 0, monotonic = 1;
  const char *sizes[] = {"extreme_wide", "wide", "full", "medium", "closeup"};
  for (int i = 0; i < 5; i++) {
    int n = draft_compose(sizes[i], 1080, 1920, 1, boxes, &known);
    int top = 1920, bottom = 0;
    for (int k = 0; k < n; k++) {
      if (boxes[k].y < top) top = boxes[k].y;
      if (boxes[k].y + boxes[k].h > bottom) bottom = boxes[k].y + boxes[k].h;
      if (boxes[k].x < 0 || boxes[k].y < 0 || boxes[k].x + boxes[k].w > 1080 || boxes[k].y + boxes[k].h > 1920) {
        monotonic = 0;
      }
    }
    int head = boxes[0].h;
    if (!known || head <= prev_h) monotonic = 0;
    prev_h = head;
  }
  CHECK(monotonic, "closer shot sizes draw bigger heads, inside the frame");
  CHECK(draft_compose("wide", 1080, 1920, 3, boxes, &known) == 9, "three figures in a wide shot");
  int nc = draft_compose("closeup", 1080, 1920, 3, boxes, &known), eyes = 0;
  for (int k = 0; k < nc; k++) eyes += boxes[k].role == DRAFT_BOX_EYE;
  CHECK(nc == 4 && eyes == 2, "one figure (legs out of frame) and two eyes in a closeup");
  CHECK(draft_compose("wide", 1080, 1920, 0, boxes, &known) == 0, "no cast, no figure");
  CHECK(draft_compose("insert", 1080, 1920, 2, boxes, &known) == 1 && known, "an insert draws one object");
  draft_compose("dutch_angle", 1080, 1920, 1, boxes, &known);
  CHECK(!known, "unknown shot size reported");
}

static void test_subs(void) {
  SubList l = {0};
  subs_add(&l, 0, 1500, "Li", "Hello \"there\"");
  subs_add(&l, 3723004, 3725000, "李", "第一行\n\n第二行\r\n");
  Buf json = {0}, srt = {0};
  subs_write_json(&l, &json);
  SubList back = {0};
  char *err = NULL;
  CHECK(subs_parse_json(buf_cstr(&json), 1000, &back, &err) == 0 && back.n == 2, "json round trip");
  CHECK(back.cues[0].start_ms == 1000 && back.cues[1].end_ms == 3726000, "offset applied");
  CHECK_STR(back.cues[0].text, "Hello \"there\"", "text escaped and back");
  CHECK_STR(back.cues[1].speaker, "李", "speaker kept");
  subs_write_srt(&l, &srt);
  CHECK_STR(buf_cstr(&srt),
            "1\n00:00:00,000 --> 00:00:01,500\nHello \"there\"\n\n"
            "2\n01:02:03,004 --> 01:02:05,000\n第一行\n第二行\n\n",
            "srt text, times, no blank lines inside a cue");
  char t[16];
  subs_format_time(-5, t);
  CHECK_STR(t, "00:00:00,000", "negative time clamps");
  subs_free(&back);
  CHECK(subs_parse_json("{\"a\":1}", 0, &back, &err) != 0 && err, "not an array refused");
  free(err);
  err = NULL;
  CHECK(subs_parse_json("[{\"start_ms\":1}]", 0, &back, &err) != 0 && strstr(err, "cue 0"), "bad cue refused");
  free(err);
  err = NULL;
  CHECK(subs_parse_json("[]", 0, &back, &err) == 0 && back.n == 0, "empty list");
  subs_free(&back);
  subs_free(&l);
  buf_free(&json);
  buf_free(&srt);
}

static void test_wav(void) {
  JobResult r = {0};
  int16_t mono[100];
  for (int i = 0; i < 100; i++) mono[i] = (int16_t)(i * 100 - 5000);
  char path[300];
  snprintf(path, sizeof path, "%s/t.wav", root);
  CHECK(draft_wav_write(path, mono, 100, 22050, 1, &r) == 0, "wav written");
  DraftWav w;
  CHECK(draft_wav_read(path, &w, &r) == 0 && w.frames == 100 && w.rate == 22050 && w.channels == 1 &&
            memcmp(w.samples, mono, sizeof mono) == 0,
        "wav read back");
  CHECK(draft_wav_duration_ms(path) == 5, "duration from the header");
  size_t n;
  int16_t *st = draft_wav_convert(&w, 48000, 2, &n);
  CHECK(n == 218, "converted length");
  CHECK(st[0] == mono[0] && st[1] == mono[0] && st[2] == st[3], "mono to stereo");
  CHECK(st[2 * 217] >= mono[98] && st[2 * 217] <= mono[99], "interpolated to the end");
  free(st);
  draft_wav_free(&w);
  CHECK(draft_wav_read("/nonexistent.wav", &w, &r) != 0 && strstr(r.error, "cannot open"), "missing wav");
  CHECK(draft_wav_duration_ms("/etc/hostname") == -1, "not a wav");
  job_result_free(&r);
}

/* Mean absolute level of a stretch of a 16-bit stereo WAV. */
static double level(const DraftWav *w, double from_s, double to_s) {
  size_t a = (size_t)(from_s * w->rate), b = (size_t)(to_s * w->rate);
  double sum = 0;
  for (size_t i = a; i < b && i < w->frames; i++) sum += fabs((double)w->samples[2 * i]);
  return sum / (double)(b - a);
}

static void test_ducking(void) {
  JobCtx ctx = make_ctx();
  JobResult r = {0};
  char music[300], voice[300];
  snprintf(music, sizeof music, "%s/music.wav", root);
  snprintf(voice, sizeof voice, "%s/voice.wav", root);
  size_t n = 4 * 48000;
  int16_t *tone = xmalloc(n * 2 * sizeof *tone);
  for (size_t i = 0; i < n; i++) tone[2 * i] = tone[2 * i + 1] = (int16_t)(8000 * sin(i * 2 * M_PI * 440 / 48000));
  draft_wav_write(music, tone, n, 48000, 2, &r);
  memset(tone, 0, 48000 * 2 * sizeof *tone);
  draft_wav_write(voice, tone, 48000, 48000, 2, &r); /* a silent 1 s line */
  free(tone);
  DraftVoiceClip v = {1500, 1000};
  DraftMusicClip c = {0, 4000, 300};
  DraftMix m = {.duration_ms = 4000, .silence_input = 0, .voice_input = 1, .music_input = 2, .voices = &v,
                .nvoices = 1, .music = &c, .nmusic = 1};
  Buf g = {0};
  draft_mix_graph(&m, &g);
  char *argv[] = {"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-t", "4", "-i",
                  "anullsrc=r=48000:cl=stereo", "-i", voice, "-i", music, "-filter_complex", g.data, "-map", "[a]",
                  "-c:a", "pcm_s16le", "mixed.wav", NULL};
  CHECK(media_run(&ctx, argv, root, NULL, &r) == 0, "mix graph runs");
  buf_free(&g);
  char mixed[300];
  snprintf(mixed, sizeof mixed, "%s/mixed.wav", root);
  DraftWav w;
  CHECK(draft_wav_read(mixed, &w, &r) == 0 && w.frames == 4 * 48000, "mix is as long as the scene");
  double before = level(&w, 0.8, 1.2), during = level(&w, 1.7, 2.3), after = level(&w, 3.0, 3.5);
  printf("# music level before %.0f, under the line %.0f, after %.0f\n", before, during, after);
  CHECK(during < before * 0.4 && during > before * 0.2, "music ducked by about 10 dB under a line");
  CHECK(fabs(after - before) < before * 0.1, "music back after the line");
  CHECK(level(&w, 0, 0.01) < before * 0.2 && level(&w, 3.99, 4.0) < before * 0.2, "cue fades in and out");
  draft_wav_free(&w);
  job_result_free(&r);
}

/* The first and last frames of a clip as 16x28 grey pixels. */
static int signature(const char *clip, long frames, unsigned char sig[2 * 16 * 28]) {
  JobCtx ctx = make_ctx();
  JobResult r = {0};
  char select[128];
  snprintf(select, sizeof select, "select='eq(n,0)+eq(n,%ld)',scale=16:28,format=gray", frames - 1);
  char *argv[] = {"ffmpeg", "-nostdin", "-v", "error", "-i", (char *)clip, "-vf", select, "-fps_mode",
                  "passthrough", "-f", "rawvideo", "-", NULL};
  Buf out = {0};
  int rc = media_run(&ctx, argv, NULL, &out, &r);
  if (rc == 0 && out.len == 2 * 16 * 28) memcpy(sig, out.data, out.len);
  else rc = -1;
  buf_free(&out);
  job_result_free(&r);
  return rc;
}

static void test_camera_moves(void) {
  /* A key frame with detail everywhere, so any move shows. */
  JobCtx ctx = make_ctx();
  JobResult r = {0};
  char *argv[] = {"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x568:d=1",
                  "-frames:v", "1", "key.png", NULL};
  CHECK(media_run(&ctx, argv, root, NULL, &r) == 0, "key frame made");
  char key[300];
  snprintf(key, sizeof key, "%s/key.png", root);
  JobFile file = {"main", key};
  JobInput in = {"key", JOB_IMAGE, &file, 1};
  size_t idx = 0;
  PlanJob job = {.id = "move", .kind = JOB_VIDEO, .backend = "draft", .inputs = &idx, .ninputs = 1};
  static const char *const moves[] = {"static", "push_in", "pull_out", "pan_left", "pan_right", "tilt_up",
                                      "tilt_down", "orbit", "crane", "handheld", "spin_wildly"};
  enum { NM = sizeof moves / sizeof moves[0] };
  unsigned char sig[NM][2 * 16 * 28];
  for (int i = 0; i < NM; i++) {
    char params[256], dir[300];
    snprintf(params, sizeof params,
             "{\"camera\":\"%s\",\"duration_ms\":1000,\"width\":320,\"height\":568,\"fps\":24,\"seed\":7}",
             moves[i]);
    snprintf(dir, sizeof dir, "%s/move%d", root, i);
    mkdir(dir, 0755);
    cJSON *p = cJSON_Parse(params);
    JobCtx c = {.plan = &plan, .job = &job, .params = p, .inputs = &in, .workdir = dir, .log_fd = log_fd,
                .threads = 1, .cancel = &cancel_flag};
    JobResult res = {0};
    char name[64];
    snprintf(name, sizeof name, "%s renders", moves[i]);
    CHECK(draft_run(&c, &res) == 0 && res.noutputs == 1, name);
    MediaInfo m;
    JobResult pr = {0};
    snprintf(name, sizeof name, "%s: 24 frames of 320x568 h264", moves[i]);
    CHECK(res.noutputs == 1 && media_probe(&ctx, res.outputs[0].path, &m, &pr) == 0 && m.vframes == 24 &&
              m.width == 320 && m.height == 568 && strcmp(m.vcodec, "h264") == 0,
          name);
    snprintf(name, sizeof name, "%s: first and last frames read", moves[i]);
    CHECK(res.noutputs == 1 && signature(res.outputs[0].path, 24, sig[i]) == 0, name);
    job_result_free(&pr);
    job_result_free(&res);
    cJSON_Delete(p);
  }
  /* The first seven must differ pairwise in their first or last frame. */
  int distinct = 1;
  for (int i = 0; i < 7; i++) {
    for (int j = i + 1; j < 7; j++) {
      double diff = 0;
      for (int k = 0; k < 2 * 16 * 28; k++) diff += abs((int)sig[i][k] - (int)sig[j][k]);
      diff /= 2 * 16 * 28;
      if (diff < 2.0) {
        printf("# %s and %s look alike (mean difference %.2f)\n", moves[i], moves[j], diff);
        distinct = 0;
      }
    }
  }
  CHECK(distinct, "the seven basic moves look different");
  CHECK(memcmp(sig[0], sig[NM - 1], sizeof sig[0]) == 0, "unknown motion falls back to static");

  /* A long static shot repeats an encoded second: exact length, and the
   * same codec parameters as any other clip, so scenes join it as is. */
  MediaInfo moving, still;
  JobResult pr = {0};
  char moving_path[300];
  snprintf(moving_path, sizeof moving_path, "%s/move1/clip.mp4", root);
  int still_frames[] = {60, 72, 49};
  for (int i = 0; i < 3; i++) {
    char params[256], dir[300], name[96];
    snprintf(params, sizeof params,
             "{\"camera\":\"static\",\"duration_ms\":%ld,\"width\":320,\"height\":568,\"fps\":24}",
             (long)still_frames[i] * 1000 / 24);
    snprintf(dir, sizeof dir, "%s/still%d", root, i);
    mkdir(dir, 0755);
    cJSON *p = cJSON_Parse(params);
    JobCtx c = {.plan = &plan, .job = &job, .params = p, .inputs = &in, .workdir = dir, .log_fd = log_fd,
                .threads = 1, .cancel = &cancel_flag};
    JobResult res = {0};
    snprintf(name, sizeof name, "long static shot of %d frames", still_frames[i]);
    CHECK(draft_run(&c, &res) == 0 && media_probe(&ctx, res.outputs[0].path, &still, &pr) == 0 &&
              media_probe(&ctx, moving_path, &moving, &pr) == 0 && still.vframes == still_frames[i] &&
              strcmp(still.vextradata, moving.vextradata) == 0 && still.vextradata[0],
          name);
    job_result_free(&res);
    cJSON_Delete(p);
  }
  job_result_free(&pr);
  job_result_free(&r);
}

/* The MP4 reader agrees with ffprobe on what the edits use. */
static int same_info(const char *path) {
  JobCtx ctx = make_ctx();
  JobResult r = {0};
  MediaInfo a, b;
  int mine = draft_mp4_probe(path, &a);
  int rc = media_probe(&ctx, path, &b, &r);
  job_result_free(&r);
  if (mine != 0 || rc != 0) return 0;
  int ok = a.width == b.width && a.height == b.height && strcmp(a.vcodec, b.vcodec) == 0 &&
           strcmp(a.vprofile, b.vprofile) == 0 && strcmp(a.pix_fmt, b.pix_fmt) == 0 && a.fps_num == b.fps_num &&
           a.fps_den == b.fps_den && a.vframes == b.vframes && strcmp(a.vextradata, b.vextradata) == 0 &&
           a.has_audio == b.has_audio && a.sample_rate == b.sample_rate &&
           fabs(a.vduration - b.vduration) < 0.001 && a.nsubtitles == b.nsubtitles;
  if (!ok) {
    printf("# %s: mine %dx%d %s '%s' %s %d/%d %ld %s audio %d %d %d %.3f subs %d\n", path, a.width, a.height,
           a.vcodec, a.vprofile, a.pix_fmt, a.fps_num, a.fps_den, a.vframes, a.vextradata, a.has_audio,
           a.sample_rate, a.channels, a.vduration, a.nsubtitles);
    printf("# %s: ffprobe %dx%d %s '%s' %s %d/%d %ld %s audio %d %d %d %.3f subs %d\n", path, b.width, b.height,
           b.vcodec, b.vprofile, b.pix_fmt, b.fps_num, b.fps_den, b.vframes, b.vextradata, b.has_audio,
           b.sample_rate, b.channels, b.vduration, b.nsubtitles);
  }
  return ok;
}

static void test_mp4_probe(void) {
  char path[300];
  snprintf(path, sizeof path, "%s/move3/clip.mp4", root);
  CHECK(same_info(path), "mp4 reader = ffprobe: a camera move");
  snprintf(path, sizeof path, "%s/still0/clip.mp4", root);
  CHECK(same_info(path), "mp4 reader = ffprobe: a repeated still");
  JobCtx ctx = make_ctx();
  JobResult r = {0};
  char *av[] = {"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=320x240:r=25:d=1", "-f",
                "lavfi", "-i", "sine=d=1", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-ar", "44100", "av.mp4", NULL};
  CHECK(media_run(&ctx, av, root, NULL, &r) == 0, "made an mp4 with audio");
  snprintf(path, sizeof path, "%s/av.mp4", root);
  CHECK(same_info(path), "mp4 reader = ffprobe: video and audio");
  char *high[] = {"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=s=320x240:r=25:d=1",
                  "-c:v", "libx264", "-preset", "fast", "-pix_fmt", "yuv444p", "high.mp4", NULL};
  CHECK(media_run(&ctx, high, root, NULL, &r) == 0, "made a High 4:4:4 mp4");
  MediaInfo m;
  snprintf(path, sizeof path, "%s/high.mp4", root);
  CHECK(draft_mp4_probe(path, &m) != 0, "mp4 reader leaves High profiles to ffprobe");
  CHECK(draft_probe(&ctx, path, &m, &r) == 0 && strcmp(m.pix_fmt, "yuv444p") == 0, "draft_probe falls back");
  snprintf(path, sizeof path, "%s/key.png", root);
  CHECK(draft_mp4_probe(path, &m) != 0, "mp4 reader refuses a png");
  CHECK(draft_mp4_probe("/nonexistent.mp4", &m) != 0, "mp4 reader: missing file");
  job_result_free(&r);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

int main(void) {
  const char *tmp = getenv("TMPDIR");
  snprintf(root, sizeof root, "%s/storyc-media-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(root)) {
    perror("mkdtemp");
    return 1;
  }
  char log_path[300];
  snprintf(log_path, sizeof log_path, "%s/test.log", root);
  log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  plan.language = "en";
  test_media_run();
  test_preflight();
  test_params();
  test_text();
  test_palette_compose();
  test_subs();
  test_wav();
  test_ducking();
  test_camera_moves();
  test_mp4_probe();
  close(log_fd);
  if (check_failures == 0 && !getenv("STORYC_KEEP")) nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  else printf("# files kept in %s\n", root);
  return check_done();
}
