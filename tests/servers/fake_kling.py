#!/usr/bin/env python3
"""fake_kling.py - a local stand-in for the official Kling AI API as
documented (../shared/reference/backend-apis.md §2), for
tests/e2e/http_kling.sh:

  POST /v1/videos/image2video  {model_name, image (raw base64, no data:
       prefix), prompt, duration "5"|"10", mode} ->
       {code: 0, message, request_id, data: {task_id, task_status: "submitted"}}
  GET  /v1/videos/image2video/{task_id} -> data.task_status submitted ->
       processing -> succeed with data.task_result.videos[0].url, or failed
       with task_status_msg
  GET  /files/{name}  the clip

Auth: "Authorization: Bearer <JWT HS256>" signed with $FAKE_KLING_SECRET,
iss = $FAKE_KLING_ACCESS, checked with exp and nbf (401, code 1000-1004).
Errors as Kling sends them: an HTTP status and a body code (1301 content,
1302 rate limit, 1102 no resource pack), and for "envelope" a code inside an
HTTP 200. Scenarios: see fakesvc.py.
"""
import base64
import hashlib
import hmac
import json
import os
import re
import time

from fakesvc import Handler, scenario_of, serve


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def jwt_error(header):
    secret = os.environ.get("FAKE_KLING_SECRET", "")
    access = os.environ.get("FAKE_KLING_ACCESS", "")
    if not header.startswith("Bearer "):
        return 1000, "Authorization header is missing"
    parts = header[7:].split(".")
    if len(parts) != 3:
        return 1001, "Authorization is not a JWT"
    sig = hmac.new(secret.encode(), (parts[0] + "." + parts[1]).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(sig, b64url_decode(parts[2])):
        return 1002, "signature mismatch"
    head = json.loads(b64url_decode(parts[0]))
    claims = json.loads(b64url_decode(parts[1]))
    if head.get("alg") != "HS256" or claims.get("iss") != access:
        return 1002, "invalid issuer"
    now = time.time()
    if claims.get("exp", 0) < now or claims.get("nbf", now + 1) > now:
        return 1004, "token expired or not yet valid"
    return 0, ""


class Kling(Handler):
    def envelope(self, http, code, message, data=None):
        self.send_json(http, {"code": code, "message": message, "request_id": "req-1", "data": data})

    def authorized(self):
        code, msg = jwt_error(self.headers.get("Authorization", ""))
        if code:
            self.envelope(401, code, msg)
            return False
        return True

    def do_POST(self):
        if self.path != "/v1/videos/image2video":
            self.envelope(404, 1200, "not found")
            return
        req = self.json_body() or {}
        prompt = req.get("prompt", "")
        scen = scenario_of(prompt)
        n = self.state.attempt(("submit", prompt))
        image = req.get("image", "")
        self.log(scenario=scen, attempt=n, model=req.get("model_name"), duration=req.get("duration"),
                 image_prefix=image[:5], auth=self.headers.get("Authorization", "")[:7])
        if not self.authorized():
            return
        try:
            raw = base64.b64decode(image, validate=True)
        except ValueError:
            raw = b""
        if not raw:
            self.envelope(400, 1201, "image must be base64 without a data: prefix")
            return
        if req.get("duration") not in ("5", "10"):
            self.envelope(400, 1201, "duration must be the string 5 or 10")
            return
        if scen == "rate429" and n == 1:
            self.envelope(429, 1302, "API request too frequent")
            return
        if scen == "nopack":
            self.envelope(429, 1102, "Account resource pack depleted")
            return
        if scen == "moderation":
            self.envelope(400, 1301, "The content of the input triggered the platform's security policy")
            return
        if scen == "envelope":
            self.envelope(200, 5000, "Internal error, please retry later")
            return
        if self.common_failure(scen, n, lambda: None):
            return
        tid = self.state.new_id("k")
        self.state.jobs[tid] = {"polls": 0, "scenario": scen, "status": "submitted"}
        self.envelope(200, 0, "SUCCESS", {"task_id": tid, "task_status": "submitted", "created_at": 1, "updated_at": 1})

    def do_GET(self):
        m = re.match(r"^/v1/videos/image2video/(k[0-9]+)$", self.path)
        if m:
            tid = m.group(1)
            job = self.state.jobs.get(tid)
            self.log(scenario=job["scenario"] if job else "", poll=tid)
            if not self.authorized():
                return
            if not job:
                self.envelope(404, 1203, "task not found")
                return
            job["polls"] += 1
            data = {"task_id": tid, "task_status": "processing", "task_status_msg": "", "created_at": 1, "updated_at": 2}
            if job["scenario"] != "never" and job["polls"] >= 2:
                if job["scenario"] == "jobfail":
                    data["task_status"] = "failed"
                    data["task_status_msg"] = "Video generation failed: the image contains sensitive content"
                else:
                    host = "http://127.0.0.1:%d" % self.server.server_address[1]
                    data["task_status"] = "succeed"
                    data["task_result"] = {"videos": [{"id": "v1", "url": host + "/files/" + tid + ".mp4",
                                                        "duration": "5"}]}
            self.envelope(200, 0, "SUCCESS", data)
            return
        if self.path.startswith("/files/"):
            self.log(download=self.path, auth=bool(self.headers.get("Authorization")))
            self.send(200, self.state.media["video.mp4"], "video/mp4")
            return
        self.envelope(404, 1200, "not found")


if __name__ == "__main__":
    serve(Kling, __doc__)
