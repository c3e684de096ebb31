/* draft_palette.c - the colours of a story-board frame, derived from the
 * place, the style and the palette seed by hashing them: the same scene
 * always gets the same palette, different places get different ones. Styles
 * that name ink, noir or monochrome get muted colours. */
#include "draft.h"
#include "sha.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* h in degrees, s and l in 0..1. */
static unsigned hsl(double h, double s, double l) {
  h = fmod(h, 360.0);
  if (h < 0) h += 360.0;
  double c = (1 - fabs(2 * l - 1)) * s;
  double x = c * (1 - fabs(fmod(h / 60.0, 2) - 1));
  double m = l - c / 2;
  double r = 0, g = 0, b = 0;
  if (h < 60) r = c, g = x;
  else if (h < 120) r = x, g = c;
  else if (h < 180) g = c, b = x;
  else if (h < 240) g = x, b = c;
  else if (h < 300) r = x, b = c;
  else r = c, b = x;
  unsigned R = (unsigned)lround((r + m) * 255), G = (unsigned)lround((g + m) * 255),
           B = (unsigned)lround((b + m) * 255);
  return R << 16 | G << 8 | B;
}

static int mentions(const char *s, const char *word) { return s && strcasestr(s, word) != NULL; }

void draft_palette(const char *place, const char *style, long palette_seed, DraftPalette *p) {
  char seed[32];
  snprintf(seed, sizeof seed, "%ld", palette_seed);
  ShaCtx *c = sha_new();
  sha_update(c, "storyc-palette\n", 15);
  if (place) sha_update(c, place, strlen(place));
  sha_update(c, "\n", 1);
  if (style) sha_update(c, style, strlen(style));
  sha_update(c, "\n", 1);
  sha_update(c, seed, strlen(seed));
  unsigned char d[32];
  sha_final(c, d);
  sha_free(c);

  double hue = d[0] * 360.0 / 256.0;
  double sat = 0.30 + d[1] / 255.0 * 0.35;
  if (mentions(style, "ink") || mentions(style, "noir") || mentions(style, "mono")) sat *= 0.25;
  double ground_shift = (d[2] & 1) ? 35 : -35;
  p->sky_top = hsl(hue, sat, 0.20 + d[3] / 255.0 * 0.08);
  p->sky_low = hsl(hue + ground_shift / 2, sat, 0.38 + d[4] / 255.0 * 0.1);
  p->ground = hsl(hue + ground_shift, sat * 0.8, 0.22 + d[5] / 255.0 * 0.06);
  p->figure = hsl(hue + 180, sat * 0.5, 0.06);
  p->accent = hsl(hue + 180, 0.55, 0.6);
  for (int i = 0; i < DRAFT_SWATCHES; i++) {
    double h = hue + (d[6 + i] % 5) * 24.0 + i * 72.0 * (d[11] & 1 ? 1 : -1) / 2;
    p->swatch[i] = hsl(h, sat + 0.1, 0.25 + i * 0.11);
  }
}
