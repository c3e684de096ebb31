/* http_desc.c - loading, checking and resolving backend descriptions
 * (http_desc.h, format in docs/backends.md). */
#include "http_desc.h"
#include "http_job.h"
#include "sha.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_DESC_BYTES = 4 << 20, MAX_FILE_DEPTH = 32 };

void http_env_name(const char *name, const char *suffix, Buf *out) {
  buf_puts(out, "STORYC_");
  for (const char *p = name; *p; p++) buf_putc(out, *p == '-' || *p == '.' ? '_' : (char)toupper((unsigned char)*p));
  buf_putc(out, '_');
  buf_puts(out, suffix);
}

double http_env_num(const char *var, double dflt) {
  const char *s = getenv(var);
  if (!s || !*s) return dflt;
  char *end;
  double d = strtod(s, &end);
  return *end || !isfinite(d) || d < 0 ? dflt : d;
}

static const char *env_of(const char *name, const char *suffix, Buf *tmp) {
  buf_clear(tmp);
  http_env_name(name, suffix, tmp);
  const char *v = getenv(buf_cstr(tmp));
  return v && *v ? v : NULL;
}

void http_backend_split(const char *backend, char **name, char **model) {
  const char *at = strchr(backend, '@');
  if (!at) {
    *name = xstrdup(backend);
    *model = NULL;
    return;
  }
  *name = xstrndup(backend, (size_t)(at - backend));
  *model = xstrdup(at + 1);
}

/* ---- loading ---- */

static bool valid_name(const char *name) {
  if (!*name || strlen(name) > 64) return false;
  for (const char *p = name; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_') return false;
  return true;
}

/* Replaces {"$file": "rel/path.json", "env": "VAR"} objects by the JSON of
 * the file (relative to dir; VAR, when set, names another file). Hashes the
 * files' bytes into sha. */
static int load_files(cJSON *x, const char *dir, ShaCtx *sha, bool *any, Buf *err, int depth) {
  if (depth > MAX_FILE_DEPTH) {
    buf_puts(err, "description nested too deeply");
    return -1;
  }
  for (cJSON *k = x ? x->child : NULL; k; k = k->next) {
    const cJSON *f = cJSON_IsObject(k) ? cJSON_GetObjectItemCaseSensitive(k, "$file") : NULL;
    if (!f) {
      if ((cJSON_IsObject(k) || cJSON_IsArray(k)) && load_files(k, dir, sha, any, err, depth + 1) != 0) return -1;
      continue;
    }
    const cJSON *env = cJSON_GetObjectItemCaseSensitive(k, "env");
    const char *path = cJSON_IsString(f) ? f->valuestring : NULL;
    if (cJSON_IsString(env) && getenv(env->valuestring) && *getenv(env->valuestring)) path = getenv(env->valuestring);
    if (!path) {
      buf_puts(err, "\"$file\" must be a string");
      return -1;
    }
    Buf full = {0};
    if (path[0] == '/') buf_puts(&full, path);
    else buf_printf(&full, "%s/%s", dir, path);
    size_t len;
    char *text = file_read_all(buf_cstr(&full), &len, MAX_DESC_BYTES);
    if (!text) {
      buf_printf(err, "cannot read %s: %s", buf_cstr(&full), strerror(errno));
      buf_free(&full);
      return -1;
    }
    cJSON *v = cJSON_ParseWithLength(text, len);
    if (!v) {
      buf_printf(err, "%s is not valid JSON", buf_cstr(&full));
      free(text);
      buf_free(&full);
      return -1;
    }
    sha_update(sha, text, len);
    *any = true;
    free(text);
    buf_free(&full);
    if (cJSON_IsObject(x)) cJSON_ReplaceItemInObjectCaseSensitive(x, k->string, v);
    else cJSON_ReplaceItemViaPointer(x, k, v);
    k = v;
  }
  return 0;
}

static const char *str_at(const cJSON *o, const char *name) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(x) ? x->valuestring : NULL;
}

static bool list_has(const cJSON *list, const char *s) {
  if (cJSON_IsString(list)) return strcmp(list->valuestring, s) == 0;
  for (const cJSON *k = cJSON_IsArray(list) ? list->child : NULL; k; k = k->next)
    if (cJSON_IsString(k) && strcmp(k->valuestring, s) == 0) return true;
  return false;
}

