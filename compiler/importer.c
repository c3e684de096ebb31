/* importer.c - AUTOMATIC1111 styles.csv and Fooocus styles JSON -> .story
 * source text (importer.h).
 *
 * Both formats are read into a list of entries (name, prompt, negative, and
 * where the entry starts in the file), then written out as one `style`
 * declaration per entry. On the way:
 *  - the `{prompt}` placeholder, which marks where the subject goes, is
 *    dropped with the separators around it (storyc puts the shot's prompt
 *    first and the style after it): "cinematic still {prompt} . moody"
 *    becomes "cinematic still, moody", and "photo of {prompt}, grain"
 *    becomes "photo, grain" (a dangling "of", "a", "with", ... goes too);
 *  - white space runs (line breaks included) fold into one space;
 *  - names become identifiers: ASCII letters lowercased, everything that is
 *    not a letter or digit becomes '_' (runs folded, none at either end),
 *    a leading digit or a keyword gets 's_' in front, duplicates get _2, _3;
 *    the original name is the style's title;
 *  - '"', '\', '{' and '}' are escaped in the generated strings.
 * Errors point into the original file. */
#include "importer.h"
#include "buf.h"
#include "symtab.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NAME_MAX_BYTES 64
/* A generated string is one token; the lexer refuses tokens over 1 MiB.
 * Escaping at most doubles a text, so half of that, less the quotes. */
#define TEXT_MAX_BYTES (((size_t)512 << 10) - 8)
/* A style's name as written becomes its title. */
#define TITLE_MAX_BYTES 1024
#define JSON_MAX_DEPTH 256

typedef struct Entry {
  char *name;      /* as written, white space folded */
  char *prompt;    /* decoded field, or NULL */
  char *negative;  /* decoded field, or NULL */
  uint32_t off;    /* where the entry starts in the file */
  uint32_t poff;   /* where its prompt / negative start (for size errors) */
  uint32_t noff;
  char *ident;     /* the generated name */
} Entry;

typedef struct Entries {
  Entry *v;
  size_t n;
} Entries;

static Entry *entry_add(Entries *es, uint32_t off) {
  es->v = xrealloc(es->v, (es->n + 1) * sizeof *es->v);
  Entry *e = &es->v[es->n++];
  memset(e, 0, sizeof *e);
  e->off = off;
  return e;
}

static void entries_free(Entries *es) {
  for (size_t i = 0; i < es->n; i++) {
    free(es->v[i].name);
    free(es->v[i].prompt);
    free(es->v[i].negative);
    free(es->v[i].ident);
  }
  free(es->v);
}

bool importer_handles(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  return dot && (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".json") == 0);
}

static bool is_json_path(const char *path) {
  const char *dot = strrchr(path, '.');
  return dot && strcasecmp(dot, ".json") == 0;
}

/* ---- text clean-up --------------------------------------------------- */

static bool is_space(unsigned char c) { return c <= ' ' || c == 0x7f; }

/* Appends s[0..n) with every run of white space or control characters
 * folded into one space, none at either end. */
static void fold_space(Buf *out, const char *s, size_t n) {
  bool pending = false;
  size_t start = out->len;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (is_space(c)) {
      pending = true;
      continue;
    }
    if (pending && out->len > start) buf_putc(out, ' ');
    pending = false;
    buf_putc(out, (char)c);
  }
}

static char *folded(const char *s) {
  Buf b = {0};
  fold_space(&b, s, strlen(s));
  return buf_take(&b);
}

static bool is_sep(char c) { return c == ',' || c == '.' || c == ';' || c == ':' || c == '|' || is_space((unsigned char)c); }
static bool is_edge(char c) { return c == ',' || c == ';' || is_space((unsigned char)c); }

/* Words that only make sense with the subject after them ("photo of
 * {prompt}"): dropped from the end of the text before a placeholder. */
static const char *const dangling[] = {"of", "a", "an", "the", "with", "featuring", "depicting", "showing",
                                       "and", "in", "on", "at", "for", "from", "by", "about", "to"};

