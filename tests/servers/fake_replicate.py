#!/usr/bin/env python3
"""fake_replicate.py - a local stand-in for Replicate's predictions API as
documented (../shared/reference/backend-apis.md §4), for
tests/e2e/http_replicate.sh:

  POST /v1/models/{owner}/{name}/predictions  {input: {...}} ->
       201 {id, status: "starting", urls: {get, cancel}}; with "Prefer: wait"
       and the scenario "wait", the finished prediction at once
  GET  /v1/predictions/{id}  starting -> processing -> succeeded with
       output [URL] (a list) or "URL" (a string, for odd ids); failed with
       error for "jobfail"/"moderation"; processing forever for "never",
       for 8 polls for "late"
  GET  /files/{name}        the media (first try 503 for "dlfail")

Auth: "Authorization: Bearer $FAKE_REPLICATE_TOKEN" when set, else 401
{"detail": ...}. Rate limit: 429 {"detail": "Request was throttled..."}
without Retry-After. Scenarios: see fakesvc.py.
"""
import json
import os
import re

from fakesvc import Handler, scenario_of, serve

MEDIA_OF = {"image": "image.webp", "video": "video.mp4", "voice": "voice.mp3", "music": "music.mp3"}


class Replicate(Handler):
    def authorized(self):
        key = os.environ.get("FAKE_REPLICATE_TOKEN")
        if key and self.headers.get("Authorization") != "Bearer " + key:
            self.send_json(401, {"title": "Unauthenticated", "detail": "You did not pass a valid authentication token",
                                 "status": 401})
            return False
        return True

    def prediction(self, pid):
        job = self.state.jobs[pid]
        host = "http://127.0.0.1:%d" % self.server.server_address[1]
        out = {"id": pid, "model": job["model"], "status": job["status"], "input": job["input"],
               "output": None, "error": None, "logs": "",
               "urls": {"get": host + "/v1/predictions/" + pid, "cancel": host + "/v1/predictions/" + pid + "/cancel"}}
        if job["status"] == "succeeded":
            url = host + "/files/" + pid + "-" + MEDIA_OF[job["kind"]]
            out["output"] = [url] if int(pid[1:]) % 2 == 0 else url
        if job["status"] == "failed":
            out["error"] = job["error"]
        return out

    def do_POST(self):
        m = re.match(r"^/v1/models/([^/]+)/([^/]+)/predictions$", self.path)
        req = self.json_body()
        if not m or req is None:
            self.send_json(404, {"detail": "Not found."})
            return
        inp = req.get("input") or {}
        text = inp.get("prompt") or inp.get("text") or ""
        scen = scenario_of(text)
        n = self.state.attempt(("submit", text))
        kind = "video" if "image" in inp else "voice" if "text" in inp else "music" if "duration" in inp else "image"
        self.log(scenario=scen, attempt=n, model=m.group(1) + "/" + m.group(2), kind=kind,
                 prefer=self.headers.get("Prefer"), input=sorted(inp.keys()))
        if not self.authorized():
            return
        if scen == "rate429" and n == 1:
            self.send_json(429, {"detail": "Request was throttled. Your rate limit resets in ~1s.", "status": 429})
            return
        if scen in ("err500",) and n == 1:
            self.send_json(500, {"detail": "Internal server error"})
            return
        if scen == "badinput":
            self.send_json(422, {"title": "Input validation failed", "status": 422,
                                 "detail": "- input.prompt: Does not match format 'text'"})
            return
        pid = self.state.new_id("p")
        job = {"status": "starting", "polls": 0, "scenario": scen, "kind": kind, "input": inp,
               "model": m.group(1) + "/" + m.group(2), "error": None}
        self.state.jobs[pid] = job
        if scen == "wait" and (self.headers.get("Prefer") or "").startswith("wait"):
            job["status"] = "succeeded"
        self.send_json(201, self.prediction(pid))

    def do_GET(self):
        path = self.path.split("?")[0]
        m = re.match(r"^/v1/predictions/([a-z0-9]+)$", path)
        if m:
            pid = m.group(1)
            job = self.state.jobs.get(pid)
            self.log(scenario=job["scenario"] if job else "", poll=pid)
            if not self.authorized():
                return
            if not job:
                self.send_json(404, {"detail": "Not found."})
                return
            job["polls"] += 1
            scen = job["scenario"]
            if scen == "pollerr" and job["polls"] == 1:
                self.send_json(503, {"detail": "Service Unavailable"})
                return
            if job["status"] in ("starting", "processing") and scen != "never":
                if job["polls"] >= (8 if scen == "late" else 2):
                    if scen in ("jobfail", "moderation"):
                        job["status"] = "failed"
                        job["error"] = ("NSFW content detected. Try running it again, or try a different prompt."
                                        if scen == "moderation" else "CUDA out of memory")
                    else:
                        job["status"] = "succeeded"
                else:
                    job["status"] = "processing"
            elif scen == "never":
                job["status"] = "processing"
            self.send_json(200, self.prediction(pid))
            return
        m = re.match(r"^/files/(p[0-9]+)-(.+)$", path)
        if m:
            job = self.state.jobs.get(m.group(1))
            scen = job["scenario"] if job else ""
            n = self.state.attempt(("dl", m.group(1)))
            self.log(scenario=scen, download=m.group(2), attempt=n, auth=bool(self.headers.get("Authorization")))
            if scen == "dlfail" and n == 1:
                self.send_json(503, {"detail": "try later"})
                return
            data = self.state.media.get(m.group(2))
            if data is None:
                self.send_json(404, {"detail": "Not found."})
                return
            ctype = {"webp": "image/webp", "mp4": "video/mp4", "mp3": "audio/mpeg"}[m.group(2).rsplit(".", 1)[1]]
            self.send(200, data, ctype)
            return
        self.send_json(404, {"detail": "Not found."})


if __name__ == "__main__":
    serve(Replicate, __doc__)
