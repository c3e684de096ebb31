/* importer_test.c - golden tests of the style importers (compiler/importer.c).
 *
 * For every tests/golden/import/NAME.csv and NAME.json, runs
 * importer_to_story and compares what it gives with NAME.expected:
 *   the generated .story text, or "-- no output --" when it returned NULL,
 *   then, when anything was reported, "-- diagnostics --" and the messages.
 * A generated text must also parse without errors. UPDATE=1 rewrites the
 * .expected files instead; review them with git diff.
 * Runs from the repository root (or $TOP). */
#include "buf.h"
#include "check.h"
#include "importer.h"
#include "parse.h"
#include "util.h"
#include "arena.h"
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

static int name_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* What the importer makes of one file, as the .expected text. */
static char *run_importer(const char *path, int *parse_errors) {
  char *diag_text = NULL;
  size_t diag_len = 0;
  FILE *mem = open_memstream(&diag_text, &diag_len);
  Diags d;
  diag_init(&d, mem);
  SourceFile *f = source_load(path);
  Buf out = {0};
  *parse_errors = 0;
  if (!f) {
    buf_printf(&out, "cannot read %s\n", path);
  } else {
    char *text = importer_to_story(f, &d);
    if (text) {
      buf_puts(&out, text);
      /* The generated text must be valid .story source. */
      char *gen_diag = NULL;
      size_t gen_len = 0;
      FILE *gmem = open_memstream(&gen_diag, &gen_len);
      Diags gd;
      diag_init(&gd, gmem);
      SourceFile *g = source_from_text(path, text, strlen(text));
      Arena *arena = arena_new();
      AstFile af = {0};
      *parse_errors = parse_file(g, arena, &gd, &af);
      fclose(gmem);
      if (*parse_errors) printf("  generated text of %s does not parse:\n%s", path, gen_diag);
      free(gen_diag);
      arena_free(arena);
      source_free(g);
      free(text);
    } else {
      buf_puts(&out, "-- no output --\n");
    }
  }
  fclose(mem);
  if (diag_len) {
    buf_puts(&out, "-- diagnostics --\n");
    buf_append(&out, diag_text, diag_len);
  }
  free(diag_text);
  source_free(f);
  return buf_take(&out);
}

static void unit_checks(void) {
  CHECK(importer_handles("a/styles.csv"), "handles .csv");
  CHECK(importer_handles("Fooocus.JSON"), "handles .JSON");
  CHECK(!importer_handles("lib/studio.story"), "not .story");
  CHECK(!importer_handles("csv/studio"), "not a folder named csv");
}

int main(void) {
  const char *top = getenv("TOP");
  if (top && chdir(top) != 0) {
    printf("FAIL importer: cannot cd to %s\n", top);
    return 1;
  }
  unit_checks();
  if (chdir("tests/golden/import") != 0) {
    printf("FAIL importer: no tests/golden/import (run from the repository root)\n");
    return 1;
  }
  bool update = getenv("UPDATE") && strcmp(getenv("UPDATE"), "1") == 0;
  DIR *dh = opendir(".");
  char **names = NULL;
  size_t n = 0;
  for (struct dirent *de; dh && (de = readdir(dh));) {
    if (de->d_name[0] == '.' || !importer_handles(de->d_name)) continue;
    names = xrealloc(names, (n + 1) * sizeof *names);
    names[n++] = xstrdup(de->d_name);
  }
  if (dh) closedir(dh);
  qsort(names, n, sizeof *names, name_cmp);
  CHECK(n > 0, "import goldens exist");
  for (size_t i = 0; i < n; i++) {
    int perr;
    char *got = run_importer(names[i], &perr);
    Buf exp_path = {0}, test = {0};
    const char *dot = strrchr(names[i], '.');
    buf_printf(&exp_path, "%.*s.expected", (int)(dot - names[i]), names[i]);
    buf_printf(&test, "import/%s", names[i]);
    if (update) {
      FILE *fp = fopen(buf_cstr(&exp_path), "w");
      if (fp) fputs(got, fp), fclose(fp);
      printf("PASS %s (updated)\n", buf_cstr(&test));
    } else {
      size_t len;
      char *want = file_read_all(buf_cstr(&exp_path), &len, (size_t)1 << 24);
      if (!want) {
        printf("FAIL %s: no %s (run with UPDATE=1 to create it)\n", buf_cstr(&test), buf_cstr(&exp_path));
        check_failures++;
      } else if (strcmp(want, got) != 0) {
        printf("FAIL %s: output differs from %s; got:\n%s", buf_cstr(&test), buf_cstr(&exp_path), got);
        check_failures++;
      } else {
        printf("PASS %s\n", buf_cstr(&test));
      }
      free(want);
    }
    buf_free(&test);
    test = (Buf){0};
    buf_printf(&test, "import/%s parses", names[i]);
    CHECK(perr == 0, buf_cstr(&test));
    buf_free(&test);
    buf_free(&exp_path);
    free(got);
    free(names[i]);
  }
  free(names);
  return check_done();
}
