/* props.c - the property table (props.h). */
#include "props.h"

static const PropSpec style_p[] = {{"prompt", P_PROMPT}, {"negative", P_PROMPT}, {0, 0}};
static const PropSpec being_p[] = {{"look", P_PROMPT}, {"voice", P_STRING}, {"seed", P_INT},
                                   {"ref", P_STRING},  {"negative", P_PROMPT}, {0, 0}};
static const PropSpec place_p[] = {{"look", P_PROMPT}, {"ref", P_STRING}, {"seed", P_INT}, {"negative", P_PROMPT}, {0, 0}};
static const PropSpec music_p[] = {{"prompt", P_PROMPT}, {"length", P_DURATION}, {"seed", P_INT}, {0, 0}};
static const PropSpec size_p[] = {{"prompt", P_PROMPT}, {0, 0}};
static const PropSpec camera_p[] = {{"prompt", P_PROMPT}, {"motion", P_NAME}, {0, 0}};
static const PropSpec series_p[] = {{"format", P_NAME}, {"style", P_NAME}, {"language", P_STRING},
                                    {"fps", P_INT},     {"negative", P_PROMPT}, {0, 0}};
static const PropSpec backends_p[] = {{"image", P_NAME}, {"video", P_NAME}, {"voice", P_NAME},
                                      {"music", P_NAME}, {"edit", P_NAME},  {0, 0}};
static const PropSpec episode_p[] = {{"style", P_NAME}, {0, 0}};
static const PropSpec scene_p[] = {{"style", P_NAME}, {"prompt", P_PROMPT}, {"negative", P_PROMPT}, {0, 0}};
static const PropSpec shot_p[] = {{"prompt", P_PROMPT}, {"negative", P_PROMPT}, {"camera", P_NAME}, {"takes", P_INT},
                                  {"pick", P_INT},      {"seed", P_INT},        {"ref", P_STRING},   {"style", P_NAME},
                                  {0, 0}};
static const PropSpec none_p[] = {{0, 0}};

const PropSpec *props_for(NodeKind kind) {
  switch (kind) {
  case N_STYLE: return style_p;
  case N_CHARACTER:
  case N_CREATURE: return being_p;
  case N_PLACE: return place_p;
  case N_MUSIC: return music_p;
  case N_SIZE: return size_p;
  case N_CAMERA: return camera_p;
  case N_SERIES: return series_p;
  case N_BACKENDS: return backends_p;
  case N_EPISODE: return episode_p;
  case N_SCENE: return scene_p;
  case N_SHOT: return shot_p;
  default: return none_p;
  }
}

const char *prop_type_desc(PropType t) {
  switch (t) {
  case P_STRING:
  case P_PROMPT: return "a string";
  case P_INT: return "a whole number";
  case P_DURATION: return "a duration (4s, 1.5s, 2m)";
  case P_NAME: return "a name";
  }
  return "?";
}
