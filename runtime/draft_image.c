/* draft_image.c - the draft `image` job: a story-board frame as a PNG of
 * width x height. A sky and ground in a palette derived from the place and
 * style, figure silhouettes sized by the shot size (the composition hint),
 * thirds lines and a frame border, a header (episode, scene, shot, size,
 * duration), the resolved prompt wrapped, the cast and the palette swatches.
 *
 * Drawn by one ffmpeg run: a lavfi colour source, drawbox for the shapes and
 * drawtext for the text. Text goes through files in the work directory
 * (textfile=), never inline in the filter string, and the font is linked
 * into the work directory, so nothing in the filter string needs escaping.
 * The font must cover Chinese: fonts-noto-cjk first, then a fallback list. */
#include "draft.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const CJK_FONTS[] = {
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    NULL,
};

static const char *const OTHER_FONTS[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    NULL,
};

const char *draft_font(bool *cjk) {
  const char *env = getenv("STORYC_FONT");
  *cjk = true;
  if (env && *env && access(env, R_OK) == 0) return env;
  for (size_t i = 0; CJK_FONTS[i]; i++) {
    if (access(CJK_FONTS[i], R_OK) == 0) return CJK_FONTS[i];
  }
  *cjk = false;
  for (size_t i = 0; OTHER_FONTS[i]; i++) {
    if (access(OTHER_FONTS[i], R_OK) == 0) return OTHER_FONTS[i];
  }
  return NULL;
}

/* Everything the frame shows, from the params. */
typedef struct Frame {
  int w, h;
  const char *prompt, *place, *shot_size, *style, *episode_title, *scene;
  long episode, shot, duration_ms, take, palette_seed;
  Buf cast; /* "Li Xingzhou, Gong Gong" */
  int ncast;
} Frame;

/* A member of params, or else of params.draft (where the compiler puts
 * what only the draft draws). */
static const cJSON *member(const cJSON *params, const cJSON *draft, const char *name) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(params, name);
  return v ? v : cJSON_GetObjectItemCaseSensitive(draft, name);
}

static const char *member_str(const cJSON *params, const cJSON *draft, const char *name) {
  const cJSON *v = member(params, draft, name);
  return cJSON_IsString(v) ? v->valuestring : "";
}

static int read_frame(const cJSON *params, Frame *f, JobResult *r) {
  long w, h;
  if (draft_get_int(params, "params", "width", 16, 8192, &w, r) != 0) return -1;
  if (draft_get_int(params, "params", "height", 16, 8192, &h, r) != 0) return -1;
  if (draft_get_str(params, "params", "prompt", &f->prompt, r) != 0) return -1;
  f->w = (int)w;
  f->h = (int)h;
  const cJSON *d = cJSON_GetObjectItemCaseSensitive(params, "draft");
  if (d && !cJSON_IsObject(d)) return job_fail(r, "params.draft: must be an object");
  f->place = member_str(params, d, "place");
  f->shot_size = member_str(params, d, "shot_size");
  f->take = draft_opt_int(params, "take", 0);
  const cJSON *cast = member(params, d, "cast");
  if (cast && !cJSON_IsArray(cast)) return job_fail(r, "params.cast: must be an array of strings");
  const cJSON *c;
  cJSON_ArrayForEach(c, cast) {
    if (!cJSON_IsString(c)) return job_fail(r, "params.cast: must be an array of strings");
    if (f->ncast++) buf_puts(&f->cast, ", ");
    buf_puts(&f->cast, c->valuestring);
  }
  f->episode = draft_opt_int(d, "episode", 0);
  f->episode_title = draft_opt_str(d, "episode_title", "");
  f->scene = draft_opt_str(d, "scene", "");
  f->shot = draft_opt_int(d, "shot", 0);
  f->duration_ms = draft_opt_int(d, "duration_ms", 0);
  f->style = draft_opt_str(d, "style", "");
  f->palette_seed = draft_opt_int(d, "palette_seed", 0);
  return 0;
}

static void header_text(const Frame *f, Buf *b) {
  if (f->episode > 0) {
    buf_printf(b, "EP %ld", f->episode);
    if (*f->episode_title) buf_printf(b, " \xC2\xB7 %s", f->episode_title);
  } else {
    buf_puts(b, "STORY-BOARD");
  }
  buf_putc(b, '\n');
  const char *sep = "";
  if (*f->scene) {
    buf_puts(b, f->scene);
    sep = " \xC2\xB7 ";
  }
  if (f->shot > 0) {
    buf_printf(b, "%sSHOT %ld", sep, f->shot);
    sep = " \xC2\xB7 ";
  }
  if (*f->shot_size) {
    buf_puts(b, sep);
    for (const char *p = f->shot_size; *p; p++) buf_putc(b, *p == '_' ? ' ' : (char)toupper((unsigned char)*p));
    sep = " \xC2\xB7 ";
  }
  if (f->duration_ms > 0) {
    buf_printf(b, "%s%ld.%ld s", sep, f->duration_ms / 1000, f->duration_ms % 1000 / 100);
    sep = " \xC2\xB7 ";
  }
  if (f->take > 0) buf_printf(b, "%sTAKE %ld", sep, f->take);
  if (*f->place || *f->style) {
    buf_putc(b, '\n');
    buf_puts(b, f->place);
    if (*f->place && *f->style) buf_puts(b, " \xC2\xB7 ");
    buf_puts(b, f->style);
  }
}

