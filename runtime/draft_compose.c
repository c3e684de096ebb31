/* draft_compose.c - the composition hint of a story-board frame: how big a
 * standing figure is for each shot size (extreme_wide .. extreme_closeup) and
 * where the horizon lies, drawn as head, torso and legs boxes per character
 * (and eyes when the face fills the frame). */
#include "draft.h"
#include <string.h>

typedef struct ShotSize {
  const char *name;
  double figure;   /* figure height as a fraction of the frame height */
  double head_top; /* top of the head, fraction of the frame height */
  double horizon;  /* fraction of the frame height */
  int max_figures;
  int eyes;
  int detail; /* an insert: one object, no figures */
} ShotSize;

static const ShotSize SIZES[] = {
    {"extreme_wide", 0.07, 0.555, 0.62, 3, 0, 0},
    {"establishing", 0.07, 0.555, 0.62, 3, 0, 0},
    {"wide", 0.22, 0.50, 0.64, 3, 0, 0},
    {"long", 0.22, 0.50, 0.64, 3, 0, 0},
    {"full", 0.74, 0.17, 0.70, 3, 0, 0},
    {"medium_wide", 1.15, 0.14, 0.76, 3, 0, 0},
    {"medium_full", 1.15, 0.14, 0.76, 3, 0, 0},
    {"cowboy", 1.15, 0.14, 0.76, 3, 0, 0},
    {"medium", 1.6, 0.15, 0.80, 2, 0, 0},
    {"two_shot", 1.6, 0.15, 0.80, 2, 0, 0},
    {"over_shoulder", 1.9, 0.16, 0.82, 2, 0, 0},
    {"pov", 1.9, 0.16, 0.82, 2, 0, 0},
    {"medium_close", 2.4, 0.15, 0.85, 1, 0, 0},
    {"medium_closeup", 2.4, 0.15, 0.85, 1, 0, 0},
    {"closeup", 3.6, 0.12, 0.90, 1, 1, 0},
    {"close", 3.6, 0.12, 0.90, 1, 1, 0},
    {"extreme_closeup", 8.0, -0.25, 0.95, 1, 1, 0},
    {"insert", 0, 0, 0.75, 0, 0, 1},
};

static const ShotSize *find_size(const char *name, bool *known) {
  size_t n = sizeof SIZES / sizeof SIZES[0];
  for (size_t i = 0; name && i < n; i++) {
    if (strcmp(SIZES[i].name, name) == 0) {
      *known = true;
      return &SIZES[i];
    }
  }
  *known = false;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(SIZES[i].name, "medium") == 0) return &SIZES[i];
  }
  return &SIZES[0];
}

double draft_horizon(const char *shot_size) {
  bool known;
  return find_size(shot_size, &known)->horizon;
}

/* Adds the box clipped to the frame, if anything of it is left. */
static int add_box(DraftBox *boxes, int n, double x, double y, double w, double h, int fw, int fh,
                   DraftBoxRole role) {
  double x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
  double x1 = x + w > fw ? fw : x + w, y1 = y + h > fh ? fh : y + h;
  if (x1 - x0 < 1 || y1 - y0 < 1 || n >= DRAFT_MAX_BOXES) return n;
  boxes[n].x = (int)x0;
  boxes[n].y = (int)y0;
  boxes[n].w = (int)(x1 - x0);
  boxes[n].h = (int)(y1 - y0);
  boxes[n].role = role;
  return n + 1;
}

int draft_compose(const char *shot_size, int w, int h, int ncast, DraftBox *boxes, bool *known) {
  const ShotSize *s = find_size(shot_size, known);
  int nfig = ncast < s->max_figures ? ncast : s->max_figures;
  static const double centers[4][3] = {{0}, {0.5}, {0.32, 0.68}, {0.22, 0.5, 0.78}};
  static const double wide_centers[3] = {0.27, 0.73, 0};
  static const double scale[3] = {1.0, 0.94, 1.03};
  int n = 0;
  if (s->detail) {
    /* the object of an insert shot, big in the middle */
    double side = (w < h ? w : h) * 0.45;
    return add_box(boxes, n, (w - side) / 2, h * 0.5 - side / 2, side, side, w, h, DRAFT_BOX_FIGURE);
  }
  /* Several figures must fit side by side: shoulders are a quarter of a
   * figure's height. */
  double fit = nfig > 1 ? 0.9 * w / (nfig * 0.24) : 1e9;
  for (int i = 0; i < nfig; i++) {
    double cx = (nfig == 2 && s->figure >= 1.5 ? wide_centers[i] : centers[nfig][i]) * w;
    double fig = s->figure * h * (s->figure < 1 ? scale[i] : 1.0);
    if (fig > fit) fig = fit;
    double top = s->head_top * h + (s->figure < 1 ? (s->figure * h - fig) : 0);
    double head_h = fig * 0.13, head_w = head_h * 0.78;
    n = add_box(boxes, n, cx - head_w / 2, top, head_w, head_h, w, h, DRAFT_BOX_FIGURE);
    double torso_y = top + head_h * 1.08, torso_h = fig * 0.36, torso_w = fig * 0.24;
    n = add_box(boxes, n, cx - torso_w / 2, torso_y, torso_w, torso_h, w, h, DRAFT_BOX_FIGURE);
    double legs_w = fig * 0.17;
    n = add_box(boxes, n, cx - legs_w / 2, torso_y + torso_h, legs_w, fig * 0.47, w, h, DRAFT_BOX_FIGURE);
    if (s->eyes) {
      double ey = top + head_h * 0.42, ew = head_w * 0.17, eh = head_h * 0.045;
      n = add_box(boxes, n, cx - head_w * 0.22 - ew / 2, ey, ew, eh, w, h, DRAFT_BOX_EYE);
      n = add_box(boxes, n, cx + head_w * 0.22 - ew / 2, ey, ew, eh, w, h, DRAFT_BOX_EYE);
    }
  }
  return n;
}
