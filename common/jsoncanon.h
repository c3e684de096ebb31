/* jsoncanon.h - canonical JSON text of a cJSON value, the form params take in
 * a plan and in a job key: members sorted by name, no white space, integers
 * in decimal (docs/plan.md, "Keys"). */
#ifndef STORYC_JSONCANON_H
#define STORYC_JSONCANON_H
#include "buf.h"
#include <cjson/cJSON.h>

void json_canonical(const cJSON *v, Buf *out);

#endif