/* Trims trailing separators and dangling words from [a, *b). */
static void trim_before_placeholder(const char *a, const char **b) {
  for (;;) {
    while (*b > a && is_sep((*b)[-1])) (*b)--;
    const char *w = *b;
    while (w > a && !is_sep(w[-1]) && w[-1] != '(' && w[-1] != '[') w--;
    bool drop = false;
    for (size_t k = 0; k < sizeof dangling / sizeof *dangling && !drop; k++)
      drop = strlen(dangling[k]) == (size_t)(*b - w) && strncasecmp(w, dangling[k], (size_t)(*b - w)) == 0;
    if (!drop || w == *b) return;
    *b = w;
  }
}

/* A placeholder inside an emphasis group keeps the group without the
 * subject: "(photo of {prompt}:1.2)" becomes "(photo:1.2)"; a group left
 * with only a weight, "({prompt}:1.2)", becomes a bare placeholder. */
static char *unwrap_groups(const char *s) {
  static const char ph[] = "{prompt}";
  const size_t phl = sizeof ph - 1;
  Buf out = {0};
  buf_puts(&out, s);
  for (size_t from = 0;;) {
    char *t = out.data;
    char *h = t ? strstr(t + from, ph) : NULL;
    if (!h) break;
    size_t hi = (size_t)(h - t);
    long o = -1, c = -1, depth = 0;
    for (long i = (long)hi - 1; i >= 0 && o < 0; i--) {
      if (t[i] == ')') depth++;
      else if (t[i] == '(' && depth-- == 0) o = i;
    }
    depth = 0;
    for (size_t i = hi + phl; o >= 0 && t[i] && c < 0; i++) {
      if (t[i] == '(') depth++;
      else if (t[i] == ')' && depth-- == 0) c = (long)i;
    }
    if (o < 0 || c < 0) {
      from = hi + phl;
      continue;
    }
    const char *a = t + o + 1, *b = h, *x = h + phl, *y = t + c;
    trim_before_placeholder(a, &b);
    while (a < b && is_space((unsigned char)*a)) a++;
    while (x < y && (is_space((unsigned char)*x) || *x == ',')) x++;
    bool weight_only = x < y && *x == ':';
    Buf g = {0};
    if (b > a || (x < y && !weight_only)) {
      buf_putc(&g, '(');
      buf_append(&g, a, (size_t)(b - a));
      if (b > a && x < y && !weight_only) buf_puts(&g, ", ");
      buf_append(&g, x, (size_t)(y - x));
      buf_putc(&g, ')');
    } else {
      buf_puts(&g, ph);
    }
    Buf next = {0};
    buf_append(&next, t, (size_t)o);
    buf_append(&next, g.data ? g.data : "", g.len);
    buf_puts(&next, t + c + 1);
    from = (size_t)o + (g.len == phl && memcmp(g.data, ph, phl) == 0 ? phl : g.len);
    buf_free(&g);
    buf_free(&out);
    out = next;
  }
  return buf_take(&out);
}

/* A style's text: the pieces around each {prompt}, each trimmed of the
 * separators next to the placeholder (and of dangling words such as "of"
 * before it), joined with ", ". */
static char *style_text(const char *text) {
  static const char ph[] = "{prompt}";
  Buf out = {0};
  char *s = unwrap_groups(text);
  const char *p = s;
  bool after_ph = false;
  for (;;) {
    const char *hit = strstr(p, ph);
    const char *end = hit ? hit : p + strlen(p);
    const char *a = p, *b = end;
    while (a < b && (after_ph ? is_sep(*a) : is_edge(*a))) a++;
    if (hit) trim_before_placeholder(a, &b);
    else
      while (b > a && is_edge(b[-1])) b--;
    if (b > a) {
      if (out.len) buf_puts(&out, ", ");
      fold_space(&out, a, (size_t)(b - a));
    }
    if (!hit) break;
    p = hit + sizeof ph - 1;
    after_ph = true;
  }
  free(s);
  return buf_take(&out);
}

/* Appends s as the inside of a .story string literal. */
static void put_escaped(Buf *out, const char *s) {
  for (; *s; s++) {
    if (*s == '"' || *s == '\\' || *s == '{' || *s == '}') buf_putc(out, '\\');
    buf_putc(out, *s);
  }
}

/* ---- names ----------------------------------------------------------- */

static const char *const keywords[] = {"import", "as",      "series", "style", "extends", "character",
                                       "creature", "place", "music",  "episode", "scene", "at",
                                       "cue",    "fade",    "shot",   "size",  "camera",  "backends"};

