/* http_tmpl.h - the small languages of backend descriptions
 * (docs/backends.md): ${...} templates over job variables, a JSONPath
 * subset to read answers, and JSON merge patches for variants.
 *
 * Templates: in a JSON value, a string that is exactly "${name}" becomes the
 * variable's value with its JSON type (a number stays a number, a list a
 * list); exactly "${?name}" is the same but the member (or list element) is
 * dropped when the variable is unset or empty; any other string has each
 * ${name} replaced by the variable's text. ${env:NAME} reads the environment
 * (the value counts as a secret: see HttpVars.secrets); ${name|str} is the
 * value as a string ("5" rather than 5). A variable name may
 * have dots: "ref.b64" is looked up as such, then as member b64 of "ref".
 *
 * Paths: $ the root, .name or ['name'] a member, [n] an element, [*] or .*
 * every element or member; results are flattened in document order. */
#ifndef STORYC_HTTP_TMPL_H
#define STORYC_HTTP_TMPL_H
#include "buf.h"
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum { HTTP_MAX_SECRETS = 8 };

typedef struct HttpVars {
  cJSON *v;                                 /* object: name -> value (owned) */
  char *secrets[HTTP_MAX_SECRETS];          /* values read from the environment, malloc'ed */
  size_t nsecrets;
} HttpVars;

void http_vars_init(HttpVars *v);
void http_vars_free(HttpVars *v);
/* Sets a variable (replacing). set takes ownership of val. */
void http_vars_set(HttpVars *v, const char *name, cJSON *val);
void http_vars_str(HttpVars *v, const char *name, const char *s);
void http_vars_num(HttpVars *v, const char *name, double n);
/* The value of a variable, or NULL when unset. */
const cJSON *http_vars_get(const HttpVars *v, const char *name);
/* Remembers a secret value (an API key) so that http_redact() removes it. */
void http_vars_secret(HttpVars *v, const char *value);
/* Replaces every secret in text by "[redacted]", in place (text is a Buf). */
void http_redact(const HttpVars *v, Buf *text);

/* Expands a template value. Returns a new value (NULL when the whole value
 * is an optional variable that is unset), or NULL with err set when a
 * required variable is missing. *failed tells the two NULLs apart. */
cJSON *tmpl_expand(const cJSON *t, HttpVars *v, Buf *err, bool *failed);
/* Expands a template string into out. With url_escape, substituted values
 * are percent-encoded (except unreserved characters and '/'). Returns 0, or
 * -1 with err set. */
int tmpl_string(const char *s, HttpVars *v, bool url_escape, Buf *out, Buf *err);

/* The text of a scalar: strings as is, integers without a fraction, other
 * numbers with %.17g, true/false; returns false for null, arrays, objects. */
bool json_scalar_text(const cJSON *x, Buf *out);

/* Every value path matches in root, appended to out (not owned; they point
 * into root). Returns the number found, or -1 when the path is malformed. */
typedef struct JsonMatches {
  const cJSON **items;
  size_t n, cap;
} JsonMatches;
int jpath_eval(const cJSON *root, const char *path, JsonMatches *out);
void json_matches_free(JsonMatches *m);
/* The first match, or NULL. */
const cJSON *jpath_first(const cJSON *root, const char *path);
/* Sets the member or element path names to val (taking ownership); the
 * parent must exist. Returns 0, or -1 (val freed). */
int jpath_set(cJSON *root, const char *path, cJSON *val);

/* RFC 7386 merge patch: objects merge member by member, null removes a
 * member, anything else replaces. Modifies target in place. */
void json_merge_patch(cJSON *target, const cJSON *patch);

#endif
