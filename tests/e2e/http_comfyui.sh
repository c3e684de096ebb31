#!/bin/sh
# tests/e2e/http_comfyui.sh - the comfyui backend through the real binary
# against a local fake ComfyUI (tests/servers/fake_comfyui.py): the shipped
# API-format workflow patched per job (prompt, seed, size, checkpoint),
# /history polled until done ({} while running), the image fetched with
# /view, a reference image uploaded with /upload/image into the img2img
# workflow's LoadImage node, an invalid graph refused with its node errors,
# an execution error, a job that never finishes, a workflow of one's own
# (STORYC_COMFYUI_WORKFLOW) that changes the keys, COMFYUI_URL.
set -u
: "${STORYC:?}" "${TOP:?}"
. "$TOP/tests/servers/e2e_lib.sh"
http_setup
start_fake comfyui
export COMFYUI_URL="http://127.0.0.1:$port" STORYC_HTTP_POLL_S=0.1
p="$t/proj"
mkdir -p "$p/refs"
cp "$t/media/image.jpg" "$p/refs/mei.jpg"
cd "$p" || exit 1
cat >film.story <<'S'
series "Comfy" { format: vertical_540p language: "en" backends { image: comfyui } }
character mei "Mei" { look: "old weaver" ref: "refs/mei.jpg" seed: 99 }
episode 1 "One" {
  scene s {
    shot wide 1s { prompt: "a misty lake at dawn" }
    shot closeup 1s { prompt: "{mei} weaving" }
    shot wide 1s { prompt: "a storm @@jobfail" }
    shot wide 1s { prompt: "a cliff @@badgraph" }
  }
}
S
"$STORYC" build -k ep1/s/1/image ep1/s/2/image ep1/s/3/image ep1/s/4/image >"$t/out" 2>"$t/err"
jobs_line "$t/out" | grep -q "jobs: 2 run, 0 cached, 2 failed" && ok comfy_counts || no comfy_counts "$(jobs_line "$t/out") $(grep FAILED "$t/err")"
grep -q '"text": "a misty lake at dawn' "$srvlog" && ok prompt_patched_into_node_6 || no prompt_patched_into_node_6 "$(head -2 "$srvlog")"
grep -q '"ckpt": \["sd_xl_base_1.0.safetensors"\]' "$srvlog" && ok checkpoint_is_the_model || no checkpoint_is_the_model "$(head -1 "$srvlog")"
grep -q '"seed": 99' "$srvlog" && ok seed_patched || no seed_patched "$(grep seed "$srvlog" | head -2)"
[ "$(count '"upload": 1' '"type": "input"')" = 1 ] && ok reference_uploaded || no reference_uploaded "$(grep upload "$srvlog")"
grep -q '"loads": \["mei.jpg"\]' "$srvlog" && ok uploaded_name_in_load_image || no uploaded_name_in_load_image "$(grep loads "$srvlog" | head -3)"
[ "$(count '"view": "storyc_')" = 2 ] && ok fetched_with_view || no fetched_with_view "$(count view)"
[ "$(count '"poll"' '"scenario": ""')" -ge 6 ] && ok polled_history_until_done || no polled_history_until_done "$(count poll)"
[ -f build/ep01/s/01-wide.png ] && cmp -s build/ep01/s/01-wide.png "$t/media/image.png" && ok image_stored || no image_stored "$(ls build/ep01/s 2>&1)"
grep -q 'FAILED ep1/s/3/image: comfyui: job .* failed: CUDA out of memory' "$t/err" && ok execution_error_message ||
  no execution_error_message "$(grep s/3/image "$t/err")"
grep -q 'FAILED ep1/s/4/image: comfyui refused the request (HTTP 400): the workflow is not valid' "$t/err" && ok invalid_graph_refused ||
  no invalid_graph_refused "$(grep s/4/image "$t/err")"
[ "$(count '"scenario": "badgraph"')" = 1 ] && ok invalid_graph_not_resent || no invalid_graph_not_resent "$(count badgraph)"
grep -q "client_id.*-4" "$srvlog" && ok client_id_sent || no client_id_sent "$(head -1 "$srvlog")"

# -- a job that never finishes ------------------------------------------------------------
sed -i 's/@@jobfail/@@never/' film.story
STORYC_HTTP_DEADLINE_S=0.8 "$STORYC" build ep1/s/3/image >"$t/out" 2>"$t/err"
grep -q 'FAILED ep1/s/3/image: .*not finished after' "$t/err" && ok never_finishes_stops_at_deadline || no never_finishes_stops_at_deadline "$(grep FAILED "$t/err")"

# -- one's own workflow changes the keys ---------------------------------------------------
"$STORYC" build -n ep1/s/1/image >"$t/n1" 2>&1
sed 's/"steps": 25/"steps": 40/' "$TOP/stdlib/backends/comfyui/txt2img.json" >"$t/mine.json"
STORYC_COMFYUI_WORKFLOW="$t/mine.json" "$STORYC" build -n ep1/s/1/image >"$t/n2" 2>&1
grep -q '^ep1/s/1/image' "$t/n1" && no same_workflow_cached "$(cat "$t/n1")" || ok same_workflow_cached
grep -q '^ep1/s/1/image' "$t/n2" && ok own_workflow_runs_again || no own_workflow_runs_again "$(cat "$t/n2")"
: >"$srvlog"
STORYC_COMFYUI_WORKFLOW="$t/mine.json" "$STORYC" build ep1/s/1/image >"$t/out" 2>"$t/err"
[ $? -eq 0 ] && [ "$(count '"text": "a misty lake')" = 1 ] && ok own_workflow_used || no own_workflow_used "$(grep FAILED "$t/err")"
exit 0
