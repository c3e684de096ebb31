/* plan_json.c - the plan as JSON text and as a Graphviz graph (plan.h,
 * format in docs/plan.md). Writing is streamed into a Buf without building a
 * cJSON tree, since a plan may hold hundreds of thousands of jobs. */
#include "jsoncanon.h"
#include "plan.h"
#include "sha.h"
#include "util.h"
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void put_str(Buf *b, const char *s) { buf_json_string(b, s, strlen(s)); }

void plan_write_json(const Plan *p, Buf *b) {
  buf_puts(b, "{\n  \"format\": \"storyc-plan\",\n");
  buf_printf(b, "  \"version\": %d,\n  \"series\": {\"title\": ", PLAN_FORMAT_VERSION);
  put_str(b, p->title);
  buf_puts(b, ", \"language\": ");
  put_str(b, p->language);
  buf_printf(b, ", \"width\": %d, \"height\": %d, \"fps\": %d},\n  \"root\": ", p->width, p->height, p->fps);
  put_str(b, p->root);
  buf_puts(b, ",\n  \"files\": {");
  for (size_t i = 0; i < p->nfiles; i++) {
    buf_puts(b, i ? ",\n    " : "\n    ");
    put_str(b, p->files[i].digest);
    buf_puts(b, ": ");
    put_str(b, p->files[i].path);
  }
  buf_puts(b, p->nfiles ? "\n  },\n  \"jobs\": [" : "},\n  \"jobs\": [");
  for (size_t i = 0; i < p->njobs; i++) {
    const PlanJob *j = &p->jobs[i];
    buf_puts(b, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
    put_str(b, j->id);
    buf_printf(b, ", \"kind\": \"%s\", \"backend\": ", job_kind_name(j->kind));
    put_str(b, j->backend);
    buf_puts(b, ",\n     \"inputs\": [");
    for (size_t k = 0; k < j->ninputs; k++) {
      if (k) buf_puts(b, ", ");
      put_str(b, p->jobs[j->inputs[k]].id);
    }
    buf_puts(b, "],\n     \"params\": ");
    buf_puts(b, j->params);
    if (j->output) {
      buf_puts(b, ",\n     \"output\": ");
      put_str(b, j->output);
    }
    if (j->origin) {
      buf_puts(b, ",\n     \"origin\": ");
      buf_puts(b, j->origin);
    }
    buf_printf(b, ",\n     \"key\": \"%s\"}", j->key_hex);
  }
  buf_puts(b, p->njobs ? "\n  ]\n}\n" : "]\n}\n");
}

static const char *const kind_colors[JOB_KIND_COUNT] = {"lightblue", "palegreen", "khaki", "plum", "lightsalmon"};

void plan_write_dot(const Plan *p, Buf *b) {
  buf_puts(b, "digraph plan {\n  rankdir=LR;\n  node [shape=box, style=filled, fontname=\"sans\"];\n");
  for (size_t i = 0; i < p->njobs; i++) {
    const PlanJob *j = &p->jobs[i];
    buf_printf(b, "  j%zu [label=", i);
    put_str(b, j->id);
    buf_printf(b, ", fillcolor=%s];\n", kind_colors[j->kind]);
  }
  for (size_t i = 0; i < p->njobs; i++)
    for (size_t k = 0; k < p->jobs[i].ninputs; k++) buf_printf(b, "  j%zu -> j%zu;\n", p->jobs[i].inputs[k], i);
  buf_puts(b, "}\n");
}

static Plan *read_fail(Plan *p, cJSON *root, char **err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  Buf msg = {0};
  char tmp[512];
  vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  buf_puts(&msg, tmp);
  *err = buf_take(&msg);
  cJSON_Delete(root);
  plan_free(p);
  return NULL;
}

static const char *get_string(const cJSON *o, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int get_int(const cJSON *o, const char *name, int dflt) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsNumber(v) ? v->valueint : dflt;
}

/* Outputs stay inside the output folder: relative, no ".." component. */
static int output_path_ok(const char *o) {
  if (!o) return 1;
  if (!*o || o[0] == '/') return 0;
  for (const char *s = o; *s;) {
    const char *e = strchr(s, '/');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n == 0 || (n == 2 && s[0] == '.' && s[1] == '.') || (n == 1 && s[0] == '.')) return 0;
    s += n + (e ? 1 : 0);
  }
  return 1;
}

