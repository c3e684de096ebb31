/* fuzz_plan.c - libFuzzer harness of the plan reader: the input bytes are a
 * plan JSON file, as `storyc run PLAN.json` would read it. A plan that
 * plan_read_json accepts must survive plan_write_json -> plan_read_json with
 * the same jobs and keys, and the second write must equal the first
 * (plan_check.h); plan_write_dot runs on it too. */
#include "plan_check.h"
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *err = NULL;
  Plan *p = plan_read_json((const char *)data, size, &err);
  if (!p) {
    fuzz_check(err != NULL && *err, "plan_read_json failed without a message");
    free(err);
    return 0;
  }
  fuzz_check(err == NULL, "plan_read_json set a message but succeeded");
  Buf dot = {0};
  plan_write_dot(p, &dot);
  buf_free(&dot);
  plan_check_roundtrip(p);
  plan_free(p);
  return 0;
}
