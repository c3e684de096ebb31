#!/usr/bin/env python3
"""bench/bench.py - `make bench`: storyc measured side by side with ninja.

For generated projects of 10,000 and 100,000 shots (bench/gen.py) and a
build.ninja with the same job graph (bench/ninja_from_plan.py), as medians
of alternated runs (storyc, ninja, storyc, ninja, ...) after one warm-up
run of each:
  - dry run: `storyc build -n` (no cache yet) vs `ninja -n` (nothing built):
    wall time, CPU time, peak memory (max RSS of the child, from wait4);
  - no-op: `storyc build` on a filled cache vs `ninja` on a built tree (the
    cache is filled by out/tools/fakebuild with an instant fake backend,
    the ninja tree by ninja_from_plan.py --built);
  - a one-line edit (a line of dialogue; in build.ninja the text of the
    same voice job), then the rebuild: 3 jobs run in each (storyc through
    fakebuild, so both run instant commands);
then the draft backend on examples/strange-mirror episode 1 from a cold
cache (speed against real time; and whether any edit re-encodes video),
and the HTTP benchmark when bench/http_bench.* exists. Prints a table and
one PASS or MISS line per target; writes DIR/results.md, and with --doc
FILE puts the same text between the results markers of FILE.

  bench.py [--sizes 10000,100000] [--runs 5] [--dir out/bench]
           [--storyc bin/storyc] [--tools out/tools] [--doc FILE]
           [--skip-draft] [--skip-http] [--quick]
"""
import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
EDIT_JOB = "ep1/s0/1/voice.1"  # gen.py: the first shot of every scene has a line


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Run:
    """One finished child: wall seconds, CPU seconds, max RSS in KiB, output."""

    def __init__(self, wall, cpu, rss_kb, code, out, err):
        self.wall, self.cpu, self.rss_kb, self.code, self.out, self.err = wall, cpu, rss_kb, code, out, err


def run(cmd, cwd=None, capture=False, env=None):
    """Runs cmd through out/tools/runstat (wall and CPU time, max RSS of the
    command alone: a child of this large process would report its size);
    stdout and stderr go to files (or /dev/null), never a pipe that could
    slow the child down."""
    out_path = err_path = None
    if capture:
        out_path, err_path = os.path.join(ARGS.dir, ".out"), os.path.join(ARGS.dir, ".err")
        out_f, err_f = open(out_path, "wb"), open(err_path, "wb")
    else:
        out_f = err_f = subprocess.DEVNULL
    stat_path = os.path.join(ARGS.dir, ".runstat")
    subprocess.call([ARGS.runstat, stat_path, "--"] + cmd, cwd=cwd, stdout=out_f, stderr=err_f, env=env)
    wall, cpu, rss_kb, code = open(stat_path).read().split()
    out = err = ""
    if capture:
        out_f.close()
        err_f.close()
        out = open(out_path, errors="replace").read()
        err = open(err_path, errors="replace").read()
    return Run(float(wall), float(cpu), int(rss_kb), int(code), out, err)


def must(r, what):
    if r.code != 0:
        log("bench: %s failed (exit %d):\n%s%s" % (what, r.code, r.out[-2000:], r.err[-2000:]))
        sys.exit(1)
    return r


def sha_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def alternate(a, b, runs):
    """Runs a() and b() once each to warm up, then runs times alternated.
    Returns (runs of a, runs of b)."""
    a()
    b()
    ra, rb = [], []
    for _ in range(runs):
        ra.append(a())
        rb.append(b())
    return ra, rb


def med(rs, field):
    return statistics.median(getattr(r, field) for r in rs)


# ---- the projects ----------------------------------------------------------


