/* draft_voice.c - the draft `voice` job: one line of dialogue spoken by
 * espeak-ng, as a 48 kHz stereo WAV.
 *
 * Each character gets a distinct, deterministic voice from its description
 * ("male, young, resolute") and name: the sex picks a female or male variant
 * (which one is a hash of the description and name), age words and words
 * like deep, high, calm, fast, slow, resolute move pitch (-p) and rate (-s).
 * The series language picks the espeak-ng voice ("zh" -> "cmn"). espeak-ng
 * writes 22.05 kHz mono; draft_wav converts it. */
#include "draft.h"
#include "sha.h"
#include "util.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *code, *voice;
} LANGUAGES[] = {
    {"en", "en"},       {"en-us", "en-us"}, {"en-gb", "en-gb"}, {"zh", "cmn"},    {"zh-cn", "cmn"},
    {"zh-tw", "cmn"},   {"zh-hans", "cmn"}, {"zh-hant", "cmn"}, {"cmn", "cmn"},   {"zh-hk", "yue"},
    {"yue", "yue"},     {"ja", "ja"},       {"ko", "ko"},       {"fr", "fr"},     {"de", "de"},
    {"es", "es"},       {"it", "it"},       {"pt", "pt"},       {"pt-br", "pt-br"}, {"ru", "ru"},
    {"ar", "ar"},       {"hi", "hi"},       {"nl", "nl"},       {"pl", "pl"},     {"sv", "sv"},
    {"tr", "tr"},       {"vi", "vi"},       {"id", "id"},       {"el", "el"},     {"uk", "uk"},
    {"cs", "cs"},       {"fi", "fi"},       {"da", "da"},       {"no", "nb"},     {"nb", "nb"},
    {"he", "he"},       {"th", "th"},       {"hu", "hu"},       {"ro", "ro"},     {"ms", "ms"},
    {"ta", "ta"},       {"bn", "bn"},       {"fa", "fa"},       {"sw", "sw"},     {"ca", "ca"},
};

/* The espeak-ng voice for a language code; NULL when unknown. */
static const char *espeak_language(const char *code) {
  char norm[32];
  size_t n = 0;
  for (; code[n] && n + 1 < sizeof norm; n++) norm[n] = code[n] == '_' ? '-' : (char)tolower((unsigned char)code[n]);
  norm[n] = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (size_t i = 0; i < sizeof LANGUAGES / sizeof LANGUAGES[0]; i++) {
      if (strcmp(LANGUAGES[i].code, norm) == 0) return LANGUAGES[i].voice;
    }
    char *dash = strchr(norm, '-'); /* "fr-CA" -> "fr" */
    if (!dash) break;
    *dash = 0;
  }
  return NULL;
}

/* What a voice description says, word by word. */
typedef struct VoiceSpec {
  char variant[8]; /* "f3", "m5" */
  int pitch;       /* espeak-ng -p, 0..99 */
  int rate;        /* espeak-ng -s, words per minute */
} VoiceSpec;

static int has_word(const char *words, const char *w) {
  size_t n = strlen(w);
  for (const char *p = words; (p = strstr(p, w)) != NULL; p++) {
    int start = p == words || p[-1] == ' ';
    int end = p[n] == ' ' || p[n] == 0;
    if (start && end) return 1;
  }
  return 0;
}

static int has_any(const char *words, const char *const list[]) {
  for (size_t i = 0; list[i]; i++) {
    if (has_word(words, list[i])) return 1;
  }
  return 0;
}

