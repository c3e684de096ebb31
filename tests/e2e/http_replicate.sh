#!/bin/sh
# tests/e2e/http_replicate.sh - the replicate backend (asynchronous:
# submit, job id, poll, download) through the real binary against a local
# fake of Replicate's predictions API (tests/servers/fake_replicate.py): all
# four kinds with their default models through a whole episode (webp key
# frames and mp3 audio through the draft edit), Prefer: wait answers, 429
# and 500 on submit, a failed poll and a failed download resent by the
# engine, a failed job and an NSFW refusal reported with the service's
# message, a job that never finishes (deadline), and a build killed while
# polling that resumes the saved job id instead of submitting again.
set -u
: "${STORYC:?}" "${TOP:?}"
. "$TOP/tests/servers/e2e_lib.sh"
http_setup
start_fake replicate
export STORYC_REPLICATE_BASE_URL="http://127.0.0.1:$port/v1" REPLICATE_API_TOKEN=r8_test_token FAKE_REPLICATE_TOKEN=r8_test_token
export STORYC_HTTP_POLL_S=0.1
p="$t/proj"
mkdir -p "$p"
cd "$p" || exit 1

# -- a whole episode: images, voices and music on Replicate, video in draft -------------
cat >film.story <<'S'
series "Rep" {
  format: vertical_540p language: "en"
  backends { image: replicate voice: replicate music: replicate }
}
character li "Li" { look: "young fisherman" voice: "male, young, resolute" }
music theme { prompt: "guzheng, calm" length: 2s }
episode 1 "One" {
  scene s {
    cue theme at 0s
    shot wide 1s { prompt: "{li} on the shore" li "The tide turns." }
    shot closeup 1s { prompt: "{li} looks up @@wait" }
  }
}
S
"$STORYC" build >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 0 ] && ok episode_with_replicate || no episode_with_replicate "exit $rc $(grep -v '^\[' "$t/err" | tail -5)"
for m in image:black-forest-labs/flux-schnell voice:minimax/speech-02-turbo music:meta/musicgen; do
  k=${m%%:*} model=${m#*:}
  [ "$(count '"model": "'$model'"' '"kind": "'$k'"')" -ge 1 ] && ok "default_model_$k" || no "default_model_$k" "$(grep '"kind": "'$k'"' "$srvlog")"
done
[ "$(count '"prefer": "wait=50"')" -ge 1 ] && ok prefer_wait_sent || no prefer_wait_sent "$(head -1 "$srvlog")"
[ "$(count '"poll"' '"scenario": "wait"')" = 0 ] && ok finished_answer_needs_no_poll || no finished_answer_needs_no_poll "$(count poll wait) polls"
[ -f build/ep01/s/01-wide.webp ] && cmp -s build/ep01/s/01-wide.webp "$t/media/image.webp" && ok webp_stored_byte_for_byte ||
  no webp_stored_byte_for_byte "$(ls build/ep01/s)"
w=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 build/ep01/s/01-wide.mp4 2>/dev/null)
[ "$w" = "540,960" ] && ok webp_key_frame_animated_by_draft || no webp_key_frame_animated_by_draft "$w"
a=$(ffprobe -v error -show_entries stream=codec_type -of csv=p=0 build/ep01-one.mp4 2>/dev/null | sort | tr '\n' ' ')
case "$a" in *audio*video*) ok episode_has_audio_and_video ;; *) no episode_has_audio_and_video "$a" ;; esac
ls .storyc/pending 2>/dev/null | grep -q . && no pending_removed_when_done "$(ls .storyc/pending)" || ok pending_removed_when_done
"$STORYC" build -n >"$t/n" 2>&1
grep -q "^ep1/s/1/image .*\$0.00" "$t/n" && no rebuild_cached "$(cat "$t/n")" || ok rebuild_cached
grep -q "r8_test_token" "$t/err" "$t/out" && no token_not_in_output leaked || ok token_not_in_output
grep -rqs "r8_test_token" .storyc build && no token_not_in_cache leaked || ok token_not_in_cache

# -- video on Replicate from the webp key frames ----------------------------------------
"$STORYC" build --backend video=replicate >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 0 ] && [ "$(count '"kind": "video"' wan-video/wan-2.2-i2v-fast)" = 2 ] && ok video_from_key_frame ||
  no video_from_key_frame "exit $rc $(grep FAILED "$t/err")"

