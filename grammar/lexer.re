/* lexer.re - tokens of the .story language (re2c).
 *
 * Input: the whole file, NUL-terminated, already checked to be UTF-8 without
 * NUL bytes (parse.c does that first), so the NUL is a sentinel marking the
 * end (re2c:yyfill:enable = 0). Non-ASCII letters are allowed in names, so
 * characters and places may have Chinese names. Each rule returns one token;
 * numbers and durations are converted here, with overflow flagged for the
 * checks to report. */
#include "lexer.h"
#include "parser.h"
#include <stdio.h>
#include <string.h>

void lex_init(Lexer *lx, SourceFile *f, Diags *d) {
  memset(lx, 0, sizeof *lx);
  lx->file = f;
  lx->diags = d;
  lx->cur = (const unsigned char *)f->text;
  lx->lim = lx->cur + f->len;
}

static uint32_t off_of(const Lexer *lx, const unsigned char *p) {
  return (uint32_t)(p - (const unsigned char *)lx->file->text);
}

static void lex_error(Lexer *lx, const unsigned char *at, size_t len, const char *msg) {
  diag_error(lx->diags, lx->file, off_of(lx, at), (uint32_t)len, "%s", msg);
}

/* Parses [-]digits[.digits] times unit into t->num. Fractions finer than the
 * unit allows (a thousandth, or a millisecond) are errors. */
static int lex_number(Lexer *lx, Tok *t, const unsigned char *s, const unsigned char *e, int64_t unit) {
  bool neg = *s == '-';
  if (neg) s++;
  int64_t v = 0;
  bool over = false;
  for (; s < e && *s >= '0' && *s <= '9'; s++) {
    if (v > (INT64_MAX - 9) / 10) over = true;
    else v = v * 10 + (*s - '0');
  }
  if (over || v > INT64_MAX / unit) over = true;
  else v *= unit;
  if (s < e && *s == '.') {
    int64_t scale = unit;
    for (s++; s < e && *s >= '0' && *s <= '9'; s++) {
      if (scale % 10 != 0) {
        lex_error(lx, lx->tok, (size_t)(e - lx->tok),
                  unit == 1000 && lx->tok[0] != '-' && *e != 's' ? "at most 3 decimal places" : "too precise: durations count whole milliseconds");
        return -1;
      }
      scale /= 10;
      if (over || v > INT64_MAX - scale * (*s - '0')) over = true;
      else v += scale * (*s - '0');
    }
  }
  t->num = neg ? -v : v;
  t->overflow = over;
  return 0;
}

int lex_next(YYSTYPE *lval, Loc *lloc, Lexer *lx) {
  const unsigned char *YYMARKER = NULL, *mark;
  /*!stags:re2c format = "const unsigned char *@@ = NULL;"; */
  Tok *t = &lval->tok;
  for (;;) {
    if (lx->fatal) {
      lloc->off = lloc->end = (uint32_t)lx->file->len;
      return END;
    }
    lx->tok = lx->cur;
    memset(t, 0, sizeof *t);
    t->off = off_of(lx, lx->tok);
#define DONE(tokkind)                                                                                  \
  do {                                                                                                 \
    t->len = (uint32_t)(lx->cur - lx->tok);                                                            \
    lloc->off = t->off;                                                                                \
    lloc->end = t->off + t->len;                                                                       \
    if ((size_t)(lx->cur - lx->tok) > LEX_MAX_TOKEN) {                                                 \
      lex_error(lx, lx->tok, 1, "token longer than 1 MiB");                                            \
      lx->fatal = true;                                                                                \
      return END;                                                                                      \
    }                                                                                                  \
    return tokkind;                                                                                    \
  } while (0)
    /*!re2c
      re2c:define:YYCTYPE = "unsigned char";
      re2c:define:YYCURSOR = "lx->cur";
      re2c:yyfill:enable = 0;
      re2c:indent:top = 2;

      digits   = [0-9]+;
      frac     = "." digits;
      idstart  = [a-zA-Z_] | [\x80-\xff];
      idcont   = [a-zA-Z_0-9] | "-" [a-zA-Z_0-9] | [\x80-\xff];
      strchar  = [^"\\\x00] | "\\" [^\x00];

      "\x00" {
        lx->cur--;
        lloc->off = lloc->end = t->off;
        return END;
      }
      [ \t\r\n]+ { continue; }
      "//" [^\n\x00]* { continue; }
      "/*" ([^*\x00] | "*"+ [^*/\x00])* "*"+ "/" { continue; }
      "/*" {
        lex_error(lx, lx->tok, 2, "unterminated comment: '/*' is never closed by '*/'");
        lx->fatal = true;
        continue;
      }
      ["] strchar* ["] { DONE(STRING); }
      ["] {
        lex_error(lx, lx->tok, 1, "unterminated string: this '\"' is never closed");
        lx->fatal = true;
        continue;
      }
      "-"? digits frac? @mark ("ms" | "s" | "m" | "h") {
        int64_t unit = lx->cur - mark == 2 ? 1 : *mark == 's' ? 1000 : *mark == 'm' ? 60000 : 3600000;
        if (lex_number(lx, t, lx->tok, mark, unit) < 0) continue;
        DONE(DURATION);
      }
      "-"? digits frac? idstart idcont* {
        lex_error(lx, lx->tok, (size_t)(lx->cur - lx->tok),
                  "bad number or duration: write a number (42), or a duration with a unit: ms, s, m or h (1.5s, 2m)");
        DONE(LEXERROR);
      }
      "-"? digits { lex_number(lx, t, lx->tok, lx->cur, 1); DONE(INT); }
      "-"? digits frac { if (lex_number(lx, t, lx->tok, lx->cur, 1000) < 0) continue; DONE(DECIMAL); }

      "import"    { DONE(IMPORT); }
      "as"        { DONE(AS); }
      "series"    { DONE(SERIES); }
      "style"     { DONE(STYLE); }
      "extends"   { DONE(EXTENDS); }
      "character" { DONE(CHARACTER); }
      "creature"  { DONE(CREATURE); }
      "place"     { DONE(PLACE); }
      "music"     { DONE(MUSIC); }
      "episode"   { DONE(EPISODE); }
      "scene"     { DONE(SCENE); }
      "at"        { DONE(AT); }
      "cue"       { DONE(CUE); }
      "fade"      { DONE(FADE); }
      "shot"      { DONE(SHOT); }
      "size"      { DONE(SIZE); }
      "camera"    { DONE(CAMERA); }
      "backends"  { DONE(BACKENDS); }
      idstart idcont* { DONE(IDENT); }

      "{" {
        if (lx->depth >= LEX_MAX_DEPTH) {
          lex_error(lx, lx->tok, 1, "nesting deeper than 256 levels");
          lx->fatal = true;
          continue;
        }
        lx->open[lx->depth++] = t->off;
        DONE('{');
      }
      "}" {
        if (lx->depth > 0) lx->depth--;
        DONE('}');
      }
      ":" { DONE(':'); }
      "." { DONE('.'); }
      "," { DONE(','); }
      * {
        char msg[96];
        unsigned char c = lx->tok[0];
        if (c >= 0x21 && c < 0x7f)
          snprintf(msg, sizeof msg, "unexpected character '%c'", c);
        else
          snprintf(msg, sizeof msg, "unexpected character (byte 0x%02x)", c);
        lex_error(lx, lx->tok, 1, msg);
        DONE(LEXERROR);
      }
    */
#undef DONE
  }
}