class Project:
    """A generated project of n shots, its plan, and the ninja trees."""

    def __init__(self, n):
        self.n = n
        self.base = os.path.join(ARGS.dir, "p%d" % n)
        self.story = os.path.join(self.base, "story")      # the .story files; .storyc and build/ filled
        self.ninja_dry = os.path.join(self.base, "ninja")  # build.ninja, nothing built
        self.ninja_built = os.path.join(self.base, "ninja-built")
        self.plan = os.path.join(self.base, "plan.json")
        self.stamp = os.path.join(self.base, "stamp")

    def prepare(self):
        """Generates the project and the plan; rebuilds the ninja trees and the
        filled cache when the plan changed since the last bench (new keys)."""
        os.makedirs(self.base, exist_ok=True)
        log("bench: generating %d shots" % self.n)
        for f in os.listdir(self.story) if os.path.isdir(self.story) else []:
            if f.endswith(".story"):
                os.remove(os.path.join(self.story, f))
        subprocess.check_call([sys.executable, os.path.join(HERE, "gen.py"), str(self.n), self.story])
        self.size = sum(os.path.getsize(os.path.join(self.story, f))
                        for f in os.listdir(self.story) if f.endswith(".story"))
        must(run([ARGS.storyc, "plan", self.story, "-o", self.plan], capture=True), "storyc plan")
        with open(self.plan) as f:
            plan = json.load(f)
        self.njobs = len(plan["jobs"])
        del plan
        digest = sha_file(self.plan) + sha_file(os.path.join(HERE, "ninja_from_plan.py"))
        old = open(self.stamp).read() if os.path.exists(self.stamp) else ""
        if old == digest and self.check_noop():
            log("bench: %d shots: plan unchanged, reusing the built trees" % self.n)
            return
        for d in (self.ninja_dry, self.ninja_built, os.path.join(self.story, ".storyc"),
                  os.path.join(self.story, "build")):
            shutil.rmtree(d, ignore_errors=True)
        log("bench: %d shots: writing build.ninja, and a built ninja tree" % self.n)
        nfp = os.path.join(HERE, "ninja_from_plan.py")
        subprocess.check_call([sys.executable, nfp, self.plan, self.ninja_dry])
        subprocess.check_call([sys.executable, nfp, self.plan, self.ninja_built, "--built"])
        log("bench: %d shots: filling the storyc cache with the fake backend" % self.n)
        r = must(run([ARGS.fakebuild, self.story, "--no-fsync"], capture=True), "fakebuild")
        log("bench:   " + r.out.strip().splitlines()[-1])
        if not self.check_noop():
            log("bench: after filling, a build is not a no-op (see above)")
            sys.exit(1)
        with open(self.stamp, "w") as f:
            f.write(digest)

    def check_noop(self):
        r = run([ARGS.storyc, "build", self.story], capture=True)
        want = "jobs: 0 run, %d cached, 0 failed" % self.njobs
        if r.code != 0 or want not in r.out:
            log("bench: storyc no-op check: %s" % (r.out.strip() or r.err.strip()[-300:]))
            return False
        r = run(["ninja", "-C", self.ninja_built, "-n"], capture=True)
        if "no work to do" not in r.out:
            log("bench: ninja no-op check: %s" % r.out.strip()[-300:])
            return False
        return True


# ---- the measurements -------------------------------------------------------


def bench_dry(p):
    empty = os.path.join(p.base, "empty")
    shutil.rmtree(empty, ignore_errors=True)
    s = lambda: run([ARGS.storyc, "build", p.story, "-n", "--cache", empty + "/cache", "-o", empty + "/out"])
    n = lambda: run(["ninja", "-C", p.ninja_dry, "-n"])
    rs, rn = alternate(s, n, ARGS.runs)
    for r in rs + rn:
        if r.code != 0:
            log("bench: a dry run failed (exit %d)" % r.code)
            sys.exit(1)
    return rs, rn


def bench_noop(p):
    s = lambda: run([ARGS.storyc, "build", p.story])
    n = lambda: run(["ninja", "-C", p.ninja_built])
    return alternate(s, n, ARGS.runs)


