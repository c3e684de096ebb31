/* http_auth.c - credentials of the HTTP backends (http_desc.h): bearer
 * tokens, custom headers, basic auth and JWT HS256, each from environment
 * variables. Values read here are recorded as secrets in the job's
 * variables so that every message and log line is redacted of them; they
 * go into request headers only, which the engine never logs. */
#include "http_desc.h"
#include "http_media.h"
#include "util.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *str_at(const cJSON *o, const char *name) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);
  return cJSON_IsString(x) ? x->valuestring : NULL;
}

static const char *env_value(const char *var) {
  const char *v = var ? getenv(var) : NULL;
  return v && *v ? v : NULL;
}

static bool is_optional(const cJSON *auth, bool loopback) {
  return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(auth, "optional")) ||
         (loopback && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(auth, "optional_on_loopback")));
}

/* The first ${env:NAME} inside the claims whose variable is unset, copied
 * into name; NULL when all are set. */
static const char *missing_claim_env(const cJSON *x, char *name, size_t cap) {
  if (cJSON_IsString(x)) {
    const char *p = x->valuestring;
    while ((p = strstr(p, "${env:"))) {
      const char *end = strchr(p, '}');
      size_t n = end ? (size_t)(end - p - 6) : 0;
      if (!end || n >= cap) return NULL;
      memcpy(name, p + 6, n);
      name[n] = 0;
      if (!env_value(name)) return name;
      p = end;
    }
    return NULL;
  }
  for (const cJSON *k = x ? x->child : NULL; k; k = k->next) {
    const char *m = missing_claim_env(k, name, cap);
    if (m) return m;
  }
  return NULL;
}

/* The first environment variable the block needs that is unset (a pointer
 * into auth or into name), or NULL. */
static const char *missing_var(const cJSON *auth, char *name, size_t cap) {
  const char *type = str_at(auth, "type");
  if (!type || strcmp(type, "none") == 0) return NULL;
  if (strcmp(type, "bearer") == 0 || strcmp(type, "header") == 0) {
    const char *var = str_at(auth, "env");
    return env_value(var) ? NULL : var ? var : "(auth.env)";
  }
  if (strcmp(type, "basic") == 0) {
    const char *u = str_at(auth, "user_env"), *p = str_at(auth, "password_env");
    if (!env_value(u)) return u ? u : "(auth.user_env)";
    if (!env_value(p)) return p ? p : "(auth.password_env)";
    return NULL;
  }
  if (strcmp(type, "jwt_hs256") == 0) {
    const char *s = str_at(auth, "secret_env");
    if (!env_value(s)) return s ? s : "(auth.secret_env)";
    return missing_claim_env(cJSON_GetObjectItemCaseSensitive(auth, "claims"), name, cap);
  }
  return NULL;
}

int http_auth_check(const cJSON *auth, bool loopback, Buf *why) {
  if (!cJSON_IsObject(auth)) return 0;
  const char *type = str_at(auth, "type");
  static const char *const known[] = {"none", "bearer", "header", "basic", "jwt_hs256"};
  bool ok = false;
  for (size_t i = 0; type && i < sizeof known / sizeof known[0]; i++) ok |= strcmp(type, known[i]) == 0;
  if (!ok) {
    buf_printf(why, "a known auth.type (none, bearer, header, basic, jwt_hs256), not %s", type ? type : "nothing");
    return -1;
  }
  char name[128];
  const char *var = missing_var(auth, name, sizeof name);
  if (!var || is_optional(auth, loopback)) return 0;
  buf_printf(why, "%s in the environment", var);
  return -1;
}

void http_jwt_hs256(const char *claims_json, const char *secret, Buf *out) {
  static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
  Buf signing = {0};
  b64_encode(header, strlen(header), true, &signing);
  buf_putc(&signing, '.');
  b64_encode(claims_json, strlen(claims_json), true, &signing);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int maclen = 0;
  HMAC(EVP_sha256(), secret, (int)strlen(secret), (const unsigned char *)signing.data, signing.len, mac, &maclen);
  buf_append(out, signing.data, signing.len);
  buf_putc(out, '.');
  b64_encode(mac, maclen, true, out);
  buf_free(&signing);
}

static void add_header(char ***hdrs, size_t *n, const char *name, const char *prefix, const char *value) {
  Buf line = {0};
  buf_printf(&line, "%s: %s%s", name, prefix ? prefix : "", value);
  *hdrs = xrealloc(*hdrs, (*n + 1) * sizeof **hdrs);
  (*hdrs)[(*n)++] = buf_take(&line);
}

int http_auth_headers(const cJSON *auth, bool loopback, HttpVars *v, char ***hdrs, size_t *n, Buf *err) {
  if (!cJSON_IsObject(auth)) return 0;
  const char *type = str_at(auth, "type");
  if (!type || strcmp(type, "none") == 0) return 0;
  char name[128];
  const char *var = missing_var(auth, name, sizeof name);
  if (var) {
    if (is_optional(auth, loopback)) return 0;
    buf_printf(err, "%s is not set in the environment", var);
    return -1;
  }
  const char *header = str_at(auth, "header");
  const char *prefix = str_at(auth, "prefix");
  if (strcmp(type, "bearer") == 0) {
    const char *key = getenv(str_at(auth, "env"));
    http_vars_secret(v, key);
    add_header(hdrs, n, header ? header : "Authorization", prefix ? prefix : "Bearer ", key);
  } else if (strcmp(type, "header") == 0) {
    const char *key = getenv(str_at(auth, "env"));
    http_vars_secret(v, key);
    add_header(hdrs, n, header ? header : "Authorization", prefix, key);
  } else if (strcmp(type, "basic") == 0) {
    const char *u = getenv(str_at(auth, "user_env")), *p = getenv(str_at(auth, "password_env"));
    http_vars_secret(v, p);
    Buf up = {0}, enc = {0};
    buf_printf(&up, "%s:%s", u, p);
    b64_encode(up.data, up.len, false, &enc);
    http_vars_secret(v, enc.data);
    add_header(hdrs, n, header ? header : "Authorization", "Basic ", enc.data);
    buf_free(&up);
    buf_free(&enc);
  } else if (strcmp(type, "jwt_hs256") == 0) {
    const char *secret = getenv(str_at(auth, "secret_env"));
    http_vars_secret(v, secret);
    bool failed;
    cJSON *claims = tmpl_expand(cJSON_GetObjectItemCaseSensitive(auth, "claims"), v, err, &failed);
    if (failed) return -1;
    if (!cJSON_IsObject(claims)) {
      cJSON_Delete(claims);
      claims = cJSON_CreateObject();
    }
    const cJSON *ttl = cJSON_GetObjectItemCaseSensitive(auth, "ttl_s");
    const cJSON *skew = cJSON_GetObjectItemCaseSensitive(auth, "nbf_skew_s");
    double now = (double)time(NULL);
    cJSON_AddNumberToObject(claims, "exp", now + (cJSON_IsNumber(ttl) ? ttl->valuedouble : 1800));
    cJSON_AddNumberToObject(claims, "nbf", now - (cJSON_IsNumber(skew) ? skew->valuedouble : 5));
    char *text = cJSON_PrintUnformatted(claims);
    Buf jwt = {0};
    http_jwt_hs256(text, secret, &jwt);
    http_vars_secret(v, jwt.data);
    add_header(hdrs, n, header ? header : "Authorization", prefix ? prefix : "Bearer ", jwt.data);
    buf_free(&jwt);
    free(text);
    cJSON_Delete(claims);
  } else {
    buf_printf(err, "unknown auth.type %s", type);
    return -1;
  }
  return 0;
}