# -- faults -------------------------------------------------------------------------------------
{
  echo 'series "Faults" { format: vertical_540p language: "en" }'
  echo 'episode 1 "One" {'
  echo '  scene s {'
  for s in rate429 err500 pollerr dlfail jobfail moderation badinput; do
    echo "    shot wide 1s { prompt: \"a crane @@$s\" }"
  done
  echo '  }'
  echo '}'
} >film.story
: >"$srvlog"
"$STORYC" build -k --backend image=replicate ep1/s/1/image ep1/s/2/image ep1/s/3/image ep1/s/4/image ep1/s/5/image \
  ep1/s/6/image ep1/s/7/image >"$t/out" 2>"$t/err"
jobs_line "$t/out" | grep -q "jobs: 4 run, 0 cached, 3 failed" && ok faults_counts || no faults_counts "$(jobs_line "$t/out") $(grep FAILED "$t/err")"
for s in rate429 err500; do
  [ "$(count '"scenario": "'$s'"' '"attempt"' '"kind"')" = 2 ] && ok "submit_retried_$s" || no "submit_retried_$s" "$(count '"scenario": "'$s'"' kind)"
done
[ "$(count '"scenario": "pollerr"' '"kind"')" = 1 ] && ok poll_error_resent_not_submit || no poll_error_resent_not_submit "$(count pollerr kind)"
[ "$(count '"scenario": "dlfail"' '"download"')" = 2 ] && ok download_resent || no download_resent "$(count dlfail download)"
grep -q 'FAILED ep1/s/5/image: replicate: job p[0-9]* failed: CUDA out of memory' "$t/err" && ok failed_job_message ||
  no failed_job_message "$(grep s/5/image "$t/err")"
grep -q 'FAILED ep1/s/6/image: .*NSFW content detected' "$t/err" && ok nsfw_refusal_message || no nsfw_refusal_message "$(grep s/6/image "$t/err")"
[ "$(count '"scenario": "moderation"' '"kind"')" = 1 ] && ok refusal_not_resubmitted || no refusal_not_resubmitted "$(count moderation kind)"
grep -q "FAILED ep1/s/7/image: replicate refused the request (HTTP 422): .*Does not match format" "$t/err" && ok validation_error_message ||
  no validation_error_message "$(grep s/7/image "$t/err")"

# -- never finishes: the deadline, and the id is kept ------------------------------------
sed -i 's/@@rate429/@@never/' film.story
STORYC_HTTP_DEADLINE_S=1 "$STORYC" build --backend image=replicate ep1/s/1/image >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'not finished after 1s' "$t/err" && ok never_finishes_hits_deadline || no never_finishes_hits_deadline "exit $rc $(grep FAILED "$t/err")"
ls .storyc/pending/*.json >/dev/null 2>&1 && ok never_finishes_keeps_id || no never_finishes_keeps_id "no pending file"
n1=$(count '"scenario": "never"' '"kind"')
STORYC_HTTP_DEADLINE_S=0.5 "$STORYC" build --backend image=replicate ep1/s/1/image >"$t/out" 2>"$t/err"
[ "$(count '"scenario": "never"' '"kind"')" = "$n1" ] && grep -q "resuming job" .storyc/logs/*.log && ok next_build_resumes_polling ||
  no next_build_resumes_polling "submits $n1 -> $(count '"scenario": "never"' '"kind"')"

# -- killed while polling: the next build resumes the job ------------------------------------
rm -rf .storyc/pending
sed -i 's/@@never/@@late/' film.story
STORYC_HTTP_POLL_S=0.3 "$STORYC" build --backend image=replicate ep1/s/1/image >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 50 ] && ! ls .storyc/pending/*.json >/dev/null 2>&1; do sleep 0.1; i=$((i + 1)); done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
[ "$(count '"scenario": "late"' '"kind"')" = 1 ] && ok killed_after_submit || no killed_after_submit "$(count late kind) submits"
"$STORYC" build --backend image=replicate ep1/s/1/image >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 0 ] && [ "$(count '"scenario": "late"' '"kind"')" = 1 ] && ok resumed_without_paying_again ||
  no resumed_without_paying_again "exit $rc, $(count late kind) submits $(grep FAILED "$t/err")"
exit 0
