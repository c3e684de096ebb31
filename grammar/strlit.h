/* strlit.h - decoding string literals as written in .story files.
 *
 * A literal is "..." with escapes \" \\ \n \t \{ \} \u{HEX}. It may span
 * lines: a line break and the blanks around it fold into one space (none at
 * the very start or end), so long prompts can be wrapped freely. In prompt
 * text, {name} (or {lib.name}) refers to a declaration; with interp=false
 * braces are plain text. The parser decodes without interp; the compiler's
 * prompt pass decodes the same source bytes again with interp. */
#ifndef STORYC_STRLIT_H
#define STORYC_STRLIT_H
#include "buf.h"
#include <stdbool.h>
#include <stdint.h>

typedef struct StrPiece {
  bool is_ref;      /* {name}: text is the name */
  const char *text; /* literal text (decoded) or the name */
  size_t len;
  uint32_t off;     /* source offset of the piece (of the name for refs) */
} StrPiece;

typedef void (*StrPieceFn)(void *ud, const StrPiece *piece);

/* Decodes raw[0..len), quotes included, which starts at source offset base.
 * Pieces go to fn (with interp=false: one literal piece per decoded run).
 * Returns 0, or -1 with *err and *err_off (source offset) set. */
int strlit_decode(const char *raw, size_t len, uint32_t base, bool interp, StrPieceFn fn, void *ud,
                  const char **err, uint32_t *err_off);

/* Decodes into out (no interpolation). Same return and errors. */
int strlit_to_buf(const char *raw, size_t len, uint32_t base, Buf *out, const char **err, uint32_t *err_off);

#endif
