#!/bin/sh
# tests/e2e/http_common.sh - what every HTTP backend shares, through the real
# binary and a local fake OpenAI service: a missing key reported before any
# job starts (and as a note by -n), https only except loopback, -n with the
# cost of each job and the total, --max-cost, keys kept out of the plan, the
# cache, logs, messages (even when the service quotes them back), unknown
# backends and kinds, a description in the project's own backends/ folder,
# gc keeping HTTP results, and Ctrl-C during a request.
set -u
: "${STORYC:?}" "${TOP:?}"
. "$TOP/tests/servers/e2e_lib.sh"
http_setup
p="$t/proj"
mkdir -p "$p"
cd "$p" || exit 1
cat >film.story <<'S'
series "Common" { format: vertical_540p language: "en" backends { image: openai-image } }
episode 1 "One" {
  scene s {
    shot wide 1s { prompt: "a heron" }
    shot wide 1s { prompt: "a crane" }
  }
}
S
imgs="ep1/s/1/image ep1/s/2/image"

# -- before any job: the key, the URL ---------------------------------------------------
"$STORYC" build $imgs >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'backend openai-image needs OPENAI_API_KEY in the environment' "$t/err" && grep -q 'nothing run' "$t/err" &&
  ok missing_key_named_before_any_job || no missing_key_named_before_any_job "exit $rc: $(cat "$t/err")"
[ ! -s .storyc/ac.log ] && ok missing_key_nothing_cached || no missing_key_nothing_cached "$(cat .storyc/ac.log)"
"$STORYC" build -n $imgs >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 0 ] && grep -q 'note: .*OPENAI_API_KEY' "$t/err" && ok dry_run_notes_missing_key || no dry_run_notes_missing_key "exit $rc $(cat "$t/err")"
grep -q '^ep1/s/1/image  new  \$0.17$' "$t/out" && grep -q '^estimated cost: \$0.34$' "$t/out" && ok dry_run_costs ||
  no dry_run_costs "$(cat "$t/out")"
OPENAI_API_KEY=sk-x OPENAI_BASE_URL=http://10.11.12.13/v1 "$STORYC" build $imgs >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'plain http to 10.11.12.13 refused' "$t/err" && ok http_refused_except_loopback ||
  no http_refused_except_loopback "exit $rc $(cat "$t/err")"

# -- --max-cost -----------------------------------------------------------------------------
export FAKE_OPENAI_KEY=sk-proj-SECRET-abc123def456
start_fake openai
export OPENAI_BASE_URL="http://127.0.0.1:$port/v1"
"$STORYC" build --max-cost 0.30 $imgs >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'estimated at \$0.34, over --max-cost \$0.30' "$t/err" && [ ! -s "$srvlog" ] && ok max_cost_refuses ||
  no max_cost_refuses "exit $rc $(cat "$t/err") $(wc -l <"$srvlog") requests"

# -- keys stay secret ---------------------------------------------------------------------------
OPENAI_API_KEY=sk-wrong-SECRET-99887766 "$STORYC" build $imgs >"$t/out" 2>"$t/err"
grep -q 'Incorrect API key provided: \[redacted\]' "$t/err" && ok key_quoted_by_service_is_redacted || no key_quoted_by_service_is_redacted "$(grep FAILED "$t/err")"
export OPENAI_API_KEY=sk-proj-SECRET-abc123def456
"$STORYC" build --max-cost 1 $imgs >"$t/out2" 2>"$t/err2"
rc=$?
[ $rc -eq 0 ] && ok build_within_max_cost || no build_within_max_cost "exit $rc $(cat "$t/err2")"
"$STORYC" plan >"$t/plan.json" 2>&1
"$STORYC" build -n --explain >>"$t/out2" 2>&1
export OPENAI_API_KEY=sk-proj-SECRET-abc123def456
grep -rqs "SECRET" .storyc build "$t/plan.json" "$t/out" "$t/err" "$t/out2" "$t/err2" && no key_never_written "$(grep -rl SECRET .storyc build "$t" | head -3)" ||
  ok key_never_written
grep -q '"backend": "openai-image"' "$t/plan.json" && ok plan_names_service_not_url || no plan_names_service_not_url "$(grep backend "$t/plan.json" | head -2)"

# -- gc keeps the results of HTTP jobs ------------------------------------------------------------
"$STORYC" gc >"$t/gc" 2>&1
grep -q 'removed 0 cache entries' "$t/gc" && ok gc_keeps_http_entries || no gc_keeps_http_entries "$(cat "$t/gc")"
"$STORYC" build $imgs >"$t/out" 2>&1
jobs_line "$t/out" | grep -q "0 run, 2 cached" && ok still_cached_after_gc || no still_cached_after_gc "$(jobs_line "$t/out")"

# -- names ------------------------------------------------------------------------------------------------
"$STORYC" build --backend image=nosuch $imgs >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 2 ] && grep -q "no backend named 'nosuch'" "$t/err" && ok unknown_backend || no unknown_backend "exit $rc $(cat "$t/err")"
"$STORYC" build --backend image=openai-tts $imgs >"$t/out" 2>"$t/err"
grep -q 'does not make image jobs (only: voice)' "$t/err" && ok wrong_kind || no wrong_kind "$(cat "$t/err")"
"$STORYC" build --backend edit=openai-image >"$t/out" 2>"$t/err"
grep -q 'edit jobs are made on this machine' "$t/err" && ok edit_stays_local || no edit_stays_local "$(cat "$t/err")"
mkdir -p backends
sed 's/"name": "openai-image"/"name": "my-images"/; s/"per_call": 0.17/"per_call": 0.5/' "$TOP/stdlib/backends/openai-image.json" >backends/my-images.json
"$STORYC" build -n --backend image=my-images $imgs >"$t/out" 2>"$t/err"
grep -q '^ep1/s/1/image .* \$0.50' "$t/out" && ok project_description_used || no project_description_used "$(cat "$t/out" "$t/err")"

# -- Ctrl-C during a request -----------------------------------------------------------------------------------
sed -i 's/a heron/a heron @@hang/' film.story
"$STORYC" build ep1/s/1/image >"$t/out" 2>"$t/err" &
pid=$!
i=0
while [ $i -lt 50 ] && ! grep -q hang "$srvlog"; do sleep 0.1; i=$((i + 1)); done
start=$(date +%s%N)
kill -INT $pid
wait $pid
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ $rc -eq 130 ] && [ $ms -lt 2000 ] && ok ctrl_c_stops_request || no ctrl_c_stops_request "exit $rc after ${ms}ms"
exit 0
