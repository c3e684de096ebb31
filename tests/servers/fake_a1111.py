#!/usr/bin/env python3
"""fake_a1111.py - a local stand-in for the AUTOMATIC1111 web UI API
(started with --api) as documented (../shared/reference/backend-apis.md
§5), for tests/e2e/http_a1111.sh:

  POST /sdapi/v1/txt2img  {prompt, negative_prompt, seed, steps, cfg_scale,
       width, height, sampler_name, ...} -> {images: [b64], parameters, info}
       where info is a JSON *string* with the seed
  POST /sdapi/v1/img2img  the same plus init_images: [b64], denoising_strength

Basic auth (--api-auth) when $FAKE_A1111_AUTH ("user:password") is set.
Errors as FastAPI sends them: 422 {"detail": [...]} for a bad body, 500
{"error", "detail", "body", "errors"}. Scenarios: see fakesvc.py.
"""
import base64
import json
import os

from fakesvc import Handler, b64, scenario_of, serve


class A1111(Handler):
    def do_POST(self):
        path = self.path.split("?")[0]
        if path not in ("/sdapi/v1/txt2img", "/sdapi/v1/img2img"):
            self.send_json(404, {"detail": "Not Found"})
            return
        req = self.json_body()
        if req is None:
            self.send_json(422, {"detail": [{"loc": ["body"], "msg": "invalid JSON", "type": "value_error"}]})
            return
        prompt = req.get("prompt", "")
        scen = scenario_of(prompt)
        n = self.state.attempt((path, prompt))
        self.log(scenario=scen, attempt=n, width=req.get("width"), height=req.get("height"), seed=req.get("seed"),
                 init_images=len(req.get("init_images") or []), negative=req.get("negative_prompt"))
        auth = os.environ.get("FAKE_A1111_AUTH")
        if auth and self.headers.get("Authorization") != "Basic " + base64.b64encode(auth.encode()).decode():
            self.send_json(401, {"detail": "Incorrect username or password"}, {"WWW-Authenticate": "Basic"})
            return
        if path == "/sdapi/v1/img2img" and not req.get("init_images"):
            self.send_json(422, {"detail": [{"loc": ["body", "init_images"], "msg": "field required"}]})
            return
        if req.get("width", 0) % 8 or req.get("height", 0) % 8:
            self.send_json(500, {"error": "RuntimeError", "detail": "", "body": "",
                                 "errors": "width and height must be multiples of 8"})
            return
        answer = {"images": [b64(self.state.media["image.png"])],
                  "parameters": req, "info": json.dumps({"seed": req.get("seed"), "all_seeds": [req.get("seed")]})}
        if scen == "cutoff":
            self.cutoff(json.dumps(answer).encode(), "application/json")
            return
        if self.common_failure(scen, n, lambda: self.send_json(500, {"error": "NSFW", "detail": "blocked"})):
            return
        self.send_json(200, answer)


if __name__ == "__main__":
    serve(A1111, __doc__)
