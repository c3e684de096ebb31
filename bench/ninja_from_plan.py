#!/usr/bin/env python3
"""bench/ninja_from_plan.py - a build.ninja with the same job graph as a
storyc plan: one edge per job, its resolved prompt in the command, its
inputs' outputs as inputs. `ninja -n` on it is what `storyc build -n` is
measured against.

  ninja_from_plan.py PLAN.json DIR    writes DIR/build.ninja
"""
import json
import os
import sys

plan = json.load(open(sys.argv[1]))
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "build.ninja"), "w") as f:
    f.write("rule gen\n  command = printf '%s' \"$text\" > $out\n\n")
    for j in plan["jobs"]:
        params = j["params"]
        text = params.get("prompt") or params.get("text") or params.get("type") or ""
        text = text.replace("$", "$$").replace("\n", " ").replace('"', "'")
        ins = " ".join("o/" + i.replace(":", "$:") for i in j["inputs"])
        f.write("build o/%s: gen %s\n  text = %s\n" % (j["id"].replace(":", "$:"), ins, text))