Plan *plan_read_json(const char *text, size_t len, char **err) {
  *err = NULL;
  Plan *p = plan_new();
  cJSON *root = cJSON_ParseWithLength(text, len);
  if (!root) return read_fail(p, NULL, err, "not valid JSON (near byte %ld)", (long)(cJSON_GetErrorPtr() - text));
  const char *fmt = get_string(root, "format");
  if (!cJSON_IsObject(root) || !fmt || strcmp(fmt, "storyc-plan") != 0)
    return read_fail(p, root, err, "not a storyc plan (no \"format\": \"storyc-plan\")");
  int version = get_int(root, "version", -1);
  if (version != PLAN_FORMAT_VERSION)
    return read_fail(p, root, err, "plan format version %d is not supported (this storyc reads version %d)",
                     version, PLAN_FORMAT_VERSION);
  const cJSON *series = cJSON_GetObjectItemCaseSensitive(root, "series");
  if (cJSON_IsObject(series)) {
    const char *s;
    if ((s = get_string(series, "title"))) p->title = arena_strdup(p->arena, s);
    if ((s = get_string(series, "language"))) p->language = arena_strdup(p->arena, s);
    p->width = get_int(series, "width", p->width);
    p->height = get_int(series, "height", p->height);
    p->fps = get_int(series, "fps", p->fps);
    if (p->width <= 0 || p->height <= 0 || p->fps <= 0 || p->width > 16384 || p->height > 16384 || p->fps > 240)
      return read_fail(p, root, err, "series size or fps out of range");
  }
  const char *rootdir = get_string(root, "root");
  if (rootdir) p->root = arena_strdup(p->arena, rootdir);
  const cJSON *files = cJSON_GetObjectItemCaseSensitive(root, "files"), *fv;
  cJSON_ArrayForEach(fv, files) {
    unsigned char d[32];
    if (!cJSON_IsString(fv) || !fv->string || sha_from_hex(fv->string, d) != 0)
      return read_fail(p, root, err, "\"files\" maps sha256 digests to paths; %s is not one", fv->string ? fv->string : "?");
    plan_add_file(p, fv->string, fv->valuestring);
  }
  const cJSON *jobs = cJSON_GetObjectItemCaseSensitive(root, "jobs");
  if (!cJSON_IsArray(jobs)) return read_fail(p, root, err, "plan has no \"jobs\" array");
  size_t *inputs = NULL, cap = 0, n = 0;
  const cJSON *jv;
  Buf canon = {0};
  cJSON_ArrayForEach(jv, jobs) {
    n++;
    const char *id = get_string(jv, "id"), *kind = get_string(jv, "kind"), *backend = get_string(jv, "backend");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(jv, "params");
    const cJSON *ins = cJSON_GetObjectItemCaseSensitive(jv, "inputs");
    const char *why = NULL;
    if (!cJSON_IsObject(jv)) why = "is not an object";
    else if (!id || !*id) why = "has no \"id\"";
    else if (!kind || job_kind_parse(kind) < 0) why = "has no valid \"kind\" (image, video, voice, music, edit)";
    else if (!backend || !*backend) why = "has no \"backend\"";
    else if (!cJSON_IsObject(params)) why = "has no \"params\" object";
    else if (ins && !cJSON_IsArray(ins)) why = "has \"inputs\" that is not an array";
    else if (plan_find(p, id) != (size_t)-1) why = "repeats an id";
    else if (!output_path_ok(get_string(jv, "output"))) why = "has an \"output\" that is not a relative path inside the output folder";
    if (why) {
      free(inputs);
      buf_free(&canon);
      return read_fail(p, root, err, "job %zu (%s) %s", n, id ? id : "?", why);
    }
    size_t nin = 0;
    const cJSON *iv;
    cJSON_ArrayForEach(iv, ins) {
      size_t k = cJSON_IsString(iv) ? plan_find(p, iv->valuestring) : (size_t)-1;
      if (k == (size_t)-1) {
        free(inputs);
        buf_free(&canon);
        return read_fail(p, root, err, "job %s: input %s is not a job defined before it", id,
                         cJSON_IsString(iv) ? iv->valuestring : "(not a string)");
      }
      if (nin == cap) {
        cap = cap ? cap * 2 : 16;
        inputs = xrealloc(inputs, cap * sizeof *inputs);
      }
      inputs[nin++] = k;
    }
    buf_clear(&canon);
    json_canonical(params, &canon);
    const cJSON *origin = cJSON_GetObjectItemCaseSensitive(jv, "origin");
    char *origin_text = NULL;
    if (cJSON_IsObject(origin)) {
      Buf o = {0};
      json_canonical(origin, &o);
      origin_text = buf_take(&o);
    }
    plan_add(p, id, (JobKind)job_kind_parse(kind), backend, inputs, nin, buf_cstr(&canon), get_string(jv, "output"),
             origin_text);
    free(origin_text);
  }
  free(inputs);
  buf_free(&canon);
  cJSON_Delete(root);
  plan_compute_keys(p);
  return p;
}