static bool glob_has(const cJSON *list, const char *s) {
  const cJSON *one = list;
  const cJSON *k = cJSON_IsArray(list) ? list->child : one;
  for (; k; k = cJSON_IsArray(list) ? k->next : NULL) {
    if (!cJSON_IsString(k)) continue;
    const char *g = k->valuestring;
    size_t n = strlen(g);
    if (n && g[n - 1] == '*' ? strncmp(g, s, n - 1) == 0 : strcmp(g, s) == 0) return true;
  }
  return false;
}

/* Does a variant's "when" hold? unknown_refs: refs not known yet (then a
 * condition on refs does not hold). */
static bool when_holds(const cJSON *when, JobKind kind, int refs, const char *model) {
  if (!cJSON_IsObject(when)) return true;
  const cJSON *k = cJSON_GetObjectItemCaseSensitive(when, "kind");
  if (k && !list_has(k, job_kind_name(kind))) return false;
  const cJSON *r = cJSON_GetObjectItemCaseSensitive(when, "refs");
  if (r && (refs < 0 || cJSON_IsTrue(r) != (refs > 0))) return false;
  const cJSON *m = cJSON_GetObjectItemCaseSensitive(when, "model");
  if (m && (!model || !glob_has(m, model))) return false;
  return true;
}

static cJSON *resolve(const cJSON *desc, JobKind kind, int refs, const char *model) {
  cJSON *d = cJSON_Duplicate(desc, true);
  cJSON_DeleteItemFromObjectCaseSensitive(d, "variants");
  const cJSON *vs = cJSON_GetObjectItemCaseSensitive(desc, "variants");
  for (const cJSON *v = cJSON_IsArray(vs) ? vs->child : NULL; v; v = v->next) {
    if (!when_holds(cJSON_GetObjectItemCaseSensitive(v, "when"), kind, refs, model)) continue;
    cJSON *patch = cJSON_Duplicate(v, true);
    cJSON_DeleteItemFromObjectCaseSensitive(patch, "when");
    json_merge_patch(d, patch);
    cJSON_Delete(patch);
  }
  return d;
}

const cJSON *http_backend_resolve(HttpBackend *b, JobKind kind, bool refs, const char **text) {
  pthread_mutex_lock(&b->mu);
  cJSON **d = &b->resolved[kind][refs ? 1 : 0];
  if (!*d) {
    *d = resolve(b->desc, kind, refs ? 1 : 0, b->model[0] ? b->model : NULL);
    b->resolved_text[kind][refs ? 1 : 0] = cJSON_PrintUnformatted(*d);
  }
  if (text) *text = b->resolved_text[kind][refs ? 1 : 0];
  pthread_mutex_unlock(&b->mu);
  return *d;
}

/* Structural checks of a resolved description; err says what is wrong. */
static int check_desc(const cJSON *d, Buf *err) {
  const cJSON *submit = cJSON_GetObjectItemCaseSensitive(d, "submit");
  if (!cJSON_IsObject(submit) || !str_at(submit, "path")) {
    buf_puts(err, "submit.path is missing");
    return -1;
  }
  const cJSON *result = cJSON_GetObjectItemCaseSensitive(d, "result");
  const char *enc = result ? str_at(result, "encoding") : NULL;
  static const char *const encs[] = {"b64", "data_uri", "url", "raw_body", "download"};
  bool enc_ok = false;
  for (size_t i = 0; enc && i < sizeof encs / sizeof encs[0]; i++) enc_ok |= strcmp(enc, encs[i]) == 0;
  if (!enc_ok) {
    buf_puts(err, "result.encoding must be one of b64, data_uri, url, raw_body, download");
    return -1;
  }
  const cJSON *job = cJSON_GetObjectItemCaseSensitive(d, "job");
  if (job && str_at(job, "id_path")) {
    const cJSON *poll = cJSON_GetObjectItemCaseSensitive(d, "poll");
    if (!cJSON_IsObject(poll) || !str_at(poll, "path")) {
      buf_puts(err, "an asynchronous service (job.id_path) needs poll.path");
      return -1;
    }
    if (!cJSON_GetObjectItemCaseSensitive(poll, "done")) {
      buf_puts(err, "poll.done (the finished states) is missing");
      return -1;
    }
  }
  return 0;
}