class Editor:
    """Gives the line of dialogue of EDIT_JOB a new text on every call, in
    the .story file and in build.ninja."""

    def __init__(self, p):
        self.p = p
        self.count = 0
        self.nonce = os.urandom(4).hex()  # a text never built before, even by an earlier bench
        self.story = os.path.join(p.story, "ep00001.story")
        self.ninja = os.path.join(p.ninja_built, "build.ninja")

    def next_text(self):
        self.count += 1
        return "Edit number %d of this line (%s)." % (self.count, self.nonce)

    def story_edit(self):
        text = self.next_text()
        with open(self.story) as f:
            src = f.read()
        # The first line of dialogue in the file: `cNN "..."` on its own line.
        src, k = re.subn(r'^(\s+c\d+ )"[^"\n]*"$', lambda m: m.group(1) + '"%s"' % text, src, count=1, flags=re.M)
        assert k == 1, "no line of dialogue in %s" % self.story
        with open(self.story, "w") as f:
            f.write(src)

    def ninja_edit(self):
        text = self.next_text()
        with open(self.ninja) as f:
            src = f.read()
        head = "build o/%s:" % EDIT_JOB
        at = src.index(head)
        line = src.index("\n  text = ", at) + len("\n  text = ")
        end = src.index("\n", line)
        with open(self.ninja, "w") as f:
            f.write(src[:line] + text + src[end:])


def bench_edit(p):
    e = Editor(p)

    def s():
        e.story_edit()
        r = run([ARGS.fakebuild, p.story], capture=True)
        if "jobs: 3 run" not in r.out:
            log("bench: storyc edit rebuild ran %s, expected 3 jobs" % r.out.strip())
            sys.exit(1)
        return r

    def n():
        e.ninja_edit()
        r = run(["ninja", "-C", p.ninja_built], capture=True)
        if "[3/3]" not in r.out:
            log("bench: ninja edit rebuild: %s" % r.out.strip()[-300:])
            sys.exit(1)
        return r

    return alternate(s, n, ARGS.runs)


def bench_draft():
    """examples/strange-mirror ep1 from a cold cache, -j nproc."""
    proj = os.path.join(TOP, "examples", "strange-mirror")
    if not os.path.isdir(proj):
        return None
    d = os.path.join(ARGS.dir, "draft")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    log("bench: draft render of strange-mirror ep1 (cold cache)")
    r = must(run([ARGS.storyc, "build", proj, "ep1", "-j", str(os.cpu_count()), "-o", d + "/out",
                  "--cache", d + "/cache"], capture=True), "draft build")
    mp4 = [f for f in os.listdir(d + "/out") if f.startswith("ep01") and f.endswith(".mp4")]
    dur = float(subprocess.check_output(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                                         "csv=p=0", os.path.join(d, "out", mp4[0])]).decode().strip())
    # Which edit jobs ran an H.264 encoder (a re-encode of frames already encoded).
    must(run([ARGS.storyc, "plan", proj, "-o", d + "/plan.json"], capture=True), "storyc plan")
    with open(d + "/plan.json") as f:
        jobs = json.load(f)["jobs"]
    edits = [j for j in jobs if j["kind"] == "edit" and j["id"].startswith("ep1/")]
    reencoding = []
    for j in edits:
        path = os.path.join(d, "cache", "logs", j["key"] + ".log")
        if os.path.exists(path) and "libx264" in open(path, errors="replace").read():
            reencoding.append(j["id"])
    return {"wall": r.wall, "cpu": r.cpu, "duration": dur, "edits": len(edits), "reencoding": reencoding,
            "jobs": r.out.strip().splitlines()[-1]}


