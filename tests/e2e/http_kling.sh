#!/bin/sh
# tests/e2e/http_kling.sh - the kling-video backend through the real binary
# against a local fake of Kling's image2video API (tests/servers/fake_kling.py):
# JWT HS256 auth from KLING_ACCESS_KEY / KLING_SECRET_KEY (checked by the
# fake), the key frame as raw base64, durations mapped to "5" / "10", the
# code envelope (an error inside an HTTP 200), rate limit 1302 retried,
# content refusal 1301 and depleted resource pack 1102 reported at once, a
# failed task, missing credentials reported before any job starts.
set -u
: "${STORYC:?}" "${TOP:?}"
. "$TOP/tests/servers/e2e_lib.sh"
http_setup
export FAKE_KLING_ACCESS=ak-test-access FAKE_KLING_SECRET=sk-test-kling-secret-42
start_fake kling
export STORYC_KLING_VIDEO_BASE_URL="http://127.0.0.1:$port" STORYC_HTTP_POLL_S=0.1
p="$t/proj"
mkdir -p "$p"
cd "$p" || exit 1
{
  echo 'series "Kling" { format: vertical_540p language: "en" backends { video: kling-video } }'
  echo 'episode 1 "One" {'
  echo '  scene s {'
  echo '    shot wide 4s { prompt: "a river" camera: push_in }'
  echo '    shot wide 8s { prompt: "a bridge" }'
  for s in rate429 envelope moderation nopack jobfail; do
    echo "    shot wide 1s { prompt: \"a road @@$s\" }"
  done
  echo '  }'
  echo '}'
} >film.story
v="ep1/s/1/video ep1/s/2/video ep1/s/3/video ep1/s/4/video ep1/s/5/video ep1/s/6/video ep1/s/7/video"

# -- credentials are checked before anything starts ---------------------------------------
"$STORYC" build $v >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 2 ] && grep -q 'kling-video needs KLING_SECRET_KEY' "$t/err" && ok missing_key_reported_first ||
  no missing_key_reported_first "exit $rc $(cat "$t/err")"
[ ! -s .storyc/ac.log ] && [ ! -s "$srvlog" ] && ok nothing_ran_without_key || no nothing_ran_without_key "ran"
KLING_SECRET_KEY=x "$STORYC" build $v >"$t/out" 2>"$t/err"
grep -q 'needs KLING_ACCESS_KEY' "$t/err" && ok access_key_named || no access_key_named "$(cat "$t/err")"

export KLING_ACCESS_KEY=ak-test-access KLING_SECRET_KEY=sk-test-kling-secret-42
"$STORYC" build -n $v >"$t/n" 2>&1
grep -q '^ep1/s/1/video .*\$0.28' "$t/n" && grep -q '^ep1/s/2/video .*\$0.56' "$t/n" && ok cost_per_second_of_allowed_duration ||
  no cost_per_second_of_allowed_duration "$(grep video "$t/n" | head -2)"
"$STORYC" build -k $v >"$t/out" 2>"$t/err"
jobs_line "$t/out" | grep -q "jobs: 10 run, 0 cached, 4 failed" && ok kling_counts || no kling_counts "$(jobs_line "$t/out") $(grep FAILED "$t/err")"
[ "$(count '"scenario": ""' '"auth": "Bearer "' '"image_prefix": "iVBOR"')" = 2 ] && ok jwt_and_raw_base64 || no jwt_and_raw_base64 "$(head -2 "$srvlog")"
grep -q '"duration": "5"' "$srvlog" && grep -q '"duration": "10"' "$srvlog" && ok durations_mapped_to_strings ||
  no durations_mapped_to_strings "$(grep duration "$srvlog" | head -3)"
[ "$(count '"scenario": "rate429"' attempt)" = 2 ] && ok rate_limit_1302_retried || no rate_limit_1302_retried "$(count rate429 attempt)"
grep -q 'FAILED ep1/s/4/video: kling-video: the request failed (HTTP 200): 5000: Internal error' "$t/err" && ok error_in_200_body ||
  no error_in_200_body "$(grep s/4/video "$t/err")"
grep -q "FAILED ep1/s/5/video: kling-video refused the request (HTTP 400): 1301: content refused: .*security policy" "$t/err" &&
  ok content_refusal_1301 || no content_refusal_1301 "$(grep s/5/video "$t/err")"
grep -q "FAILED ep1/s/6/video: .*resource pack" "$t/err" && [ "$(count '"scenario": "nopack"' attempt)" = 1 ] &&
  ok depleted_pack_not_retried || no depleted_pack_not_retried "$(grep s/6/video "$t/err")"
grep -q "FAILED ep1/s/7/video: kling-video: job k[0-9]* failed: Video generation failed" "$t/err" && ok failed_task_message ||
  no failed_task_message "$(grep s/7/video "$t/err")"
d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 build/ep01/s/01-wide.mp4 2>/dev/null)
[ -n "$d" ] && ok clip_stored || no clip_stored "$(ls build/ep01/s 2>&1)"
grep -rqs "sk-test-kling-secret-42" .storyc build "$t/out" "$t/err" && no secret_never_written leaked || ok secret_never_written
exit 0
