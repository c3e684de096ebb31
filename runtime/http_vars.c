/* http_vars.c - the variables a job's templates see (http_job.h): the
 * backend-neutral params of docs/plan.md, mapped to what a service accepts
 * by the description's "map" block (nearest size, aspect or duration it
 * allows, a voice name chosen by keyword rules, music length limits), and
 * the job's files (reference images, the key frame) in the forms services
 * want them. */
#include "http_job.h"
#include "http_media.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_INPUT_FILE = 64 << 20 };

static double num_at(const cJSON *o, const char *name, double dflt) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsNumber(x) ? x->valuedouble : dflt;
}

static const char *str_at(const cJSON *o, const char *name) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(x) ? x->valuestring : NULL;
}

/* The element of list (numbers) nearest to x; x when the list is empty. */
static double nearest(const cJSON *list, double x) {
  double best = x, bestd = INFINITY;
  for (const cJSON *k = cJSON_IsArray(list) ? list->child : NULL; k; k = k->next) {
    if (!cJSON_IsNumber(k)) continue;
    double d = fabs(k->valuedouble - x);
    if (d < bestd) bestd = d, best = k->valuedouble;
  }
  return best;
}

static double clamp_to(const cJSON *range, double x) {
  if (!cJSON_IsObject(range)) return x;
  const cJSON *lo = cJSON_GetObjectItemCaseSensitive(range, "min");
  const cJSON *hi = cJSON_GetObjectItemCaseSensitive(range, "max");
  if (cJSON_IsNumber(lo) && x < lo->valuedouble) x = lo->valuedouble;
  if (cJSON_IsNumber(hi) && x > hi->valuedouble) x = hi->valuedouble;
  return x;
}

double http_output_seconds(const cJSON *desc, const cJSON *params) {
  const cJSON *map = cJSON_GetObjectItemCaseSensitive(desc, "map");
  double ms = num_at(params, "duration_ms", -1);
  if (ms >= 0) {
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(map, "durations_s");
    return d ? nearest(d, ms / 1000.0) : ms / 1000.0;
  }
  ms = num_at(params, "length_ms", -1);
  if (ms >= 0) return clamp_to(cJSON_GetObjectItemCaseSensitive(map, "length_s"), ms / 1000.0);
  return 0;
}

/* "1536x1024" -> 1536, 1024. */
static bool parse_size(const char *s, long *w, long *h) {
  char *end;
  *w = strtol(s, &end, 10);
  if (*end != 'x' && *end != 'X') return false;
  *h = strtol(end + 1, &end, 10);
  return !*end && *w > 0 && *h > 0;
}

/* The size in list nearest to w x h: closest aspect ratio, then area. */
static const char *nearest_size(const cJSON *list, long w, long h) {
  const char *best = NULL;
  double bestr = INFINITY, besta = INFINITY;
  double ratio = log((double)w / (double)h), area = (double)w * (double)h;
  for (const cJSON *k = cJSON_IsArray(list) ? list->child : NULL; k; k = k->next) {
    long cw, ch;
    if (!cJSON_IsString(k) || !parse_size(k->valuestring, &cw, &ch)) continue;
    double r = fabs(log((double)cw / (double)ch) - ratio), a = fabs((double)cw * (double)ch - area);
    if (r < bestr - 1e-9 || (fabs(r - bestr) <= 1e-9 && a < besta)) bestr = r, besta = a, best = k->valuestring;
  }
  return best;
}

/* "16:9" entries: the nearest aspect ratio. */
static const char *nearest_aspect(const cJSON *list, long w, long h) {
  const char *best = NULL;
  double bestr = INFINITY, ratio = log((double)w / (double)h);
  for (const cJSON *k = cJSON_IsArray(list) ? list->child : NULL; k; k = k->next) {
    double a, b;
    if (!cJSON_IsString(k) || sscanf(k->valuestring, "%lf:%lf", &a, &b) != 2 || a <= 0 || b <= 0) continue;
    double r = fabs(log(a / b) - ratio);
    if (r < bestr) bestr = r, best = k->valuestring;
  }
  return best;
}

/* Lower-case words (runs of letters) of s, each between spaces: " male young ". */
static void words_of(const char *s, Buf *out) {
  buf_putc(out, ' ');
  bool in = false;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (isalpha(*p) || *p >= 0x80) {
      buf_putc(out, (char)tolower(*p));
      in = true;
    } else if (in) {
      buf_putc(out, ' ');
      in = false;
    }
  }
  if (in) buf_putc(out, ' ');
}

static bool has_word(const char *words, const char *w) {
  char pat[80];
  if (strlen(w) > 70) return false;
  snprintf(pat, sizeof pat, " %s ", w);
  for (char *c = pat; *c; c++) *c = (char)tolower((unsigned char)*c);
  return strstr(words, pat) != NULL;
}