def bench_http():
    """Runs bench/http_bench.* (written by the HTTP backend's author) and
    collects its PASS/MISS lines and its table rows."""
    # ---- HTTP benchmark hook: bench/http_bench.sh or bench/http_bench.py ----
    for name, cmd in (("http_bench.sh", ["sh"]), ("http_bench.py", [sys.executable])):
        path = os.path.join(HERE, name)
        if os.path.exists(path):
            log("bench: %s" % name)
            env = dict(os.environ, STORYC=ARGS.storyc, BENCH_DIR=ARGS.dir, O=ARGS.o)
            r = run(cmd + [path], capture=True, env=env)
            lines = r.out.splitlines()
            verdicts = [l for l in lines if l.startswith(("PASS ", "MISS "))]
            if r.code != 0 and not verdicts:
                verdicts = ["MISS http: %s exited %d: %s" % (name, r.code, r.err.strip()[-300:])]
            rows = [l for l in lines if l.startswith("|")]
            return verdicts, rows
    # ---- end of the HTTP hook ----
    return ["MISS http: bench/http_bench.* does not exist yet (not measured)"], []


# ---- the report ---------------------------------------------------------------


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1048576)
    ninja = subprocess.check_output(["ninja", "--version"]).decode().strip()
    load = os.getloadavg()
    return [("cores (nproc)", str(os.cpu_count())), ("CPU", cpu), ("memory", mem),
            ("kernel", platform.release()), ("ninja", ninja),
            ("load average at start", "%.2f %.2f %.2f" % load),
            ("date", time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))]


def fmt_s(x):
    return "%.3f s" % x if x < 10 else "%.1f s" % x


