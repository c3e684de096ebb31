#!/usr/bin/env python3
"""bench/ninja_from_plan.py - a build.ninja with the same job graph as a
storyc plan: one edge per job, its resolved prompt in the command, its
inputs' outputs as inputs. `ninja -n` on it is what `storyc build -n` is
measured against.

  ninja_from_plan.py PLAN.json DIR [--built]

writes DIR/build.ninja (rule: printf the text to $out). With --built it also
leaves DIR as a finished `ninja` run would: every output written with what
its command prints, all with one mtime, and a .ninja_log (v5) holding each
edge's command hash (MurmurHash64A, as ninja computes it), so that `ninja`
there has nothing to do. That takes seconds where running 244,000 printf
commands takes minutes; the bench checks that `ninja -n` then says
"no work to do" before timing anything.
"""
import json
import os
import struct
import sys
import time

MASK = (1 << 64) - 1
M = 0xC6A4A7935BD1E995


def murmur64a(data):
    """ninja's BuildLog::LogEntry::HashCommand (seed 0xDECAFBADDECAFBAD)."""
    n = len(data)
    h = (0xDECAFBADDECAFBAD ^ (n * M)) & MASK
    n8 = n & ~7
    for (k,) in struct.iter_unpack("<Q", data[:n8]):
        k = (k * M) & MASK
        k ^= k >> 47
        k = (k * M) & MASK
        h ^= k
        h = (h * M) & MASK
    rest = data[n8:]
    if rest:
        h ^= int.from_bytes(rest, "little")
        h = (h * M) & MASK
    h ^= h >> 47
    h = (h * M) & MASK
    h ^= h >> 47
    return h


def job_text(job):
    params = job["params"]
    text = params.get("prompt") or params.get("text") or params.get("type") or ""
    return text.replace("\n", " ").replace('"', "'")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    built = "--built" in sys.argv[1:]
    if len(args) != 2:
        sys.exit("usage: ninja_from_plan.py PLAN.json DIR [--built]")
    with open(args[0]) as f:
        plan = json.load(f)
    out = args[1]
    os.makedirs(out, exist_ok=True)
    jobs = plan["jobs"]
    with open(os.path.join(out, "build.ninja"), "w") as f:
        f.write("rule gen\n  command = printf '%s' \"$text\" > $out\n\n")
        for j in jobs:
            ins = " ".join("o/" + i.replace(":", "$:") for i in j["inputs"])
            text = job_text(j).replace("$", "$$")
            f.write("build o/%s: gen %s\n  text = %s\n" % (j["id"].replace(":", "$:"), ins, text))
    if not built:
        return
    stamp = time.time_ns()
    made = set()
    with open(os.path.join(out, ".ninja_log"), "w") as log:
        log.write("# ninja log v5\n")
        for j in jobs:
            rel = "o/" + j["id"]
            text = job_text(j)
            path = os.path.join(out, rel)
            parent = os.path.dirname(path)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            with open(path, "w") as f:
                f.write(text)
            os.utime(path, ns=(stamp, stamp))
            command = "printf '%%s' \"%s\" > %s" % (text, rel)
            log.write("0\t1\t%d\t%s\t%x\n" % (stamp, rel, murmur64a(command.encode())))


if __name__ == "__main__":
    main()