HttpBackend *http_backend_load(const char *name, const char *model, JobKind kind, const char *const *dirs,
                               size_t ndirs, Buf *err) {
  if (!valid_name(name)) {
    buf_printf(err, "backend name '%s' is not valid (letters, digits, '-', '_')", name);
    return NULL;
  }
  Buf path = {0}, tried = {0};
  char *text = NULL;
  size_t len = 0;
  for (size_t i = 0; i < ndirs && !text; i++) {
    if (!dirs[i]) continue;
    buf_clear(&path);
    buf_printf(&path, "%s/%s.json", dirs[i], name);
    text = file_read_all(buf_cstr(&path), &len, MAX_DESC_BYTES);
    if (!text && errno != ENOENT) {
      buf_printf(err, "cannot read %s: %s", buf_cstr(&path), strerror(errno));
      buf_free(&path);
      buf_free(&tried);
      return NULL;
    }
    buf_printf(&tried, "%s%s", tried.len ? ", " : "", dirs[i]);
  }
  if (!text) {
    buf_printf(err, "no backend named '%s' (looked for %s.json in %s)", name, name, tried.len ? tried.data : "no folder");
    buf_free(&path);
    buf_free(&tried);
    return NULL;
  }
  buf_free(&tried);
  HttpBackend *b = xcalloc(1, sizeof *b);
  pthread_mutex_init(&b->mu, NULL);
  b->name = xstrdup(name);
  b->path = buf_take(&path);
  b->desc = cJSON_ParseWithLength(text, len);
  free(text);
  ShaCtx *sha = sha_new();
  bool files = false;
  Buf why = {0}, tmp = {0};
  char *dir = xstrdup(b->path);
  *strrchr(dir, '/') = 0;
  if (!cJSON_IsObject(b->desc)) {
    buf_puts(&why, "not a JSON object");
  } else if (!str_at(b->desc, "name") || strcmp(str_at(b->desc, "name"), name) != 0) {
    buf_printf(&why, "its \"name\" must be \"%s\", the file's name", name);
  } else if (load_files(b->desc, dir, sha, &files, &why, 0) == 0) {
    /* STORYC_<NAME>_PATCH: a JSON merge patch over the description (its
     * digest goes into the identity, like the files) */
    const char *patch = env_of(name, "PATCH", &tmp);
    if (patch) {
      cJSON *pj = cJSON_Parse(patch);
      if (!cJSON_IsObject(pj)) {
        buf_printf(&why, "%s is not a JSON object", buf_cstr(&tmp));
      } else {
        json_merge_patch(b->desc, pj);
        sha_update(sha, patch, strlen(patch));
        files = true;
      }
      cJSON_Delete(pj);
    }
  }
  free(dir);
  if (!why.len && !list_has(cJSON_GetObjectItemCaseSensitive(b->desc, "kinds"), job_kind_name(kind))) {
    const cJSON *ks = cJSON_GetObjectItemCaseSensitive(b->desc, "kinds");
    Buf list = {0};
    for (const cJSON *k = cJSON_IsArray(ks) ? ks->child : NULL; k; k = k->next)
      if (cJSON_IsString(k)) buf_printf(&list, "%s%s", list.len ? ", " : "", k->valuestring);
    buf_printf(&why, "it does not make %s jobs (only: %s)", job_kind_name(kind), list.len ? list.data : "nothing");
    buf_free(&list);
  }
  if (!why.len) {
    /* The model: named in the plan, else the environment, else the default
     * of the kind (variants that depend on the kind only). */
    const char *m = model;
    if (!m) m = env_of(name, "MODEL", &tmp);
    cJSON *d = resolve(b->desc, kind, -1, NULL);
    const cJSON *md = cJSON_GetObjectItemCaseSensitive(d, "model");
    if (!m) m = cJSON_IsString(md) ? md->valuestring : str_at(md, "default");
    b->model = xstrdup(m ? m : "");
    cJSON_Delete(d);
    d = resolve(b->desc, kind, 0, b->model[0] ? b->model : NULL);
    if (check_desc(d, &why) == 0) {
      cJSON_Delete(d);
      d = resolve(b->desc, kind, 1, b->model[0] ? b->model : NULL);
      check_desc(d, &why);
    }
    /* Base URL: STORYC_<NAME>_BASE_URL, the description's variables, its default. */
    const cJSON *bu = cJSON_GetObjectItemCaseSensitive(d, "base_url");
    const char *url = env_of(name, "BASE_URL", &tmp);
    const cJSON *envs = cJSON_GetObjectItemCaseSensitive(bu, "env");
    for (const cJSON *e = cJSON_IsArray(envs) ? envs->child : envs; !url && e; e = cJSON_IsArray(envs) ? e->next : NULL)
      if (cJSON_IsString(e) && getenv(e->valuestring) && *getenv(e->valuestring)) url = getenv(e->valuestring);
    if (!url) url = cJSON_IsString(bu) ? bu->valuestring : str_at(bu, "default");
    if (!url && !why.len) buf_puts(&why, "base_url is missing");
    b->base_url = xstrdup(url ? url : "");
    size_t ul = strlen(b->base_url);
    while (ul && b->base_url[ul - 1] == '/') b->base_url[--ul] = 0;
    b->loopback = http_url_is_loopback(b->base_url);
    const cJSON *lim = cJSON_GetObjectItemCaseSensitive(d, "limit");
    double limit = cJSON_IsNumber(lim) ? lim->valuedouble : 4;
    buf_clear(&tmp);
    http_env_name(name, "LIMIT", &tmp);
    limit = http_env_num(buf_cstr(&tmp), limit);
    b->limit = limit < 1 ? 1 : limit > 256 ? 256 : (int)limit;
    cJSON_Delete(d);
  }
  if (why.len) {
    buf_printf(err, "%s: %s", b->path, why.data);
    buf_free(&why);
    buf_free(&tmp);
    sha_free(sha);
    http_backend_free(b);
    return NULL;
  }
  Buf id = {0};
  buf_puts(&id, name);
  if (b->model[0]) buf_printf(&id, "@%s", b->model);
  if (files) {
    unsigned char dg[32];
    char hex[65];
    sha_final(sha, dg);
    sha_hex(dg, hex);
    buf_printf(&id, "#%.8s", hex);
  }
  b->identity = buf_take(&id);
  sha_free(sha);
  buf_free(&why);
  buf_free(&tmp);
  return b;
}