/* The service's voice for a voice description: a name it knows given as
 * is, else the first rule whose words all appear ("all") and one of whose
 * words appears ("any"), else the default. */
static const char *pick_voice(const cJSON *voices, const char *desc) {
  if (!cJSON_IsObject(voices)) return NULL;
  Buf w = {0};
  words_of(desc ? desc : "", &w);
  const char *pick = NULL;
  const cJSON *names = cJSON_GetObjectItemCaseSensitive(voices, "names");
  for (const cJSON *k = cJSON_IsArray(names) ? names->child : NULL; k && !pick; k = k->next)
    if (cJSON_IsString(k) && desc && strcasecmp(k->valuestring, desc) == 0) pick = k->valuestring;
  const cJSON *rules = cJSON_GetObjectItemCaseSensitive(voices, "rules");
  for (const cJSON *r = cJSON_IsArray(rules) ? rules->child : NULL; r && !pick; r = r->next) {
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(r, "all"), *any = cJSON_GetObjectItemCaseSensitive(r, "any");
    bool ok = true;
    for (const cJSON *k = cJSON_IsArray(all) ? all->child : NULL; k && ok; k = k->next)
      ok = cJSON_IsString(k) && has_word(w.data, k->valuestring);
    if (ok && cJSON_IsArray(any)) {
      bool one = false;
      for (const cJSON *k = any->child; k && !one; k = k->next) one = cJSON_IsString(k) && has_word(w.data, k->valuestring);
      ok = one;
    }
    if (ok && (all || any)) pick = str_at(r, "voice");
  }
  if (!pick) pick = str_at(voices, "default");
  buf_free(&w);
  return pick;
}

/* Adds <name>.path, .mime and, when the description uses them, .b64 and
 * .data_uri for one file; into lists too when lists is not NULL. */
static int add_file(HttpVars *v, const char *name, const char *path, const char *desc_text, cJSON *lists, Buf *err) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "path", path);
  const char *dot = strrchr(path, '.');
  const char *mime = media_mime(dot ? dot + 1 : NULL);
  Buf key = {0};
  buf_printf(&key, "%s.b64", name);
  bool want_b64 = strstr(desc_text, key.data) != NULL;
  buf_clear(&key);
  buf_printf(&key, "%s.data_uri", name);
  bool want_uri = strstr(desc_text, key.data) != NULL;
  if (lists) {
    buf_clear(&key);
    buf_printf(&key, "%ss.b64", name);
    want_b64 |= strstr(desc_text, key.data) != NULL;
    buf_clear(&key);
    buf_printf(&key, "%ss.data_uri", name);
    want_uri |= strstr(desc_text, key.data) != NULL;
  }
  buf_free(&key);
  if (want_b64 || want_uri) {
    size_t len;
    char *bytes = file_read_all(path, &len, MAX_INPUT_FILE);
    if (!bytes) {
      buf_printf(err, "cannot read %s: %s", path, strerror(errno));
      cJSON_Delete(o);
      return -1;
    }
    const char *sniffed = media_sniff((const unsigned char *)bytes, len);
    if (sniffed) mime = media_mime(sniffed);
    Buf b = {0};
    b64_encode(bytes, len, false, &b);
    free(bytes);
    cJSON_AddStringToObject(o, "b64", b.data);
    Buf uri = {0};
    buf_printf(&uri, "data:%s;base64,", mime);
    buf_append(&uri, b.data, b.len);
    cJSON_AddStringToObject(o, "data_uri", uri.data);
    buf_free(&uri);
    buf_free(&b);
  }
  cJSON_AddStringToObject(o, "mime", mime);
  if (lists) {
    for (const cJSON *m = o->child; m; m = m->next) {
      cJSON *arr = cJSON_GetObjectItemCaseSensitive(lists, m->string);
      if (!arr) arr = cJSON_AddArrayToObject(lists, m->string);
      cJSON_AddItemToArray(arr, cJSON_Duplicate(m, false));
    }
  }
  if (!http_vars_get(v, name)) http_vars_set(v, name, o);
  else cJSON_Delete(o);
  return 0;
}