def main():
    global ARGS
    ap = argparse.ArgumentParser(description="storyc against ninja (make bench)")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default=os.path.join(TOP, "out", "bench"))
    ap.add_argument("--storyc", default=os.path.join(TOP, "bin", "storyc"))
    ap.add_argument("--tools", default=os.path.join(TOP, "out", "tools"))
    ap.add_argument("--o", default="out", help="the Makefile's object dir (passed to http_bench)")
    ap.add_argument("--doc", default=None)
    ap.add_argument("--skip-draft", action="store_true")
    ap.add_argument("--skip-http", action="store_true")
    ap.add_argument("--quick", action="store_true",
                    help="1,000 shots, 3 runs, no draft or HTTP, docs left alone: a smoke test of the bench")
    ARGS = ap.parse_args()
    if ARGS.quick:
        ARGS.sizes, ARGS.runs = "1000", 3
        ARGS.skip_draft = ARGS.skip_http = True
        ARGS.doc = None
    ARGS.dir = os.path.abspath(ARGS.dir)
    ARGS.storyc = os.path.abspath(ARGS.storyc)
    ARGS.fakebuild = os.path.abspath(os.path.join(ARGS.tools, "fakebuild"))
    ARGS.runstat = os.path.abspath(os.path.join(ARGS.tools, "runstat"))
    os.makedirs(ARGS.dir, exist_ok=True)
    sizes = [int(s) for s in ARGS.sizes.split(",") if s]
    started = time.time()
    info = machine()

    rows, verdicts = [], []

    def row(what, s, n, unit="time"):
        if unit == "time":
            ratio = s / n if n else float("inf")
            rows.append("| %s | %s | %s | %.2f |" % (what, fmt_s(s), fmt_s(n), ratio))
        else:
            rows.append("| %s | %.0f MiB | %.0f MiB | %.2f |" % (what, s / 1024, n / 1024, s / n if n else 0))

    for n in sizes:
        p = Project(n)
        p.prepare()
        label = "%s shots (%.1f MB .story, %s jobs)" % (format(n, ","), p.size / 1e6, format(p.njobs, ","))
        log("bench: %s: dry run" % label)
        rs, rn = bench_dry(p)
        row("%s: dry run `build -n` vs `ninja -n`, wall" % label, med(rs, "wall"), med(rn, "wall"))
        row("%s: dry run, CPU (user+sys)" % label, med(rs, "cpu"), med(rn, "cpu"))
        row("%s: dry run, peak memory" % label, max(r.rss_kb for r in rs), max(r.rss_kb for r in rn), "mem")
        if n == 100000:
            t_ok = med(rs, "wall") <= 0.5 * med(rn, "wall")
            m_ok = max(r.rss_kb for r in rs) < max(r.rss_kb for r in rn)
            verdicts.append("%s front end: 100,000-shot dry run at most half of ninja -n's time (%.2f) "
                            "with less peak memory (%.2f)" % ("PASS" if t_ok and m_ok else "MISS",
                                                              med(rs, "wall") / med(rn, "wall"),
                                                              max(r.rss_kb for r in rs) / max(r.rss_kb for r in rn)))
        log("bench: %s: no-op" % label)
        rs, rn = bench_noop(p)
        row("%s: no-op `build` vs `ninja`, wall" % label, med(rs, "wall"), med(rn, "wall"))
        row("%s: no-op, CPU (user+sys)" % label, med(rs, "cpu"), med(rn, "cpu"))
        row("%s: no-op, peak memory" % label, max(r.rss_kb for r in rs), max(r.rss_kb for r in rn), "mem")
        if n == 10000:
            ok = med(rs, "wall") < med(rn, "wall")
            verdicts.append("%s runtime: 10,000-shot no-op build faster than ninja's no-op (%.2f)" %
                            ("PASS" if ok else "MISS", med(rs, "wall") / med(rn, "wall")))
        log("bench: %s: one-line edit" % label)
        rs, rn = bench_edit(p)
        row("%s: one-line edit, rebuild (3 jobs), wall" % label, med(rs, "wall"), med(rn, "wall"))

    draft = None if ARGS.skip_draft else bench_draft()
    if draft:
        speed = draft["duration"] / draft["wall"]
        rows.append("| draft: strange-mirror ep1 (%.0f s of film), cold cache, -j %d | %s | real time: %.0f s | "
                    "%.1fx real time |" % (draft["duration"], os.cpu_count(), fmt_s(draft["wall"]),
                                           draft["duration"], speed))
        verdicts.append("%s draft: renders an episode at least 8x faster than real time (%.1fx on %d cores)" %
                        ("PASS" if speed >= 8 else "MISS", speed, os.cpu_count()))
        once = not draft["reencoding"]
        verdicts.append("%s draft: edits join clips without re-encoding (%d of %d edit jobs ran libx264%s)" %
                        ("PASS" if once else "MISS", len(draft["reencoding"]), draft["edits"],
                         (": " + ", ".join(draft["reencoding"])) if draft["reencoding"] else ""))
    if not ARGS.skip_http:
        hv, hrows = bench_http()
        verdicts += hv
        rows += hrows

    text = ["Medians of %d alternated runs (storyc, ninja, storyc, ...) after a warm-up run of each; "
            "peak memory is the largest max RSS. Ratio: storyc / ninja (below 1: storyc is faster)." % ARGS.runs,
            "", "| machine | |", "|---|---|"]
    text += ["| %s | %s |" % kv for kv in info]
    text += ["", "| measurement | storyc | ninja | ratio |", "|---|---|---|---|"] + rows
    text += ["", "```"] + verdicts + ["```", "",
                                      "(`make bench` took %.0f s.)" % (time.time() - started)]
    report = "\n".join(text) + "\n"
    with open(os.path.join(ARGS.dir, "results.md"), "w") as f:
        f.write(report)
    print(report)
    if ARGS.doc:
        with open(ARGS.doc) as f:
            doc = f.read()
        b, e = "<!-- results:begin -->\n", "<!-- results:end -->"
        if b in doc and e in doc:
            doc = doc[:doc.index(b) + len(b)] + report + doc[doc.index(e):]
            with open(ARGS.doc, "w") as f:
                f.write(doc)
            log("bench: results written to %s" % ARGS.doc)
        else:
            log("bench: %s has no results markers; not updated" % ARGS.doc)


if __name__ == "__main__":
    main()
