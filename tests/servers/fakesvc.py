"""fakesvc.py - plumbing shared by the fake generation services of the
end-to-end tests (tests/servers/fake_*.py, driven by tests/e2e/http_*.sh).

Each fake service binds 127.0.0.1 on port 0, prints the port on stdout, and
exits by itself after --lifetime seconds. It logs one JSON line per request
to --log (method, path, scenario, attempt) so that a test can count what
storyc sent, and serves real media files made by the test (--media DIR:
image.png, image.webp, image.jpg, voice.mp3, music.mp3, video.mp4).

Failure scenarios are chosen by a word in the prompt or text of a job,
"@@name", so one project can exercise several at once:
  rate429      first try: 429 with Retry-After: 1 (seconds), then success
  rate429date  first try: 429 with Retry-After as an HTTP date, then success
  rate429bare  first try: 429 without Retry-After, then success
  err500       first try: 500, then success
  slow         answers after 0.6 s
  hang         answers after 20 s (storyc's timeout is set lower)
  cutoff       promises a body and closes the connection half way
  badjson      200 with malformed JSON
  moderation   the service's own content refusal
  jobfail      (asynchronous services) the job ends failed
  never        (asynchronous services) the job never finishes
Stdlib only: http.server, threading, json, base64.
"""
import argparse
import base64
import email.utils
import json
import os
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCENARIO = re.compile(r"@@([a-z0-9]+)")


def scenario_of(text):
    m = SCENARIO.search(text or "")
    return m.group(1) if m else ""


class State:
    """What a fake service remembers: attempts per key, jobs, media, log."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.attempts = {}
        self.jobs = {}
        self.next_id = 1
        self.media = {}
        if args.media:
            for name in os.listdir(args.media):
                with open(os.path.join(args.media, name), "rb") as f:
                    self.media[name] = f.read()
        self.logf = open(args.log, "a") if args.log else None

    def attempt(self, key):
        with self.lock:
            n = self.attempts.get(key, 0) + 1
            self.attempts[key] = n
            return n

    def new_id(self, prefix):
        with self.lock:
            i = self.next_id
            self.next_id += 1
        return "%s%04d" % (prefix, i)

    def log(self, **fields):
        if not self.logf:
            return
        with self.lock:
            self.logf.write(json.dumps(fields) + "\n")
            self.logf.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state = None  # set by serve()

    def log_message(self, fmt, *args):  # quiet
        pass

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def json_body(self):
        raw = self.body()
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return None

    def send(self, code, data, ctype, headers=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def send_json(self, code, obj, headers=None):
        self.send(code, json.dumps(obj).encode(), "application/json", headers)

    def cutoff(self, data, ctype):
        """Promises len(data) bytes, sends half, closes the connection."""
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data) + 1000))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def common_failure(self, scen, n, refusal, ctype="application/json"):
        """The scenarios every service shares, on a submit. Returns True when
        the answer was sent; refusal() sends the service's own refusal."""
        if scen == "rate429" and n == 1:
            self.send_json(429, {"error": {"message": "Rate limit reached", "type": "requests"}}, {"Retry-After": "1"})
        elif scen == "rate429date" and n == 1:
            when = email.utils.formatdate(time.time() + 1, usegmt=True)
            self.send_json(429, {"error": {"message": "Rate limit reached"}}, {"Retry-After": when})
        elif scen == "rate429bare" and n == 1:
            self.send_json(429, {"error": {"message": "Too many requests"}})
        elif scen == "err500" and n == 1:
            self.send_json(500, {"error": {"message": "The server had an error"}})
        elif scen == "moderation":
            refusal()
        elif scen == "badjson":
            self.send(200, b'{"data": [{"b64_json": "iVBOR', ctype)
        else:
            if scen == "slow":
                time.sleep(0.6)
            elif scen == "hang":
                time.sleep(20)
            return False
        return True

    def log(self, **fields):
        fields.setdefault("method", self.command)
        fields.setdefault("path", self.path)
        self.state.log(**fields)


def parse_multipart(handler, raw):
    """Fields and files of a multipart/form-data body: {name: [value...]},
    files as (filename, bytes)."""
    ctype = handler.headers.get("Content-Type", "")
    m = re.search(r"boundary=(\S+)", ctype)
    out = {}
    if not m:
        return out
    boundary = b"--" + m.group(1).strip('"').encode()
    for part in raw.split(boundary):
        if not part or part.startswith(b"--"):
            continue
        head, _, data = part.partition(b"\r\n\r\n")
        data = data[:-2] if data.endswith(b"\r\n") else data
        name = re.search(rb'name="([^"]*)"', head)
        filename = re.search(rb'filename="([^"]*)"', head)
        if not name:
            continue
        key = name.group(1).decode()
        val = (filename.group(1).decode(), data) if filename else data.decode("utf-8", "replace")
        out.setdefault(key, []).append(val)
    return out


def serve(handler_class, description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--media", help="folder of media files to serve")
    ap.add_argument("--log", help="request log (JSON lines)")
    ap.add_argument("--lifetime", type=float, default=120, help="exit after this many seconds")
    args = ap.parse_args()
    handler_class.state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    os._exit(0)


def b64(data):
    return base64.b64encode(data).decode()