int http_job_vars(const HttpBackend *b, const cJSON *desc, const char *desc_text, const JobCtx *ctx, HttpVars *v,
                  Buf *err) {
  const cJSON *p = ctx->params;
  const cJSON *map = cJSON_GetObjectItemCaseSensitive(desc, "map");
  JobKind kind = ctx->job->kind;
  for (const cJSON *k = p ? p->child : NULL; k; k = k->next)
    if (k->string && (cJSON_IsString(k) || cJSON_IsNumber(k))) http_vars_set(v, k->string, cJSON_Duplicate(k, false));
  http_vars_str(v, "kind", job_kind_name(kind));
  http_vars_str(v, "model", b->model);
  http_vars_str(v, "backend", b->name);
  http_vars_str(v, "job_key", ctx->job->key_hex);
  const char *h = ctx->job->key_hex;
  char uuid[40];
  snprintf(uuid, sizeof uuid, "%.8s-%.4s-4%.3s-a%.3s-%.12s", h, h + 8, h + 12, h + 15, h + 18);
  http_vars_str(v, "client_id", uuid);
  const char *neg = str_at(p, "negative"), *prompt = str_at(p, "prompt");
  if (neg) http_vars_str(v, "negative_prompt", neg);
  if (prompt) { /* for services without a negative prompt */
    Buf pn = {0};
    buf_puts(&pn, prompt);
    if (neg && *neg) buf_printf(&pn, ". Avoid: %s", neg);
    http_vars_str(v, "prompt_with_negative", pn.data);
    buf_free(&pn);
  }
  long w = (long)num_at(p, "width", 0), hh = (long)num_at(p, "height", 0);
  if (w > 0 && hh > 0) {
    const char *size = nearest_size(cJSON_GetObjectItemCaseSensitive(map, "sizes"), w, hh);
    long sw = w, sh = hh;
    if (size) parse_size(size, &sw, &sh);
    Buf s = {0};
    buf_printf(&s, "%ldx%ld", sw, sh);
    http_vars_str(v, "size", s.data);
    buf_free(&s);
    http_vars_num(v, "size_w", (double)sw);
    http_vars_num(v, "size_h", (double)sh);
    const char *aspect = nearest_aspect(cJSON_GetObjectItemCaseSensitive(map, "aspects"), w, hh);
    if (aspect) http_vars_str(v, "aspect", aspect);
    const cJSON *fit = cJSON_GetObjectItemCaseSensitive(map, "fit");
    double max_side = num_at(fit, "max_side", 0), mult = num_at(fit, "multiple", 8);
    double fw = (double)w, fh = (double)hh;
    if (max_side > 0 && (fw > max_side || fh > max_side)) {
      double s2 = max_side / (fw > fh ? fw : fh);
      fw *= s2, fh *= s2;
    }
    if (mult < 1) mult = 1;
    fw = fmax(mult, floor(fw / mult + 0.5) * mult);
    fh = fmax(mult, floor(fh / mult + 0.5) * mult);
    http_vars_num(v, "fit_w", fw);
    http_vars_num(v, "fit_h", fh);
  }
  double ms = num_at(p, "duration_ms", -1);
  if (ms >= 0) {
    http_vars_num(v, "duration_s", ms / 1000.0);
    const cJSON *allowed = cJSON_GetObjectItemCaseSensitive(map, "durations_s");
    http_vars_num(v, "duration", allowed ? nearest(allowed, ms / 1000.0) : floor(ms / 1000.0 + 0.5));
  }
  ms = num_at(p, "length_ms", -1);
  if (ms >= 0) {
    double s = clamp_to(cJSON_GetObjectItemCaseSensitive(map, "length_s"), ms / 1000.0);
    http_vars_num(v, "length_s", floor(s * 1000 + 0.5) / 1000);
    http_vars_num(v, "length_ms", floor(s * 1000 + 0.5));
  }
  if (kind == JOB_VOICE) {
    const char *desc_voice = str_at(p, "voice");
    http_vars_str(v, "voice_description", desc_voice ? desc_voice : "");
    const char *voice = pick_voice(cJSON_GetObjectItemCaseSensitive(map, "voices"), desc_voice);
    if (voice) http_vars_str(v, "voice", voice);
  }
  /* reference images: params.refs [{sha256, path}] -> files of the plan */
  const cJSON *refs = cJSON_GetObjectItemCaseSensitive(p, "refs");
  cJSON *lists = cJSON_CreateObject();
  int nrefs = 0;
  for (const cJSON *k = cJSON_IsArray(refs) ? refs->child : NULL; k; k = k->next) {
    const char *digest = str_at(k, "sha256");
    const char *path = digest ? plan_file_path(ctx->plan, digest) : NULL;
    if (!path) path = str_at(k, "path");
    if (!path) continue;
    Buf full = {0};
    if (path[0] == '/' || !ctx->plan->root) buf_puts(&full, path);
    else buf_printf(&full, "%s/%s", ctx->plan->root, path);
    int rc = add_file(v, "ref", full.data, desc_text, lists, err);
    buf_free(&full);
    if (rc != 0) {
      cJSON_Delete(lists);
      return -1;
    }
    nrefs++;
  }
  http_vars_num(v, "refs_count", nrefs);
  http_vars_set(v, "refs", lists);
  if (kind == JOB_VIDEO) {
    const char *frame = job_input_file(ctx, 0, "main");
    if (!frame) {
      buf_puts(err, "the video job has no key frame input");
      return -1;
    }
    if (add_file(v, "image", frame, desc_text, NULL, err) != 0) return -1;
  }
  return 0;
}