/* Decodes the UTF-8 sequence at s (already validated); returns its length. */
static size_t utf8_decode(const unsigned char *s, unsigned *cp) {
  if (s[0] < 0x80) return *cp = s[0], 1;
  if (s[0] < 0xE0) return *cp = (s[0] & 31u) << 6 | (s[1] & 63u), 2;
  if (s[0] < 0xF0) return *cp = (s[0] & 15u) << 12 | (s[1] & 63u) << 6 | (s[2] & 63u), 3;
  *cp = (s[0] & 7u) << 18 | (s[1] & 63u) << 12 | (s[2] & 63u) << 6 | (s[3] & 63u);
  return 4;
}

/* Non-ASCII code points that are punctuation, spaces or symbols, not
 * letters: they become '_' in names like ASCII punctuation does. */
static bool is_punct_cp(unsigned cp) {
  return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
         (cp >= 0xFFF0 && cp <= 0xFFFF) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

/* The identifier for a style name (malloc'ed), before de-duplication. */
static char *ident_of(const char *name) {
  Buf b = {0};
  bool under = true; /* no '_' at the start */
  const unsigned char *s = (const unsigned char *)name;
  while (*s) {
    unsigned cp;
    size_t len = utf8_decode(s, &cp);
    bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (alnum) {
      buf_putc(&b, (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
      under = false;
    } else if (cp < 0x80 || is_punct_cp(cp)) {
      if (!under) buf_putc(&b, '_');
      under = true;
    } else {
      if (b.len + len > NAME_MAX_BYTES) break;
      buf_append(&b, s, len);
      under = false;
    }
    s += len;
    if (b.len >= NAME_MAX_BYTES) break;
  }
  while (b.len && b.data[b.len - 1] == '_') b.data[--b.len] = 0;
  if (b.len > NAME_MAX_BYTES) { /* only ASCII can overshoot by one */
    b.data[NAME_MAX_BYTES] = 0;
    b.len = NAME_MAX_BYTES;
    while (b.len && b.data[b.len - 1] == '_') b.data[--b.len] = 0;
  }
  if (b.len == 0) buf_puts(&b, "unnamed");
  bool prefix = b.data[0] >= '0' && b.data[0] <= '9';
  for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
    if (strcmp(b.data, keywords[i]) == 0) prefix = true;
  if (prefix) {
    Buf p = {0};
    buf_printf(&p, "s_%s", b.data);
    buf_free(&b);
    return buf_take(&p);
  }
  return buf_take(&b);
}

/* Gives every entry a distinct identifier. An entry keeps its own name when
 * it can; a duplicate takes NAME_2, NAME_3, ... skipping names that other
 * entries have of their own. */
static void assign_idents(Entries *es) {
  Symtab own = {0}, used = {0};
  static int present;
  for (size_t i = 0; i < es->n; i++) {
    es->v[i].ident = ident_of(es->v[i].name);
    symtab_put(&own, es->v[i].ident, &present);
  }
  Buf cand = {0};
  for (size_t i = 0; i < es->n; i++) {
    Entry *e = &es->v[i];
    if (symtab_get(&used, e->ident)) {
      for (unsigned k = 2;; k++) {
        buf_clear(&cand);
        buf_printf(&cand, "%s_%u", e->ident, k);
        if (!symtab_get(&used, buf_cstr(&cand)) && !symtab_get(&own, buf_cstr(&cand))) break;
      }
      free(e->ident);
      e->ident = xstrdup(buf_cstr(&cand));
    }
    symtab_put(&used, e->ident, &present);
  }
  buf_free(&cand);
  symtab_free(&own);
  symtab_free(&used);
}

/* ---- A1111 styles.csv ------------------------------------------------ */

typedef struct Field {
  Buf text;
  uint32_t off;
} Field;

typedef struct Record {
  Field *f;
  size_t n, cap;
  uint32_t off;
} Record;

static Field *field_new(Record *r, uint32_t off) {
  if (r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 4;
    r->f = xrealloc(r->f, cap * sizeof *r->f);
    memset(r->f + r->cap, 0, (cap - r->cap) * sizeof *r->f);
    r->cap = cap;
  }
  Field *fl = &r->f[r->n++];
  buf_clear(&fl->text);
  fl->off = off;
  return fl;
}

/* Reads the record at *pos (RFC 4180: fields separated by ',', quoted fields
 * with "" for a quote and line breaks inside, records ended by LF or CRLF).
 * Returns 1 with a record, 0 at the end of the input, -1 after an error. */
static int csv_record(SourceFile *f, Diags *d, size_t *pos, Record *r) {
  const char *s = f->text;
  size_t n = f->len, i = *pos;
  r->n = 0;
  if (i >= n) return 0;
  r->off = (uint32_t)i;
  for (;;) {
    Field *fl = field_new(r, (uint32_t)i);
    if (i < n && s[i] == '"') {
      size_t q = i++;
      for (;;) {
        if (i >= n) {
          diag_error(d, f, (uint32_t)q, 1,
                     "unterminated quoted field: this '\"' is never closed (a quote inside a quoted field is "
                     "written \"\")");
          return -1;
        }
        if (s[i] == '"') {
          if (i + 1 < n && s[i + 1] == '"') {
            buf_putc(&fl->text, '"');
            i += 2;
            continue;
          }
          i++;
          break;
        }
        buf_putc(&fl->text, s[i++]);
      }
      while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
      if (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r') {
        diag_error(d, f, (uint32_t)i, 1,
                   "expected ',' or the end of the line after a quoted field (a quote inside a quoted field is "
                   "written \"\")");
        return -1;
      }
    } else {
      while (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r') buf_putc(&fl->text, s[i++]);
    }
    if (i < n && s[i] == ',') {
      i++;
      continue;
    }
    if (i < n && s[i] == '\r') i++;
    if (i < n && s[i] == '\n') i++;
    break;
  }
  *pos = i;
  return 1;
}

static bool blank(const char *s) {
  for (; s && *s; s++)
    if (!is_space((unsigned char)*s)) return false;
  return true;
}

static bool record_blank(const Record *r) {
  for (size_t k = 0; k < r->n; k++)
    if (!blank(buf_cstr(&r->f[k].text))) return false;
  return true;
}

/* Column header match: case and surrounding blanks ignored. */
static bool header_is(const Field *fl, const char *want) {
  char *h = folded(buf_cstr(&fl->text));
  bool eq = h && strcasecmp(h, want) == 0;
  free(h);
  return eq;
}

static int csv_read(SourceFile *f, Diags *d, Entries *es) {
  Record r = {0};
  size_t pos = 0;
  int rc, errors = 0;
  long col_name = -1, col_prompt = -1, col_neg = -1;
  bool have_header = false;
  while ((rc = csv_record(f, d, &pos, &r)) > 0) {
    if (record_blank(&r)) continue;
    if (!have_header) {
      have_header = true;
      for (size_t k = 0; k < r.n; k++) {
        if (col_name < 0 && header_is(&r.f[k], "name")) col_name = (long)k;
        else if (col_prompt < 0 && (header_is(&r.f[k], "prompt") || header_is(&r.f[k], "text"))) col_prompt = (long)k;
        else if (col_neg < 0 && (header_is(&r.f[k], "negative_prompt") || header_is(&r.f[k], "negative")))
          col_neg = (long)k;
      }
      if (col_name < 0) {
        uint32_t ls = r.off, le = ls;
        while (le < f->len && f->text[le] != '\n' && f->text[le] != '\r') le++;
        diag_error(d, f, ls, le - ls,
                   "no 'name' column: the first line of an A1111 styles.csv names the columns, "
                   "name,prompt,negative_prompt");
        rc = -1;
        break;
      }
      continue;
    }
    Field *fn = (size_t)col_name < r.n ? &r.f[col_name] : NULL;
    Field *fp = col_prompt >= 0 && (size_t)col_prompt < r.n ? &r.f[col_prompt] : NULL;
    Field *fg = col_neg >= 0 && (size_t)col_neg < r.n ? &r.f[col_neg] : NULL;
    if (!fn || blank(buf_cstr(&fn->text))) {
      diag_error(d, f, fn ? fn->off : r.off, 0, "this style has no name (the 'name' column is empty)");
      errors++;
      if (d->stopped) break;
      continue;
    }
    Entry *e = entry_add(es, r.off);
    e->name = folded(buf_cstr(&fn->text));
    if (fp) e->prompt = xstrdup(buf_cstr(&fp->text)), e->poff = fp->off;
    if (fg) e->negative = xstrdup(buf_cstr(&fg->text)), e->noff = fg->off;
  }
  for (size_t k = 0; k < r.cap; k++) buf_free(&r.f[k].text);
  free(r.f);
  return rc < 0 || errors ? -1 : 0;
}

/* ---- Fooocus styles JSON --------------------------------------------- */

typedef struct Json {
  SourceFile *f;
  Diags *d;
  const char *s;
  size_t n, i;
  int depth;
} Json;

static void jws(Json *j) {
  while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' || j->s[j->i] == '\r')) j->i++;
}

static int jfail(Json *j, size_t at, const char *msg) {
  diag_error(j->d, j->f, (uint32_t)at, at < j->n ? 1 : 0, "%s", msg);
  return -1;
}

static int jhex4(const char *s, unsigned *v) {
  *v = 0;
  for (int k = 0; k < 4; k++) {
    char h = s[k];
    int x = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
    if (x < 0) return -1;
    *v = *v * 16 + (unsigned)x;
  }
  return 0;
}

/* A string at j->i (which is '"') into out (NULL: skip). */
static int jstring(Json *j, Buf *out) {
  size_t q = j->i++;
  Buf scratch = {0};
  Buf *b = out ? out : &scratch;
  for (;;) {
    if (j->i >= j->n) {
      buf_free(&scratch);
      return jfail(j, q, "unterminated JSON string: this '\"' is never closed");
    }
    unsigned char c = (unsigned char)j->s[j->i];
    if (c == '"') {
      j->i++;
      break;
    }
    if (c < 0x20) {
      buf_free(&scratch);
      return jfail(j, j->i, "a line break or control character inside a JSON string: write it as \\n or \\uXXXX");
    }
    if (c != '\\') {
      buf_putc(b, (char)c);
      j->i++;
      continue;
    }
    char e = j->i + 1 < j->n ? j->s[j->i + 1] : 0;
    size_t at = j->i;
    j->i += 2;
    switch (e) {
    case '"': buf_putc(b, '"'); break;
    case '\\': buf_putc(b, '\\'); break;
    case '/': buf_putc(b, '/'); break;
    case 'b': case 'f': case 'n': case 'r': case 't': buf_putc(b, ' '); break;
    case 'u': {
      unsigned cp, lo;
      if (j->i + 4 > j->n || jhex4(j->s + j->i, &cp) < 0) {
        buf_free(&scratch);
        return jfail(j, at, "bad JSON escape: \\u takes four hex digits");
      }
      j->i += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF && j->i + 6 <= j->n && j->s[j->i] == '\\' && j->s[j->i + 1] == 'u' &&
          jhex4(j->s + j->i + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        j->i += 6;
      } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD; /* a lone surrogate */
      }
      buf_put_utf8(b, cp == 0 ? ' ' : cp);
      break;
    }
    default:
      buf_free(&scratch);
      return jfail(j, at, "bad JSON escape: use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX");
    }
  }
  buf_free(&scratch);
  return 0;
}

static bool jdigits(Json *j) {
  size_t s = j->i;
  while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') j->i++;
  return j->i > s;
}

static int jvalue(Json *j);

static int jcontainer(Json *j, char close) {
  size_t open = j->i++;
  if (++j->depth > JSON_MAX_DEPTH) return jfail(j, open, "JSON nested deeper than 256 levels");
  jws(j);
  if (j->i < j->n && j->s[j->i] == close) {
    j->i++;
    j->depth--;
    return 0;
  }
  for (;;) {
    jws(j);
    if (close == '}') {
      if (j->i >= j->n || j->s[j->i] != '"') return jfail(j, j->i, "invalid JSON: expected a member name in quotes");
      if (jstring(j, NULL) < 0) return -1;
      jws(j);
      if (j->i >= j->n || j->s[j->i] != ':') return jfail(j, j->i, "invalid JSON: expected ':' after the member name");
      j->i++;
      jws(j);
    }
    if (jvalue(j) < 0) return -1;
    jws(j);
    if (j->i < j->n && j->s[j->i] == ',') {
      j->i++;
      continue;
    }
    if (j->i < j->n && j->s[j->i] == close) {
      j->i++;
      j->depth--;
      return 0;
    }
    return jfail(j, j->i, close == '}' ? "invalid JSON: expected ',' or '}'" : "invalid JSON: expected ',' or ']'");
  }
}

/* Skips one value at j->i, checking its syntax. */
static int jvalue(Json *j) {
  if (j->i >= j->n) return jfail(j, j->i, "invalid JSON: the file ends where a value should be");
  char c = j->s[j->i];
  if (c == '"') return jstring(j, NULL);
  if (c == '{') return jcontainer(j, '}');
  if (c == '[') return jcontainer(j, ']');
  static const char *const lits[] = {"true", "false", "null"};
  for (int k = 0; k < 3; k++) {
    size_t len = strlen(lits[k]);
    if (j->n - j->i >= len && memcmp(j->s + j->i, lits[k], len) == 0) {
      j->i += len;
      return 0;
    }
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    size_t at = j->i;
    if (c == '-') j->i++;
    if (!jdigits(j)) return jfail(j, at, "invalid JSON number");
    if (j->i < j->n && j->s[j->i] == '.') {
      j->i++;
      if (!jdigits(j)) return jfail(j, at, "invalid JSON number");
    }
    if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
      j->i++;
      if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-')) j->i++;
      if (!jdigits(j)) return jfail(j, at, "invalid JSON number");
    }
    return 0;
  }
  return jfail(j, j->i, "invalid JSON: expected a value (a string, number, object, array, true, false or null)");
}

static bool is_null(Json *j) { return j->n - j->i >= 4 && memcmp(j->s + j->i, "null", 4) == 0; }

/* One style object at j->i ('{'). Returns -1 on a syntax error (stop), 1 for
 * an entry with an error (reported; go on), 0 when fine. */
static int jstyle(Json *j, Entries *es) {
  size_t open = j->i++;
  char *name = NULL, *prompt = NULL, *negative = NULL;
  size_t name_at = 0, poff = 0, noff = 0;
  int bad = 0;
  jws(j);
  bool empty = j->i < j->n && j->s[j->i] == '}';
  if (empty) j->i++;
  while (!empty) {
    jws(j);
    if (j->i >= j->n || j->s[j->i] != '"') goto syntax;
    Buf key = {0};
    if (jstring(j, &key) < 0) {
      buf_free(&key);
      goto syntax_reported;
    }
    jws(j);
    if (j->i >= j->n || j->s[j->i] != ':') {
      buf_free(&key);
      jfail(j, j->i, "invalid JSON: expected ':' after the member name");
      goto syntax_reported;
    }
    j->i++;
    jws(j);
    char **slot = NULL;
    size_t *slot_at = NULL;
    const char *k = buf_cstr(&key);
    if (strcmp(k, "name") == 0) slot = &name, slot_at = &name_at;
    else if (strcmp(k, "prompt") == 0) slot = &prompt, slot_at = &poff;
    else if (strcmp(k, "negative_prompt") == 0) slot = &negative, slot_at = &noff;
    if (slot && j->i < j->n && j->s[j->i] == '"') {
      Buf v = {0};
      *slot_at = j->i;
      if (jstring(j, &v) < 0) {
        buf_free(&v);
        buf_free(&key);
        goto syntax_reported;
      }
      free(*slot);
      *slot = buf_take(&v);
    } else {
      if (slot && !is_null(j)) {
        diag_error(j->d, j->f, (uint32_t)j->i, 1, "\"%s\" should be a string", k);
        bad = slot == &name ? 2 : 1;
      }
      if (jvalue(j) < 0) {
        buf_free(&key);
        goto syntax_reported;
      }
    }
    buf_free(&key);
    jws(j);
    if (j->i < j->n && j->s[j->i] == ',') {
      j->i++;
      continue;
    }
    if (j->i < j->n && j->s[j->i] == '}') {
      j->i++;
      break;
    }
    jfail(j, j->i, "invalid JSON: expected ',' or '}'");
    goto syntax_reported;
  }
  if (!name && bad != 2) {
    diag_error(j->d, j->f, (uint32_t)open, 1, "this style has no \"name\"");
    bad = 1;
  } else if (name && blank(name)) {
    diag_error(j->d, j->f, (uint32_t)name_at, 2, "this style's \"name\" is empty");
    bad = 1;
  }
  if (bad || !name) {
    free(name), free(prompt), free(negative);
    return 1;
  }
  Entry *e = entry_add(es, (uint32_t)open);
  e->name = folded(name);
  free(name);
  e->prompt = prompt, e->poff = (uint32_t)poff;
  e->negative = negative, e->noff = (uint32_t)noff;
  return 0;
syntax:
  jfail(j, j->i, "invalid JSON: expected a member name in quotes");
syntax_reported:
  free(name), free(prompt), free(negative);
  return -1;
}

static int json_read(SourceFile *f, Diags *d, Entries *es) {
  Json j = {f, d, f->text, f->len, 0, 0};
  int errors = 0;
  jws(&j);
  if (j.i >= j.n || j.s[j.i] != '[')
    return jfail(&j, j.i,
                 "expected '[': a Fooocus styles file is a JSON array of styles, "
                 "[{\"name\": ..., \"prompt\": ..., \"negative_prompt\": ...}, ...]");
  j.i++;
  j.depth = 1;
  jws(&j);
  if (j.i < j.n && j.s[j.i] == ']') {
    j.i++;
  } else {
    for (;;) {
      jws(&j);
      if (j.i < j.n && j.s[j.i] == '{') {
        int rc = jstyle(&j, es);
        if (rc < 0) return -1;
        errors += rc;
      } else {
        if (j.i < j.n) {
          diag_error(d, f, (uint32_t)j.i, 1,
                     "each style is a JSON object: {\"name\": ..., \"prompt\": ..., \"negative_prompt\": ...}");
          errors++;
        }
        if (jvalue(&j) < 0) return -1;
      }
      if (d->stopped) return -1;
      jws(&j);
      if (j.i < j.n && j.s[j.i] == ',') {
        j.i++;
        continue;
      }
      if (j.i < j.n && j.s[j.i] == ']') {
        j.i++;
        break;
      }
      return jfail(&j, j.i, "invalid JSON: expected ',' or ']' after a style");
    }
  }
  jws(&j);
  if (j.i < j.n) return jfail(&j, j.i, "unexpected text after the JSON array");
  return errors ? -1 : 0;
}

/* ---- .story output --------------------------------------------------- */

char *importer_to_story(SourceFile *f, Diags *d) {
  const char *what;
  uint32_t bad = source_check_encoding(f, &what);
  if (bad != (uint32_t)-1) {
    bool utf8 = strncmp(what, "invalid UTF-8", 13) == 0;
    diag_error(d, f, bad, 1, "%s%s", what, utf8 ? ": save the file as UTF-8" : "");
    return NULL;
  }
  bool json = is_json_path(f->path);
  Entries es = {0};
  if ((json ? json_read(f, d, &es) : csv_read(f, d, &es)) < 0) {
    entries_free(&es);
    return NULL;
  }
  assign_idents(&es);
  const char *slash = strrchr(f->path, '/');
  Buf out = {0};
  buf_printf(&out, "// %s, converted by storyc from %s: one style per entry.\n", slash ? slash + 1 : f->path,
             json ? "a Fooocus styles JSON" : "an A1111 styles.csv");
  int errors = 0;
  for (size_t i = 0; i < es.n; i++) {
    Entry *e = &es.v[i];
    char *prompt = e->prompt ? style_text(e->prompt) : NULL;
    char *negative = e->negative ? style_text(e->negative) : NULL;
    if (strlen(e->name) > TITLE_MAX_BYTES) {
      diag_error(d, f, e->off, 1, "this style's name is longer than %d bytes", TITLE_MAX_BYTES);
      errors++;
    }
    if ((prompt && strlen(prompt) > TEXT_MAX_BYTES) || (negative && strlen(negative) > TEXT_MAX_BYTES)) {
      bool p = prompt && strlen(prompt) > TEXT_MAX_BYTES;
      diag_error(d, f, p ? e->poff : e->noff, 1, "this %s is longer than 512 KiB", p ? "prompt" : "negative prompt");
      errors++;
    }
    buf_printf(&out, "\nstyle %s \"", e->ident);
    put_escaped(&out, e->name);
    buf_puts(&out, "\" {");
    bool any = false;
    if (prompt && *prompt) {
      buf_puts(&out, "\n  prompt: \"");
      put_escaped(&out, prompt);
      buf_putc(&out, '"');
      any = true;
    }
    if (negative && *negative) {
      buf_puts(&out, "\n  negative: \"");
      put_escaped(&out, negative);
      buf_putc(&out, '"');
      any = true;
    }
    buf_puts(&out, any ? "\n}\n" : "}\n");
    free(prompt);
    free(negative);
  }
  entries_free(&es);
  if (errors) {
    buf_free(&out);
    return NULL;
  }
  return buf_take(&out);
}
