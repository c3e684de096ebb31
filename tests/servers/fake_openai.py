#!/usr/bin/env python3
"""fake_openai.py - a local stand-in for the OpenAI API as documented
(../shared/reference/backend-apis.md §1), for tests/e2e/http_openai.sh:

  POST /v1/images/generations  JSON {model, prompt, size, ...} ->
       {created, data: [{b64_json}]}
  POST /v1/images/edits        multipart: image[] files, prompt, model, size
  POST /v1/audio/speech        JSON {model, input, voice, response_format} ->
       the audio bytes

Auth: "Authorization: Bearer $FAKE_OPENAI_KEY" when that variable is set
(401 with OpenAI's error body otherwise). Refusals are OpenAI's: HTTP 400
{"error": {"code": "moderation_blocked", ...}}. Scenarios: see fakesvc.py.
"""
import json
import os

from fakesvc import Handler, b64, parse_multipart, scenario_of, serve

SIZES = {"1024x1024", "1536x1024", "1024x1536", "auto"}
VOICES = {"alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse"}


def error(code, message, etype="invalid_request_error"):
    return {"error": {"message": message, "type": etype, "param": None, "code": code}}


class OpenAI(Handler):
    def authorized(self):
        key = os.environ.get("FAKE_OPENAI_KEY")
        got = self.headers.get("Authorization", "")
        if key and got != "Bearer " + key:
            # like the real service, it quotes the key it got back
            self.send_json(401, error("invalid_api_key", "Incorrect API key provided: %s." % got[7:]))
            return False
        return True

    def moderation(self):
        self.send_json(400, error("moderation_blocked",
                                  "Your request was rejected by the safety system.", "image_generation_user_error"))

    def do_POST(self):
        path = self.path.split("?")[0]
        raw = self.body()
        if path == "/v1/images/edits":
            form = parse_multipart(self, raw)
            prompt = (form.get("prompt") or [""])[0]
            files = form.get("image[]") or []
            self.log(scenario=scenario_of(prompt), files=len(files), model=(form.get("model") or [""])[0],
                     size=(form.get("size") or [""])[0], auth=bool(self.headers.get("Authorization")))
            if not self.authorized():
                return
            if not files or not all(len(f[1]) > 0 for f in files):
                self.send_json(400, error("invalid_image", "image[] is required"))
                return
            self.send_json(200, {"created": 1, "data": [{"b64_json": b64(self.state.media["image.png"])}]})
            return
        try:
            req = json.loads(raw or b"{}")
        except ValueError:
            self.send_json(400, error(None, "We could not parse the JSON body of your request."))
            return
        if path == "/v1/images/generations":
            prompt = req.get("prompt", "")
            scen = scenario_of(prompt)
            n = self.state.attempt(("img", prompt))
            self.log(scenario=scen, attempt=n, model=req.get("model"), size=req.get("size"),
                     auth=bool(self.headers.get("Authorization")), prompt=prompt)
            if not self.authorized():
                return
            if req.get("size") not in SIZES:
                self.send_json(400, error("invalid_size", "Invalid size %r" % req.get("size")))
                return
            png = self.state.media["image.png"]
            answer = {"created": 1, "data": [{"b64_json": b64(png)}], "usage": {"total_tokens": 10}}
            if scen == "cutoff":
                self.cutoff(json.dumps(answer).encode(), "application/json")
                return
            if self.common_failure(scen, n, self.moderation):
                return
            self.send_json(200, answer)
        elif path == "/v1/audio/speech":
            text = req.get("input", "")
            scen = scenario_of(text)
            n = self.state.attempt(("tts", text))
            self.log(scenario=scen, attempt=n, model=req.get("model"), voice=req.get("voice"),
                     auth=bool(self.headers.get("Authorization")))
            if not self.authorized():
                return
            if req.get("voice") not in VOICES:
                self.send_json(400, error(None, "Invalid voice %r" % req.get("voice")))
                return
            audio = self.state.media["voice.mp3"]
            if scen == "cutoff":
                self.cutoff(audio, "audio/mpeg")
                return
            if scen == "jsonerror":  # a binary endpoint answering JSON with 200
                self.send_json(200, error("server_error", "The engine is currently overloaded."))
                return
            if self.common_failure(scen, n, self.moderation, "audio/mpeg"):
                return
            self.send(200, audio, "audio/mpeg")
        else:
            self.send_json(404, error(None, "Unknown request URL: POST %s" % path))


if __name__ == "__main__":
    serve(OpenAI, __doc__)
