#!/usr/bin/env python3
"""bench/http_bench.py - the HTTP backends under load, for `make bench`
(bench/bench.py runs it and collects its table rows and PASS/MISS lines).

1,000 image jobs, 64 at once, against a loopback server that answers every
request after 100 ms with a small PNG in OpenAI's format. The ideal is
1000 / 64 x 0.1 s; the target: within 10% of it, with storyc's own CPU time
(user + system of the storyc process alone, never the server's) under 5% of
the wall time. Measured twice, as medians of --runs runs:
  1. the engine alone (bench/http_bench_engine.c linked with libstoryc.a):
     64 threads, as a backend's pool would run them, through one engine;
  2. the whole path: `storyc run` of a plan of 1000 image jobs on
     openai-image (STORYC_OPENAI_IMAGE_LIMIT=64), cache on tmpfs.

  http_bench.py [STORYC] [--jobs 1000] [--limit 64] [--delay 0.1] [--runs 5]

The server is asyncio (stdlib) in its own process, HTTP/1.1 keep-alive.
Exits 1 when a target is missed.
"""
import argparse
import asyncio
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import resource
import struct
import zlib


def tiny_png():
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xffffffff)
    raw = b"".join(b"\x00" + b"\x40\x80\xc0" * 16 for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def serve(delay, lifetime):
    """The loopback server: prints its port, answers each POST after delay."""
    body = json.dumps({"created": 1, "data": [{"b64_json": base64.b64encode(tiny_png()).decode()}]}).encode()
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))

    async def handle(reader, writer):
        try:
            while True:
                headers = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in headers.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                if length:
                    await reader.readexactly(length)
                await asyncio.sleep(delay)
                writer.write(head + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.sleep(lifetime)

    asyncio.run(main())


def write_plan(path, n):
    jobs = []
    for i in range(n):
        jobs.append({"id": "bench/%04d/image" % i, "kind": "image", "backend": "openai-image", "inputs": [],
                     "params": {"prompt": "bench frame %d, ink wash" % i, "negative": "", "width": 1024,
                                "height": 1024, "seed": i, "refs": []}})
    plan = {"format": "storyc-plan", "version": 1,
            "series": {"title": "Bench", "language": "en", "width": 1024, "height": 1024, "fps": 24},
            "root": os.path.dirname(path), "jobs": jobs}
    with open(path, "w") as f:
        json.dump(plan, f)


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def run_storyc(storyc, port, n, limit, tmp):
    """One `storyc run` of the plan: (exit code, wall, cpu, user, sys, out, err)."""
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("STORYC_") or k.startswith("OPENAI_"):
            del env[k]
    env.update({"OPENAI_BASE_URL": "http://127.0.0.1:%d/v1" % port, "STORYC_OPENAI_IMAGE_LIMIT": str(limit)})
    # The cache on tmpfs when there is one: the bench measures the HTTP path,
    # not how fast a file system creates inodes (on ext4 each job's files
    # cost about 1 ms of system time).
    base = tempfile.mkdtemp(prefix="storyc-http-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else tmp)
    try:
        argv = [storyc, "run", os.path.join(tmp, "plan.json"), "--cache", os.path.join(base, "cache"),
                "-o", os.path.join(base, "out")]
        t0 = time.monotonic()
        p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = p.communicate()
        wall = time.monotonic() - t0
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        return p.returncode, wall, out, err, ru
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(float(sys.argv[2]), float(sys.argv[3]))
        return 0
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("storyc", nargs="?", default=os.environ.get("STORYC") or os.path.join(top, "bin", "storyc"))
    ap.add_argument("--jobs", type=int, default=1000)
    ap.add_argument("--limit", type=int, default=64)
    ap.add_argument("--delay", type=float, default=0.1)
    ap.add_argument("--runs", type=int, default=5, help="median of this many runs")
    ap.add_argument("--objdir", default=os.environ.get("O") or os.path.join(top, "out"),
                    help="where libstoryc.a is (for the engine-only program)")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="storyc-http-bench-")
    server = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve", str(a.delay), "600"],
                              stdout=subprocess.PIPE, text=True)
    ideal = a.jobs / a.limit * a.delay
    rows, verdicts = [], []
    try:
        port = int(server.stdout.readline())
        url = "http://127.0.0.1:%d/v1/images/generations" % port
        # 1. the engine alone: bench/http_bench_engine.c against libstoryc.a
        lib = os.path.join(a.objdir, "libstoryc.a")
        prog = os.path.join(tmp, "http_bench_engine")
        src = os.path.join(top, "bench", "http_bench_engine.c")
        built = os.path.exists(lib) and subprocess.call(
            ["cc", "-std=c11", "-O2", "-D_GNU_SOURCE", "-I" + os.path.join(top, "common"),
             "-I" + os.path.join(top, "runtime"), "-o", prog, src, lib, "-lcjson", "-lcurl", "-lcrypto", "-lm",
             "-lpthread"]) == 0
        if built:
            runs = []
            for _ in range(a.runs):
                line = subprocess.run([prog, url, str(a.jobs), str(a.limit)], capture_output=True, text=True).stdout
                fails, wall, user, sys_ = line.split()
                runs.append((float(wall), float(user) + float(sys_), int(fails)))
            wall = median([r[0] for r in runs])
            cpu = median([r[1] for r in runs])
            fails = max(r[2] for r in runs)
            rows.append("| http engine alone: %d requests x %.0f ms, %d at once: wall (ideal %.2f s) | %.2f s | | %+.1f%% |" %
                        (a.jobs, a.delay * 1000, a.limit, ideal, wall, (wall / ideal - 1) * 100))
            rows.append("| http engine alone: CPU time / wall time | %.3f s | | %.1f%% |" % (cpu, cpu / wall * 100))
            ok = fails == 0 and wall <= ideal * 1.10 and cpu < 0.05 * wall
            verdicts.append("%s http engine: %d requests in %.2f s (%+.1f%% of ideal, limit +10%%), CPU %.1f%% of wall "
                            "(limit 5%%)%s" % ("PASS" if ok else "MISS", a.jobs, wall, (wall / ideal - 1) * 100,
                                               cpu / wall * 100, "" if not fails else ", %d failed" % fails))
        else:
            verdicts.append("MISS http engine: cannot build bench/http_bench_engine.c against %s" % lib)
        # 2. the whole path: `storyc run` of a plan of image jobs
        write_plan(os.path.join(tmp, "plan.json"), a.jobs)
        runs = []
        for _ in range(a.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            code, wall, out, err, after = run_storyc(a.storyc, port, a.jobs, a.limit, tmp)
            user = after.ru_utime - before.ru_utime
            sys_ = after.ru_stime - before.ru_stime
            done = code == 0 and ("jobs: %d run, 0 cached, 0 failed" % a.jobs) in out
            runs.append((wall, user + sys_, user, sys_, done, err))
        wall = median([r[0] for r in runs])
        cpu = median([r[1] for r in runs])
        done = all(r[4] for r in runs)
        rows.append("| http build: storyc run, %d image jobs (openai-image) x %.0f ms, %d at once: wall | %.2f s | | %+.1f%% |" %
                    (a.jobs, a.delay * 1000, a.limit, wall, (wall / ideal - 1) * 100))
        rows.append("| http build: storyc CPU time / wall time (cache on tmpfs) | %.3f s | | %.1f%% |" % (cpu, cpu / wall * 100))
        verdicts.append("%s http build: %d jobs in %.2f s (%+.1f%% of ideal %.2f s, limit +10%%)%s" %
                        ("PASS" if done and wall <= ideal * 1.10 else "MISS", a.jobs, wall, (wall / ideal - 1) * 100,
                         ideal, "" if done else ": " + runs[0][5].strip()[-300:]))
        verdicts.append("%s http build: storyc CPU %.2f s = %.1f%% of wall (limit 5%%; the engine's share is the "
                        "line above, the rest is the cache and scheduler per job)" %
                        ("PASS" if cpu < 0.05 * wall else "MISS", cpu, cpu / wall * 100))
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    for r in rows:
        print(r)
    for v in verdicts:
        print(v)
    return 0 if all(v.startswith("PASS") for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