static void box(Buf *g, int x, int y, int w, int h, unsigned rgb, double alpha, const char *t) {
  buf_printf(g, ",drawbox=x=%d:y=%d:w=%d:h=%d:color=0x%06X@", x, y, w, h, rgb);
  media_put_num(g, alpha);
  buf_printf(g, ":t=%s", t);
}

static void text(Buf *g, const char *file, int x, int y, int size, unsigned rgb, int spacing) {
  buf_printf(g,
             ",drawtext=fontfile=font:textfile=%s:expansion=none:x=%d:y=%d:fontsize=%d:"
             "fontcolor=0x%06X:line_spacing=%d",
             file, x, y, size, rgb, spacing);
}

static unsigned mix(unsigned a, unsigned b, double t) {
  unsigned out = 0;
  for (int s = 16; s >= 0; s -= 8) {
    double ca = (a >> s) & 0xff, cb = (b >> s) & 0xff;
    out |= (unsigned)lround(ca + (cb - ca) * t) << s;
  }
  return out;
}

/* The scenery and the composition: sky bands, ground, thirds, figures. */
static void draw_scene(Buf *g, const Frame *f, const DraftPalette *pal, const JobCtx *ctx) {
  int w = f->w, h = f->h;
  int horizon = (int)(draft_horizon(f->shot_size) * h);
  enum { BANDS = 8 };
  for (int i = 0; i < BANDS; i++) {
    int y0 = horizon * i / BANDS, y1 = horizon * (i + 1) / BANDS;
    box(g, 0, y0, w, y1 - y0, mix(pal->sky_top, pal->sky_low, (double)i / (BANDS - 1)), 1.0, "fill");
  }
  box(g, 0, horizon, w, h - horizon, pal->ground, 1.0, "fill");
  int sun = w / 9 > 4 ? w / 9 : 4;
  box(g, w * 7 / 10, horizon / 4, sun, sun, pal->accent, 0.55, "fill");
  int line = w / 540 > 1 ? w / 540 : 1;
  box(g, w / 3, 0, line, h, 0xFFFFFF, 0.12, "fill");
  box(g, 2 * w / 3, 0, line, h, 0xFFFFFF, 0.12, "fill");
  box(g, 0, h / 3, w, line, 0xFFFFFF, 0.12, "fill");
  box(g, 0, 2 * h / 3, w, line, 0xFFFFFF, 0.12, "fill");
  DraftBox boxes[DRAFT_MAX_BOXES];
  bool known;
  int n = draft_compose(f->shot_size, w, h, f->ncast, boxes, &known);
  if (!known && *f->shot_size) draft_log(ctx, "draft image: unknown shot size \"%s\", drawn as medium", f->shot_size);
  for (int i = 0; i < n; i++) {
    unsigned c = boxes[i].role == DRAFT_BOX_EYE ? pal->accent : pal->figure;
    box(g, boxes[i].x, boxes[i].y, boxes[i].w, boxes[i].h, c, 1.0, "fill");
  }
  /* outlines, so figures stand out from a dark ground */
  for (int i = 0; i < n; i++) {
    if (boxes[i].role != DRAFT_BOX_FIGURE) continue;
    box(g, boxes[i].x, boxes[i].y, boxes[i].w, boxes[i].h, pal->accent, 0.5, "2");
  }
  int m = w / 40;
  box(g, m, m, w - 2 * m, h - 2 * m, pal->accent, 0.4, line > 1 ? "2" : "1");
}

