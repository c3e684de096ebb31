/* module.c - loading the project and its imports into Modules.
 *
 * The project is a .story file, or every top-level *.story file of a
 * directory (one namespace). `import "path"` resolves against the importing
 * file's folder, then each -I DIR, then each folder of STORYC_PATH, then the
 * stdlib; ".story" is added when the path has no extension. Imported names
 * are reached through the alias (`guofeng.ink_wash`); the stdlib's
 * std/prelude.story (shot sizes, camera moves) is visible unqualified
 * everywhere. Missing files and import cycles are errors that name the chain
 * of imports. */
#include "importer.h"
#include "model.h"
#include "parse.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The chain of imports being loaded, for messages. */
typedef struct ImportStack {
  Node *at[64];
  size_t n;
} ImportStack;

static Module *module_new(Compiler *c, const char *name, const char *dir) {
  Module *m = arena_alloc(c->arena, sizeof *m);
  m->name = arena_strdup(c->arena, name);
  m->dir = arena_strdup(c->arena, dir);
  c->mods = xrealloc(c->mods, (c->nmods + 1) * sizeof *c->mods);
  c->mods[c->nmods++] = m;
  return m;
}

static void remember_source(Compiler *c, SourceFile *f) {
  if (c->nsources == c->capsources) {
    c->capsources = c->capsources ? c->capsources * 2 : 16;
    c->sources = xrealloc(c->sources, c->capsources * sizeof *c->sources);
  }
  c->sources[c->nsources++] = f;
}

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return xstrdup(".");
  if (slash == path) return xstrdup("/");
  return xstrndup(path, (size_t)(slash - path));
}

static bool file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void add_file(Compiler *c, Module *m, SourceFile *f) {
  remember_source(c, f);
  m->files = xrealloc(m->files, (m->nfiles + 1) * sizeof *m->files);
  AstFile *af = &m->files[m->nfiles++];
  c->syntax_errors += parse_file(f, c->arena, c->d, af);
}

static void notes_for_chain(Compiler *c, const ImportStack *st) {
  for (size_t i = st->n; i-- > 0;) {
    Node *n = st->at[i];
    diag_note(c->d, n->file, n->str.off, n->str.len, "imported from here");
  }
}

static void declare(Compiler *c, Module *m, Node *n) {
  Entity *e = arena_alloc(c->arena, sizeof *e);
  e->decl = n;
  e->mod = m;
  n->sem = e;
  Entity *old = symtab_put(&m->names, n->name.text, e);
  if (old != e) {
    diag_error(c->d, n->file, n->name.off, n->name.len, "'%s' is already declared (as a %s)", n->name.text,
               ast_kind_name(old->decl->kind));
    diag_note(c->d, old->decl->file, old->decl->name.off, old->decl->name.len, "first declared here");
    e->bad = true;
  }
}

static Module *load_module(Compiler *c, const char *path, ImportStack *st);

static bool is_reserved(const char *word) {
  static const char *const words[] = {"import", "as",   "series", "style", "extends", "character", "creature",
                                      "place",  "music", "episode", "scene", "at",     "cue",      "fade",
                                      "shot",   "size",  "camera",  "backends"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strcmp(word, words[i]) == 0) return true;
  return false;
}

/* Default alias of an import path: its last component without extension. */
static const char *default_alias(Compiler *c, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr(base, '.');
  size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)base[i];
    bool ok = ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch >= 0x80 ||
              (i > 0 && ((ch >= '0' && ch <= '9') || ch == '-'));
    if (!ok) return NULL;
  }
  return n ? arena_strndup(c->arena, base, n) : NULL;
}

