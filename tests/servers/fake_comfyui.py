#!/usr/bin/env python3
"""fake_comfyui.py - a local stand-in for a ComfyUI server as documented
(../shared/reference/backend-apis.md §5), for tests/e2e/http_comfyui.sh:

  POST /prompt        {prompt: <API-format workflow>, client_id} ->
       {prompt_id, number, node_errors: {}}; 400 with node_errors when a
       node has no class_type or a link points at a missing node
  GET  /history/{id}  {} until the prompt ran (two polls), then
       {id: {prompt, outputs: {"9": {images: [{filename, subfolder, type}]}},
             status: {status_str: "success"|"error", completed, messages}}}
  GET  /view?filename=&subfolder=&type=  the image bytes
  POST /upload/image  multipart image, type, overwrite -> {name, subfolder, type}

The positive prompt is read from the CLIPTextEncode node that feeds the
KSampler's "positive" input, as ComfyUI would. Scenarios: see fakesvc.py
(jobfail: an execution error; never: {} forever).
"""
import json
import urllib.parse

from fakesvc import Handler, parse_multipart, scenario_of, serve


def positive_text(graph):
    for node in graph.values():
        if isinstance(node, dict) and node.get("class_type") == "KSampler":
            src = node.get("inputs", {}).get("positive")
            if isinstance(src, list) and str(src[0]) in graph:
                return str(graph[str(src[0])].get("inputs", {}).get("text", ""))
    return ""


def node_errors(graph):
    errors = {}
    for nid, node in graph.items():
        if not isinstance(node, dict) or "class_type" not in node:
            errors[nid] = {"errors": [{"type": "missing_node_type", "message": "Node has no class_type"}]}
            continue
        for name, val in node.get("inputs", {}).items():
            if isinstance(val, list) and len(val) == 2 and str(val[0]) not in graph:
                errors[nid] = {"errors": [{"type": "bad_link", "message": "input %s links to missing node %s" % (name, val[0])}]}
    return errors


class ComfyUI(Handler):
    def do_POST(self):
        path = self.path.split("?")[0]
        if path in ("/prompt", "/api/prompt"):
            req = self.json_body() or {}
            graph = req.get("prompt") or {}
            text = positive_text(graph)
            scen = scenario_of(text)
            n = self.state.attempt(("prompt", text))
            loads = [v["inputs"].get("image") for v in graph.values()
                     if isinstance(v, dict) and v.get("class_type") == "LoadImage"]
            sampler = [v["inputs"] for v in graph.values() if isinstance(v, dict) and v.get("class_type") == "KSampler"]
            self.log(scenario=scen, attempt=n, text=text, client_id=req.get("client_id"), loads=loads,
                     seed=sampler[0].get("seed") if sampler else None,
                     ckpt=[v["inputs"].get("ckpt_name") for v in graph.values()
                           if isinstance(v, dict) and v.get("class_type") == "CheckpointLoaderSimple"])
            errs = node_errors(graph) if graph else {"0": {"errors": [{"message": "no prompt"}]}}
            if errs or scen == "badgraph":
                self.send_json(400, {"error": {"type": "prompt_outputs_failed_validation",
                                               "message": "Prompt outputs failed validation", "details": ""},
                                     "node_errors": errs or {"6": {"errors": [{"message": "Value not in list"}]}}})
                return
            if self.common_failure(scen, n, lambda: self.send_json(400, {"error": {"message": "refused"}})):
                return
            pid = "%08x-0000-4000-8000-%012d" % (n, len(self.state.jobs) + 1)
            self.state.jobs[pid] = {"polls": 0, "scenario": scen}
            self.send_json(200, {"prompt_id": pid, "number": len(self.state.jobs), "node_errors": {}})
        elif path in ("/upload/image", "/api/upload/image"):
            form = parse_multipart(self, self.body())
            files = form.get("image") or []
            self.log(upload=len(files), type=(form.get("type") or [""])[0])
            if not files:
                self.send_json(400, {"error": "no image"})
                return
            name = files[0][0]
            self.state.media["input/" + name] = files[0][1]
            self.send_json(200, {"name": name, "subfolder": "", "type": "input"})
        else:
            self.send_json(404, {"error": "not found"})

    def do_GET(self):
        u = urllib.parse.urlparse(self.path)
        path = u.path
        if path.startswith("/history/") or path.startswith("/api/history/"):
            pid = path.rsplit("/", 1)[1]
            job = self.state.jobs.get(pid)
            self.log(scenario=job["scenario"] if job else "", poll=pid)
            if not job:
                self.send_json(200, {})
                return
            job["polls"] += 1
            if job["polls"] < 3 or job["scenario"] == "never":
                self.send_json(200, {})
                return
            if job["scenario"] == "jobfail":
                status = {"status_str": "error", "completed": False,
                          "messages": [["execution_start", {"prompt_id": pid}],
                                       ["execution_error", {"prompt_id": pid, "node_id": "3",
                                                            "exception_message": "CUDA out of memory"}]]}
                self.send_json(200, {pid: {"prompt": [], "outputs": {}, "status": status}})
                return
            outputs = {"9": {"images": [{"filename": "storyc_%s_.png" % pid[:8], "subfolder": "", "type": "output"}]}}
            status = {"status_str": "success", "completed": True, "messages": [["execution_success", {}]]}
            self.send_json(200, {pid: {"prompt": [], "outputs": outputs, "status": status}})
        elif path in ("/view", "/api/view"):
            q = urllib.parse.parse_qs(u.query)
            self.log(view=q.get("filename", [""])[0], type=q.get("type", [""])[0])
            if q.get("type", [""])[0] != "output" or not q.get("filename", [""])[0].startswith("storyc_"):
                self.send_json(404, {"error": "not found"})
                return
            self.send(200, self.state.media["image.png"], "image/png")
        else:
            self.send_json(404, {"error": "not found"})


if __name__ == "__main__":
    serve(ComfyUI, __doc__)
