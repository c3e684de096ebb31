/* builtins.c - video formats and base camera motions (builtins.h). */
#include "builtins.h"
#include <string.h>

static const Format formats[] = {
    {"vertical_1080p", 1080, 1920, 24}, {"vertical_720p", 720, 1280, 24},   {"vertical_540p", 540, 960, 24},
    {"landscape_1080p", 1920, 1080, 24}, {"landscape_720p", 1280, 720, 24}, {"landscape_4k", 3840, 2160, 24},
    {"square_1080", 1080, 1080, 24},     {"square_720", 720, 720, 24},      {"portrait_4x5", 1080, 1350, 24},
    {"cinema_2k", 2048, 858, 24},
};
static const char *const format_list[] = {"vertical_1080p", "vertical_720p", "vertical_540p", "landscape_1080p",
                                          "landscape_720p", "landscape_4k",  "square_1080",   "square_720",
                                          "portrait_4x5",   "cinema_2k"};

static const char *const motions[] = {"static",   "push_in", "pull_out", "pan_left", "pan_right",
                                      "tilt_up",  "tilt_down", "orbit",  "crane",    "handheld"};

const Format *format_find(const char *name) {
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
    if (strcmp(formats[i].name, name) == 0) return &formats[i];
  return NULL;
}

const char *const *format_names(size_t *n) {
  *n = sizeof format_list / sizeof format_list[0];
  return format_list;
}

const char *const *motion_names(size_t *n) {
  *n = sizeof motions / sizeof motions[0];
  return motions;
}

int motion_valid(const char *name) {
  for (size_t i = 0; i < sizeof motions / sizeof motions[0]; i++)
    if (strcmp(motions[i], name) == 0) return 1;
  return 0;
}
