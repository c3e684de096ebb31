/* strlit_test.c - string literal decoding and {name} splitting. */
#include "check.h"
#include "strlit.h"
#include <string.h>

typedef struct Pieces {
  char out[512];
} Pieces;

static void collect(void *ud, const StrPiece *p) {
  Pieces *ps = ud;
  size_t n = strlen(ps->out);
  snprintf(ps->out + n, sizeof ps->out - n, p->is_ref ? "<%.*s@%u>" : "[%.*s]", (int)p->len, p->text, p->off);
}

static const char *decode(const char *lit, int interp, const char **err) {
  static Pieces ps;
  memset(&ps, 0, sizeof ps);
  uint32_t off;
  *err = NULL;
  if (strlit_decode(lit, strlen(lit), 100, interp, collect, &ps, err, &off) != 0) return "ERROR";
  return ps.out;
}

int main(void) {
  const char *err;
  CHECK_STR(decode("\"plain\"", 0, &err), "[plain]", "plain text");
  CHECK_STR(decode("\"a \\\"q\\\" \\\\ \\n\"", 0, &err), "[a \"q\" \\ \n]", "escapes");
  CHECK_STR(decode("\"two\n     lines\"", 0, &err), "[two lines]", "line break folds to one space");
  CHECK_STR(decode("\"trailing   \n   space\"", 0, &err), "[trailing space]", "blanks around a break fold");
  CHECK_STR(decode("\"\n  leading and trailing\n\"", 0, &err), "[leading and trailing]", "no fold at the ends");
  CHECK_STR(decode("\"keep  two  spaces\"", 0, &err), "[keep  two  spaces]", "blanks without a break stay");
  CHECK_STR(decode("\"\\u{4e2d}\\u{6587}\"", 0, &err), "[中文]", "unicode escapes");
  CHECK_STR(decode("\"{li} and {shj.kun}\"", 1, &err), "<li@102>[ and ]<shj.kun@111>", "refs split out");
  CHECK_STR(decode("\"{li} and {x}\"", 0, &err), "[{li} and {x}]", "braces are text without interp");
  CHECK_STR(decode("\"\\{literal\\}\"", 1, &err), "[{literal}]", "escaped braces are text");
  CHECK_STR(decode("\"{}\"", 1, &err), "ERROR", "empty braces rejected");
  CHECK_STR(decode("\"{open\"", 1, &err), "ERROR", "unclosed brace rejected");
  CHECK_STR(decode("\"close}\"", 1, &err), "ERROR", "stray closing brace rejected");
  CHECK_STR(decode("\"\\x\"", 0, &err), "ERROR", "unknown escape rejected");
  CHECK_STR(decode("\"\\u{d800}\"", 0, &err), "ERROR", "surrogate escape rejected");
  CHECK_STR(decode("\"\\u{0}\"", 0, &err), "ERROR", "NUL escape rejected");
  CHECK_STR(decode("\"李星舟 {李星舟}\"", 1, &err), "[李星舟 ]<李星舟@112>", "Chinese names in refs");
  return check_done();
}
