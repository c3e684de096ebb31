/* jsoncanon.c - canonical JSON encoding (jsoncanon.h). */
#include "jsoncanon.h"
#include "util.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int member_cmp(const void *a, const void *b) {
  const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
  return strcmp(x->string, y->string);
}

static void canon_number(double d, Buf *out) {
  if (isfinite(d) && d == floor(d) && fabs(d) < 9007199254740992.0)
    buf_printf(out, "%lld", (long long)d);
  else if (isfinite(d))
    buf_printf(out, "%.17g", d);
  else
    buf_puts(out, "null");
}

void json_canonical(const cJSON *v, Buf *out) {
  if (!v || cJSON_IsNull(v)) {
    buf_puts(out, "null");
  } else if (cJSON_IsTrue(v)) {
    buf_puts(out, "true");
  } else if (cJSON_IsFalse(v)) {
    buf_puts(out, "false");
  } else if (cJSON_IsNumber(v)) {
    canon_number(v->valuedouble, out);
  } else if (cJSON_IsString(v)) {
    buf_json_string(out, v->valuestring, strlen(v->valuestring));
  } else if (cJSON_IsArray(v)) {
    buf_putc(out, '[');
    const cJSON *e;
    int first = 1;
    cJSON_ArrayForEach(e, v) {
      if (!first) buf_putc(out, ',');
      first = 0;
      json_canonical(e, out);
    }
    buf_putc(out, ']');
  } else if (cJSON_IsObject(v)) {
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v) n++;
    const cJSON **m = xmalloc((n ? n : 1) * sizeof *m);
    size_t i = 0;
    cJSON_ArrayForEach(e, v) m[i++] = e;
    qsort(m, n, sizeof *m, member_cmp);
    buf_putc(out, '{');
    for (i = 0; i < n; i++) {
      if (i) buf_putc(out, ',');
      buf_json_string(out, m[i]->string, strlen(m[i]->string));
      buf_putc(out, ':');
      json_canonical(m[i], out);
    }
    buf_putc(out, '}');
    free(m);
  } else {
    buf_puts(out, "null");
  }
}