/* Header, prompt, cast and swatches; writes the text files. */
static int draw_text(Buf *g, const Frame *f, const DraftPalette *pal, const JobCtx *ctx, JobResult *r) {
  int w = f->w, h = f->h;
  int base = w < h ? w : h;
  int fs_h = base * 42 / 1000 > 8 ? base * 42 / 1000 : 8;
  int fs_b = base * 34 / 1000 > 7 ? base * 34 / 1000 : 7;
  int margin = w * 6 / 100, pad = fs_h * 6 / 10;
  double line_h = 1.45;

  Buf head = {0};
  header_text(f, &head);
  int head_lines = 1;
  for (const char *p = buf_cstr(&head); *p; p++) head_lines += *p == '\n';
  int head_h = 2 * pad + (int)(head_lines * fs_h * line_h);
  box(g, 0, 0, w, head_h, 0x000000, 0.55, "fill");
  char *path = draft_path(ctx, "header.txt");
  int rc = draft_write_file(path, head.data, head.len, r);
  free(path);
  buf_free(&head);
  if (rc != 0) return -1;
  text(g, "header.txt", margin, pad, fs_h, 0xFFFFFF, fs_h * 3 / 10);

  Buf body = {0};
  int max_lines = h > w ? 9 : 5;
  double max_em = (double)(w - 2 * margin) / fs_b;
  int nl = *f->prompt ? draft_text_wrap(f->prompt, max_em, max_lines, &body) : 0;
  int cast_h = f->ncast ? (int)(fs_b * line_h) + pad / 2 : 0;
  int sw = fs_b * 2;
  int panel_h = 2 * pad + (int)(nl * fs_b * line_h) + cast_h + sw;
  int panel_y = h - panel_h - h * 3 / 100;
  if (panel_y < head_h) panel_y = head_h;
  box(g, 0, panel_y, w, h - panel_y, 0x000000, 0.6, "fill");
  int y = panel_y + pad;
  if (nl > 0) {
    path = draft_path(ctx, "prompt.txt");
    rc = draft_write_file(path, body.data, body.len, r);
    free(path);
    if (rc != 0) {
      buf_free(&body);
      return -1;
    }
    text(g, "prompt.txt", margin, y, fs_b, 0xF2F2F2, fs_b * 3 / 10);
    y += (int)(nl * fs_b * line_h);
  }
  buf_free(&body);
  if (f->ncast) {
    Buf cast = {0};
    buf_puts(&cast, "CAST: ");
    draft_text_wrap(buf_cstr(&f->cast), max_em - 3, 1, &cast);
    path = draft_path(ctx, "cast.txt");
    rc = draft_write_file(path, cast.data, cast.len, r);
    free(path);
    buf_free(&cast);
    if (rc != 0) return -1;
    text(g, "cast.txt", margin, y, fs_b, pal->accent, 0);
    y += cast_h;
  }
  for (int i = 0; i < DRAFT_SWATCHES; i++) {
    box(g, margin + i * sw * 3 / 2, y, sw, sw * 2 / 3, pal->swatch[i], 1.0, "fill");
  }
  return 0;
}

int draft_image(const JobCtx *ctx, JobResult *r) {
  Frame f = {0};
  if (read_frame(ctx->params, &f, r) != 0) {
    buf_free(&f.cast);
    return -1;
  }
  bool cjk;
  const char *font = draft_font(&cjk);
  if (font && !cjk) {
    draft_log(ctx, "draft image: no CJK font found, Chinese text will not render; "
                   "install fonts-noto-cjk (`apt-get install fonts-noto-cjk`)");
  }
  if (!font) {
    buf_free(&f.cast);
    return job_fail(r, "no font found to draw story-board text: install fonts-noto-cjk "
                       "(`apt-get install fonts-noto-cjk`) or set STORYC_FONT");
  }
  char *link = draft_path(ctx, "font");
  if (symlink(font, link) != 0 && errno != EEXIST) {
    int e = errno;
    free(link);
    buf_free(&f.cast);
    return job_fail(r, "cannot link the font into %s: %s", ctx->workdir, strerror(e));
  }
  free(link);

  DraftPalette pal;
  draft_palette(f.place, f.style, f.palette_seed, &pal);
  Buf graph = {0};
  buf_puts(&graph, "format=yuv444p");
  draw_scene(&graph, &f, &pal, ctx);
  int rc = draw_text(&graph, &f, &pal, ctx, r);
  buf_puts(&graph, ",format=rgb24");
  if (rc == 0) {
    MediaArgs a = {0};
    const char *head[] = {"ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i"};
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++) media_args_add(&a, head[i]);
    media_args_addf(&a, "color=c=0x%06X:s=%dx%d:r=1:d=1", pal.sky_top, f.w, f.h);
    media_args_add(&a, "-vf");
    media_args_add(&a, buf_cstr(&graph));
    const char *tail[] = {"-frames:v", "1", "-update", "1", "frame.png"};
    for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++) media_args_add(&a, tail[i]);
    rc = media_run(ctx, a.argv, ctx->workdir, NULL, r);
    media_args_free(&a);
  }
  buf_free(&graph);
  buf_free(&f.cast);
  if (rc != 0) return -1;
  char *out = draft_path(ctx, "frame.png");
  job_result_add(r, "main", out);
  free(out);
  return 0;
}