static void voice_spec(const char *voice, const char *speaker, VoiceSpec *v) {
  /* Lowercase words separated by single spaces. */
  Buf w = {0};
  buf_putc(&w, ' ');
  for (const char *p = voice; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (isalpha(c)) buf_putc(&w, (char)tolower(c));
    else if (w.len && w.data[w.len - 1] != ' ') buf_putc(&w, ' ');
  }
  const char *words = buf_cstr(&w);
  static const char *const female[] = {"female", "woman", "women", "girl", "lady", "she", "her", "mother",
                                       "grandmother", "queen", "princess", "goddess", "maiden", "feminine", NULL};
  static const char *const child[] = {"child", "kid", "boy", "girl", "little", NULL};
  static const char *const young[] = {"young", "youth", "youthful", "teen", "teenage", NULL};
  static const char *const old[] = {"old", "elderly", "aged", "ancient", "grandfather", "grandmother", NULL};
  static const char *const deep[] = {"deep", "low", "booming", "gravelly", "bass", "rumbling", NULL};
  static const char *const high[] = {"high", "bright", "shrill", "squeaky", NULL};
  static const char *const calm[] = {"calm", "gentle", "soft", "measured", "serene", NULL};
  static const char *const fast[] = {"fast", "quick", "rapid", "excited", "nervous", NULL};
  static const char *const slow[] = {"slow", "drawling", "weary", NULL};
  static const char *const firm[] = {"resolute", "firm", "stern", "commanding", "determined", NULL};

  unsigned char d[32];
  ShaCtx *c = sha_new();
  sha_update(c, voice, strlen(voice));
  sha_update(c, "\n", 1);
  sha_update(c, speaker, strlen(speaker));
  sha_final(c, d);
  sha_free(c);

  int is_female = has_any(words, female);
  snprintf(v->variant, sizeof v->variant, "%c%d", is_female ? 'f' : 'm', is_female ? 1 + d[0] % 5 : 1 + d[0] % 7);
  v->pitch = 50 + d[1] % 11 - 5;
  v->rate = 165 + d[2] % 11 - 5;
  if (has_any(words, child)) v->pitch += 25, v->rate += 10;
  if (has_any(words, young)) v->pitch += 8, v->rate += 5;
  if (has_any(words, old)) v->pitch -= 12, v->rate -= 25;
  if (has_any(words, deep)) v->pitch -= 18;
  if (has_any(words, high)) v->pitch += 15;
  if (has_any(words, calm)) v->rate -= 15;
  if (has_any(words, fast)) v->rate += 35;
  if (has_any(words, slow)) v->rate -= 30;
  if (has_any(words, firm)) v->pitch -= 6, v->rate -= 8;
  if (v->pitch < 0) v->pitch = 0;
  if (v->pitch > 99) v->pitch = 99;
  if (v->rate < 80) v->rate = 80;
  if (v->rate > 400) v->rate = 400;
  buf_free(&w);
}

int draft_voice(const JobCtx *ctx, JobResult *r) {
  const cJSON *p = ctx->params;
  const char *text;
  if (draft_get_str(p, "params", "text", &text, r) != 0) return -1;
  const char *t = text;
  while (*t && isspace((unsigned char)*t)) t++;
  if (!*t) return job_fail(r, "params.text: the line is empty");
  const char *voice = draft_opt_str(p, "voice", "");
  const char *speaker = draft_opt_str(p, "speaker", "");
  const char *plan_lang = ctx->plan && ctx->plan->language ? ctx->plan->language : "en";
  const char *language = draft_opt_str(p, "language", plan_lang);
  const char *lang = espeak_language(language);
  if (!lang) {
    draft_log(ctx, "draft voice: no espeak-ng voice for language \"%s\", using English", language);
    lang = "en";
  }
  VoiceSpec v;
  voice_spec(voice, speaker, &v);

  char *text_path = draft_path(ctx, "line.txt");
  int rc = draft_write_file(text_path, text, strlen(text), r);
  free(text_path);
  if (rc != 0) return -1;
  MediaArgs a = {0};
  media_args_add(&a, "espeak-ng");
  media_args_add(&a, "-b");
  media_args_add(&a, "1");
  media_args_add(&a, "-v");
  media_args_addf(&a, "%s+%s", lang, v.variant);
  media_args_add(&a, "-p");
  media_args_addf(&a, "%d", v.pitch);
  media_args_add(&a, "-s");
  media_args_addf(&a, "%d", v.rate);
  media_args_add(&a, "-w");
  media_args_add(&a, "espeak.wav");
  media_args_add(&a, "-f");
  media_args_add(&a, "line.txt");
  rc = media_run(ctx, a.argv, ctx->workdir, NULL, r);
  media_args_free(&a);
  if (rc != 0) return -1;

  char *raw_path = draft_path(ctx, "espeak.wav");
  DraftWav raw;
  rc = draft_wav_read(raw_path, &raw, r);
  free(raw_path);
  if (rc != 0) return -1;
  size_t frames;
  int16_t *pcm;
  if (raw.frames == 0) {
    frames = 48000 / 10; /* nothing sayable: a tenth of a second of silence */
    pcm = xcalloc(frames * 2, sizeof *pcm);
  } else {
    pcm = draft_wav_convert(&raw, 48000, 2, &frames);
  }
  draft_wav_free(&raw);
  char *out = draft_path(ctx, "line.wav");
  rc = draft_wav_write(out, pcm, frames, 48000, 2, r);
  free(pcm);
  if (rc == 0) job_result_add(r, "main", out);
  free(out);
  return rc;
}