void http_backend_free(HttpBackend *b) {
  if (!b) return;
  for (int i = 0; i < b->nspare_jobs; i++) free(b->spare_jobs[i]);
  free(b->name);
  free(b->model);
  free(b->identity);
  free(b->path);
  free(b->base_url);
  cJSON_Delete(b->desc);
  for (int k = 0; k < JOB_KIND_COUNT; k++) {
    for (int r = 0; r < 2; r++) {
      cJSON_Delete(b->resolved[k][r]);
      free(b->resolved_text[k][r]);
    }
  }
  pthread_mutex_destroy(&b->mu);
  free(b);
}

int http_backend_preflight(const HttpBackend *b, JobKind kind, Buf *why) {
  char reason[256];
  if (!http_url_allowed(b->base_url, reason, sizeof reason)) {
    Buf var = {0};
    http_env_name(b->name, "BASE_URL", &var);
    buf_printf(why, "backend %s: base URL %s: %s (set %s or the service's own variable)", b->name, b->base_url,
               reason, buf_cstr(&var));
    buf_free(&var);
    return -1;
  }
  cJSON *d = resolve(b->desc, kind, -1, b->model[0] ? b->model : NULL);
  Buf e = {0};
  int rc = http_auth_check(cJSON_GetObjectItemCaseSensitive(d, "auth"), http_url_is_loopback(b->base_url), &e);
  if (rc != 0) buf_printf(why, "backend %s needs %s", b->name, buf_cstr(&e));
  buf_free(&e);
  cJSON_Delete(d);
  return rc;
}

double http_cost_of(const cJSON *d, const cJSON *params) {
  const cJSON *cost = cJSON_GetObjectItemCaseSensitive(d, "cost");
  double total = 0;
  if (cJSON_IsObject(cost)) {
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(cost, "per_call");
    if (cJSON_IsNumber(c)) total += c->valuedouble;
    c = cJSON_GetObjectItemCaseSensitive(cost, "per_second");
    if (cJSON_IsNumber(c)) total += c->valuedouble * http_output_seconds(d, params);
    c = cJSON_GetObjectItemCaseSensitive(cost, "per_1k_chars");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(params, "text");
    if (cJSON_IsNumber(c) && cJSON_IsString(text)) total += c->valuedouble * (double)strlen(text->valuestring) / 1000.0;
  }
  return total;
}

double http_backend_cost(HttpBackend *b, const PlanJob *job) {
  cJSON *params = cJSON_Parse(job->params);
  const cJSON *refs = cJSON_GetObjectItemCaseSensitive(params, "refs");
  const cJSON *d = http_backend_resolve(b, job->kind, cJSON_IsArray(refs) && refs->child, NULL);
  double total = http_cost_of(d, params);
  cJSON_Delete(params);
  return total;
}