/* Finds the file an import names; returns a malloc'ed path or NULL. */
static char *find_import(Compiler *c, const char *from_dir, const char *spec, Buf *looked) {
  const char *slash = strrchr(spec, '/');
  const char *base = slash ? slash + 1 : spec;
  bool has_ext = strchr(base, '.') != NULL;
  Buf cand = {0};
  const char *dirs[3 + 64];
  size_t nd = 0;
  dirs[nd++] = from_dir;
  for (size_t i = 0; i < c->opt->ninclude && nd < 40; i++) dirs[nd++] = c->opt->include_dirs[i];
  char *envcopy = NULL;
  const char *env = getenv("STORYC_PATH");
  if (env && *env) {
    envcopy = xstrdup(env);
    for (char *save = NULL, *tok = strtok_r(envcopy, ":", &save); tok && nd < 60; tok = strtok_r(NULL, ":", &save))
      dirs[nd++] = tok;
  }
  if (c->opt->stdlib_dir) dirs[nd++] = c->opt->stdlib_dir;
  char *found = NULL;
  if (spec[0] == '/') nd = 1, dirs[0] = "";
  for (size_t i = 0; i < nd && !found; i++) {
    buf_clear(&cand);
    if (*dirs[i]) buf_printf(&cand, "%s/", dirs[i]);
    buf_puts(&cand, spec);
    if (!has_ext) buf_puts(&cand, ".story");
    if (file_exists(buf_cstr(&cand))) found = buf_take(&cand);
    else buf_printf(looked, "%s%s", looked->len ? ", " : "", *dirs[i] ? dirs[i] : "/");
  }
  buf_free(&cand);
  free(envcopy);
  return found;
}

static void load_imports(Compiler *c, Module *m, ImportStack *st) {
  for (size_t fi = 0; fi < m->nfiles; fi++) {
    for (Node *n = m->files[fi].decls; n; n = n->next) {
      if (n->kind != N_IMPORT) continue;
      if (c->d->stopped) return;
      const char *spec = n->str.str;
      const char *alias = n->name.text ? n->name.text : default_alias(c, spec);
      if (!alias) {
        diag_error(c->d, n->file, n->str.off, n->str.len,
                   "cannot name this import after its file: add `as NAME`");
        continue;
      }
      if (!n->name.text && is_reserved(alias)) {
        diag_error(c->d, n->file, n->str.off, n->str.len,
                   "this import would be called '%s', a reserved word: add `as NAME` (import \"%s\" as %.3s)", alias,
                   spec, alias);
        continue;
      }
      Buf looked = {0};
      char *from_dir = dir_of(n->file->path);
      char *path = find_import(c, from_dir, spec, &looked);
      free(from_dir);
      if (!path) {
        diag_error(c->d, n->file, n->str.off, n->str.len, "cannot find import \"%s\" (looked in %s)", spec,
                   buf_cstr(&looked));
        notes_for_chain(c, st);
        buf_free(&looked);
        continue;
      }
      buf_free(&looked);
      if (st->n == sizeof st->at / sizeof st->at[0]) {
        diag_error(c->d, n->file, n->str.off, n->str.len, "imports nested more than 64 deep");
        free(path);
        return;
      }
      st->at[st->n++] = n;
      Module *target = load_module(c, path, st);
      st->n--;
      free(path);
      if (!target) continue;
      Module *old = symtab_put(&m->aliases, alias, target);
      if (old != target)
        diag_error(c->d, n->file, n->name.text ? n->name.off : n->str.off,
                   n->name.text ? n->name.len : n->str.len,
                   "the name '%s' is already used by another import: add `as OTHER_NAME`", alias);
    }
  }
}

/* Declarations of a module; libraries may not hold a series or episodes. */
static void declare_all(Compiler *c, Module *m, bool is_project) {
  for (size_t fi = 0; fi < m->nfiles; fi++) {
    for (Node *n = m->files[fi].decls; n; n = n->next) {
      switch (n->kind) {
      case N_IMPORT: break;
      case N_SERIES:
      case N_EPISODE:
        if (!is_project) {
          diag_error(c->d, n->file, n->off, (uint32_t)strlen(ast_kind_name(n->kind)),
                     "an imported library cannot declare a %s; only the project does", ast_kind_name(n->kind));
        } else if (n->kind == N_SERIES) {
          if (c->series) {
            diag_error(c->d, n->file, n->off, 6, "a project has one series; this is a second one");
            diag_note(c->d, c->series->file, c->series->off, 6, "the first is here");
          } else {
            c->series = n;
          }
        }
        break;
      default: declare(c, m, n);
      }
    }
  }
}

