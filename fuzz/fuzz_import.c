/* fuzz_import.c - libFuzzer harness of the style-library importer
 * (compiler/importer.c): A1111 styles.csv and Fooocus styles JSON -> .story
 * text. The first input byte picks the format ('J' = JSON, anything else =
 * CSV); the rest is the file. Property: whatever the importer accepts, it
 * turns into .story text that parses without a single error, so a style
 * library never fails to load after its conversion succeeded. */
#include "fuzz_util.h"
#include "importer.h"
#include "parse.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *path = data[0] == 'J' ? "lib/styles.json" : "lib/styles.csv";
  SourceFile *f = source_from_text(path, (const char *)data + 1, size - 1);
  Diags d;
  diag_init(&d, fuzz_devnull());
  char *text = importer_to_story(f, &d);
  if (!text) {
    fuzz_check(d.errors > 0, "the importer failed without reporting an error");
    source_free(f);
    return 0;
  }
  fuzz_check(d.errors == 0, "the importer reported errors but returned text");
  SourceFile *g = source_from_text(path, text, strlen(text));
  Arena *arena = arena_new();
  AstFile ast;
  Diags d2;
  diag_init(&d2, stderr);
  int errors = parse_file(g, arena, &d2, &ast);
  if (errors) fprintf(stderr, "--- the importer wrote:\n%s\n---\n", text);
  fuzz_check(errors == 0, "the importer's .story text does not parse");
  arena_free(arena);
  source_free(g);
  free(text);
  source_free(f);
  return 0;
}
