/* fuzz_parse.c - libFuzzer harness of the parser: the input bytes are one
 * .story file, run through the encoding check, the re2c lexer and the bison
 * parser (parse_file), all in memory. Finds crashes, leaks and undefined
 * behaviour; the only property checked is that a file with errors says so
 * (parse_file's count matches the Diags counter). */
#include "fuzz_util.h"
#include "parse.h"
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  SourceFile *f = source_from_text("fuzz.story", (const char *)data, size);
  Arena *arena = arena_new();
  Diags d;
  diag_init(&d, fuzz_devnull());
  AstFile ast;
  int errors = parse_file(f, arena, &d, &ast);
  fuzz_check(errors == d.errors, "parse_file's error count differs from the diagnostics printed");
  fuzz_check(errors >= 0, "negative error count");
  arena_free(arena);
  source_free(f);
  return 0;
}