static Module *load_module(Compiler *c, const char *path, ImportStack *st) {
  char *real = realpath(path, NULL);
  if (!real) real = xstrdup(path);
  Module *m = symtab_get(&c->modules, real);
  if (m) {
    free(real);
    if (m->loading) {
      Node *at = st->at[st->n - 1];
      Buf chain = {0};
      for (size_t i = 0; i < st->n; i++) buf_printf(&chain, "%s -> ", st->at[i]->file->path);
      buf_puts(&chain, path);
      diag_error(c->d, at->file, at->str.off, at->str.len, "import cycle: %s", buf_cstr(&chain));
      buf_free(&chain);
      return NULL;
    }
    return m;
  }
  SourceFile *f = source_load(path);
  if (!f) {
    Node *at = st->n ? st->at[st->n - 1] : NULL;
    if (at) diag_error(c->d, at->file, at->str.off, at->str.len, "cannot read %s: %s", path, strerror(errno));
    else diag_plain(c->d, "cannot read %s: %s", path, strerror(errno));
    free(real);
    return NULL;
  }
  /* importer hook: .csv / .json style libraries are converted to .story
   * text here (compiler/importer.c). */
  if (importer_handles(path)) {
    remember_source(c, f);
    char *text = importer_to_story(f, c->d);
    if (!text) {
      c->syntax_errors++;
      free(real);
      return NULL;
    }
    f = source_from_text(f->path, text, strlen(text));
    free(text);
  }
  char *dir = dir_of(path);
  m = module_new(c, path, dir);
  free(dir);
  symtab_put(&c->modules, arena_strdup(c->arena, real), m);
  free(real);
  m->loading = true;
  add_file(c, m, f);
  declare_all(c, m, false);
  load_imports(c, m, st);
  m->loading = false;
  return m;
}

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void load_prelude(Compiler *c) {
  if (!c->opt->stdlib_dir) return;
  Buf p = {0};
  buf_printf(&p, "%s/std/prelude.story", c->opt->stdlib_dir);
  if (file_exists(buf_cstr(&p))) {
    ImportStack st = {{0}, 0};
    c->prelude = load_module(c, buf_cstr(&p), &st);
    if (c->prelude) c->prelude->is_prelude = true;
  }
  buf_free(&p);
}

int module_load_project(Compiler *c, const char *path) {
  load_prelude(c);
  struct stat st;
  if (stat(path, &st) != 0) {
    diag_plain(c->d, "cannot read %s: %s", path, strerror(errno));
    return -1;
  }
  char **files = NULL;
  size_t nfiles = 0;
  char *dir;
  if (S_ISDIR(st.st_mode)) {
    DIR *dh = opendir(path);
    if (!dh) {
      diag_plain(c->d, "cannot read %s: %s", path, strerror(errno));
      return -1;
    }
    struct dirent *de;
    while ((de = readdir(dh))) {
      if (de->d_name[0] == '.' || !str_has_suffix(de->d_name, ".story")) continue;
      files = xrealloc(files, (nfiles + 1) * sizeof *files);
      Buf b = {0};
      buf_printf(&b, "%s/%s", path, de->d_name);
      files[nfiles++] = buf_take(&b);
    }
    closedir(dh);
    if (nfiles) qsort(files, nfiles, sizeof *files, name_cmp);
    if (nfiles == 0) {
      diag_plain(c->d, "%s has no .story files", path);
      free(files);
      return -1;
    }
    dir = xstrdup(path);
  } else {
    files = xmalloc(sizeof *files);
    files[nfiles++] = xstrdup(path);
    dir = dir_of(path);
  }
  Module *m = module_new(c, path, dir);
  free(dir);
  c->project = m;
  m->loading = true;
  for (size_t i = 0; i < nfiles; i++) {
    char *real = realpath(files[i], NULL);
    if (real) symtab_put(&c->modules, arena_strdup(c->arena, real), m);
    free(real);
    SourceFile *f = source_load(files[i]);
    if (!f) diag_plain(c->d, "cannot read %s: %s", files[i], strerror(errno));
    else add_file(c, m, f);
    free(files[i]);
  }
  free(files);
  declare_all(c, m, true);
  ImportStack stack = {{0}, 0};
  load_imports(c, m, &stack);
  m->loading = false;
  return 0;
}

Entity *module_lookup(Compiler *c, Module *m, const char *name) {
  const char *dot = strchr(name, '.');
  if (dot) {
    char alias[256];
    size_t n = (size_t)(dot - name);
    if (n >= sizeof alias) return NULL;
    memcpy(alias, name, n);
    alias[n] = 0;
    Module *target = symtab_get(&m->aliases, alias);
    return target ? module_lookup(c, target, dot + 1) : NULL;
  }
  Entity *e = symtab_get(&m->names, name);
  if (!e && c->prelude && m != c->prelude) e = symtab_get(&c->prelude->names, name);
  return e;
}
