#!/usr/bin/env python3
"""fake_elevenlabs.py - a local stand-in for the ElevenLabs API as
documented (../shared/reference/backend-apis.md §7), for
tests/e2e/http_elevenlabs.sh:

  POST /v1/text-to-speech/{voice_id}?output_format=mp3_44100_128
       {text, model_id, seed, voice_settings} -> the mp3 bytes
  POST /v1/music?output_format=mp3_44100_128
       {prompt, music_length_ms (10000..300000), model_id} -> the mp3 bytes

Auth: "xi-api-key: $FAKE_ELEVENLABS_KEY" when set (401 otherwise). Errors
are {"detail": {"status": ..., "message": ...}}: 429 system_busy or
too_many_concurrent_requests, 400 bad_prompt with a prompt_suggestion.
Scenarios: see fakesvc.py (busy: 429 too_many_concurrent_requests once).
"""
import os
import re

from fakesvc import Handler, scenario_of, serve


def detail(status, message, **extra):
    d = {"status": status, "message": message}
    d.update(extra)
    return {"detail": d}


class ElevenLabs(Handler):
    def do_POST(self):
        path, _, query = self.path.partition("?")
        req = self.json_body() or {}
        tts = re.match(r"^/v1/text-to-speech/([A-Za-z0-9]+)$", path)
        if not tts and path != "/v1/music":
            self.send_json(404, {"detail": "Not Found"})
            return
        text = req.get("text") if tts else req.get("prompt")
        scen = scenario_of(text)
        n = self.state.attempt((path, text))
        self.log(scenario=scen, attempt=n, voice=tts.group(1) if tts else None, query=query, model=req.get("model_id"),
                 length=req.get("music_length_ms"), key=bool(self.headers.get("xi-api-key")))
        key = os.environ.get("FAKE_ELEVENLABS_KEY")
        if key and self.headers.get("xi-api-key") != key:
            self.send_json(401, detail("invalid_api_key", "Invalid API key"))
            return
        if "output_format=mp3_44100_128" not in query:
            self.send_json(422, detail("invalid_output_format", "bad output_format"))
            return
        if path == "/v1/music" and not (10000 <= int(req.get("music_length_ms") or 0) <= 300000):
            self.send_json(422, detail("invalid_length", "music_length_ms must be between 10000 and 300000"))
            return
        if scen == "busy" and n == 1:
            self.send_json(429, detail("too_many_concurrent_requests",
                                       "You have too many concurrent requests for your plan."))
            return
        if scen == "rate429" and n == 1:
            self.send_json(429, detail("system_busy", "The system is experiencing heavy traffic, please try again"),
                           {"Retry-After": "1"})
            return

        def refusal():
            if tts:
                self.send_json(400, detail("content_policy_violation", "The text violates our terms of service"))
            else:
                self.send_json(400, detail("bad_prompt", "The prompt references copyrighted material",
                                           data={"prompt_suggestion": "An upbeat orchestral piece"}))

        audio = self.state.media["voice.mp3" if tts else "music.mp3"]
        if scen == "cutoff":
            self.cutoff(audio, "audio/mpeg")
            return
        if self.common_failure(scen, n, refusal, "audio/mpeg"):
            return
        self.send(200, audio, "audio/mpeg")


if __name__ == "__main__":
    serve(ElevenLabs, __doc__)
