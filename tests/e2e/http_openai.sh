#!/bin/sh
# tests/e2e/http_openai.sh - the openai-image and openai-tts backends through
# the real binary against a local fake of the OpenAI API
# (tests/servers/fake_openai.py): results, reference images through
# /images/edits, the model in the key, retries on 429 (Retry-After in
# seconds, as a date, absent) and 500, a slow answer, a timeout, a cut-off
# body, malformed JSON and a moderation refusal (each sent exactly as often
# as it should be), a JSON error from the binary speech endpoint, and an
# mp3 voice through the draft edit.
set -u
: "${STORYC:?}" "${TOP:?}"
. "$TOP/tests/servers/e2e_lib.sh"
http_setup
start_fake openai
export OPENAI_BASE_URL="http://127.0.0.1:$port/v1"
p="$t/proj"
mkdir -p "$p/refs"
cp "$t/media/image.png" "$p/refs/mei.png"

# -- one image job per scenario ------------------------------------------------------
{
  echo 'series "Faults" { format: vertical_540p language: "en" }'
  echo 'episode 1 "One" {'
  echo '  scene s {'
  for s in ok rate429 rate429date rate429bare err500 slow hang cutoff badjson moderation; do
    echo "    shot wide 1s { prompt: \"a heron @@$s\" }"
  done
  echo '  }'
  echo '}'
} >"$p/film.story"
cd "$p" || exit 1
targets=""
for i in 1 2 3 4 5 6 7 8 9 10; do targets="$targets ep1/s/$i/image"; done
STORYC_HTTP_TIMEOUT_S=1.5 "$STORYC" build -k --backend image=openai-image $targets >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 1 ] && ok faults_build_fails_with_1 || no faults_build_fails_with_1 "exit $rc"
jobs_line "$t/out" | grep -q "jobs: 6 run, 0 cached, 4 failed" && ok faults_counts ||
  no faults_counts "$(jobs_line "$t/out"); $(grep FAILED "$t/err")"
for s in ok slow; do
  [ "$(count '"scenario": "'$s'"')" = 1 ] && ok "sent_once_$s" || no "sent_once_$s" "$(count '"scenario": "'$s'"')"
done
for s in rate429 rate429date rate429bare err500; do
  [ "$(count '"scenario": "'$s'"')" = 2 ] && ok "retried_once_$s" || no "retried_once_$s" "sent $(count '"scenario": "'$s'"') times"
done
for s in hang cutoff badjson moderation; do
  [ "$(count '"scenario": "'$s'"')" = 1 ] && ok "not_resent_$s" || no "not_resent_$s" "sent $(count '"scenario": "'$s'"') times"
done
grep -q 'FAILED ep1/s/10/image: .*rejected by the safety system' "$t/err" && ok moderation_message_is_the_services ||
  no moderation_message_is_the_services "$(grep 's/10/image' "$t/err")"
grep -q 'FAILED ep1/s/8/image: .*may have started' "$t/err" && ok cutoff_says_why_not_resent ||
  no cutoff_says_why_not_resent "$(grep 's/8/image' "$t/err")"
grep -q 'FAILED ep1/s/9/image: .*malformed JSON' "$t/err" && ok badjson_reported || no badjson_reported "$(grep 's/9/image' "$t/err")"
grep -q 'FAILED ep1/s/7/image: .*in time' "$t/err" && ok timeout_reported || no timeout_reported "$(grep 's/7/image' "$t/err")"
grep -q 'try 2 of 3 in 1.0s' "$t/err" && ok retry_after_honoured || no retry_after_honoured "$(grep 'try 2' "$t/err")"
f=$(ls build/ep01/s/01-wide.* 2>/dev/null)
[ "$f" = build/ep01/s/01-wide.png ] && cmp -s "$f" "$t/media/image.png" && ok result_stored_byte_for_byte ||
  no result_stored_byte_for_byte "$f"
grep -q '"size": "1024x1536"' "$srvlog" && ok portrait_size_mapped || no portrait_size_mapped "$(head -1 "$srvlog")"
ls .storyc/pending 2>/dev/null | grep -q . && no no_pending_for_sync "$(ls .storyc/pending)" || ok no_pending_for_sync

# -- the second build sends only what failed, and the moderation refusal again ---------
: >"$srvlog"
STORYC_HTTP_TIMEOUT_S=1.5 "$STORYC" build -k --backend image=openai-image $targets >"$t/out" 2>"$t/err"
[ "$(count '"scenario": "ok"')" = 0 ] && [ "$(count '"scenario": "moderation"')" = 1 ] && ok rebuild_runs_only_failed ||
  no rebuild_runs_only_failed "$(cat "$srvlog" | head -3)"

# -- the model is part of the key ---------------------------------------------------------
"$STORYC" build -n --backend image=openai-image ep1/s/1/image >"$t/n1" 2>&1
STORYC_OPENAI_IMAGE_MODEL=dall-e-3 "$STORYC" build -n --backend image=openai-image ep1/s/1/image >"$t/n2" 2>&1
grep -q '^ep1/s/1/image' "$t/n1" && no model_unchanged_cached "$(cat "$t/n1")" || ok model_unchanged_cached
grep -q '^ep1/s/1/image .*\$0.08' "$t/n2" && ok other_model_runs_again_with_its_price || no other_model_runs_again_with_its_price "$(cat "$t/n2")"
"$STORYC" build -n --backend image=openai-image@gpt-image-1 ep1/s/1/image >"$t/n3" 2>&1
grep -q '^ep1/s/1/image' "$t/n3" && no model_named_explicitly_same_key "$(cat "$t/n3")" || ok model_named_explicitly_same_key

# -- a character's reference image goes through /images/edits ---------------------------
cat >"$p/film.story" <<'S'
series "Refs" {
  format: vertical_540p language: "en"
  backends { image: openai-image voice: openai-tts }
}
character mei "Mei" { look: "old weaver" voice: "female, old" ref: "refs/mei.png" }
character li "Li" { look: "young fisherman" voice: "male, young" }
episode 1 "One" {
  scene s {
    shot closeup 1s { prompt: "{mei} weaving" mei "The loom remembers." }
    shot wide 1s { prompt: "{li} on the shore" li "The sea is rising." }
  }
}
S
: >"$srvlog"
"$STORYC" build >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 0 ] && ok full_build_with_http_images_and_voices || no full_build_with_http_images_and_voices "exit $rc $(tail -3 "$t/err")"
[ "$(count '/v1/images/edits' '"files": 1')" = 1 ] && ok ref_image_uploaded_to_edits || no ref_image_uploaded_to_edits "$(cat "$srvlog")"
[ "$(count '/v1/images/generations')" = 1 ] && ok no_ref_uses_generations || no no_ref_uses_generations "$(count '/v1/images/generations')"
grep -q '"voice": "sage"' "$srvlog" && grep -q '"voice": "echo"' "$srvlog" && ok voices_mapped_by_keywords ||
  no voices_mapped_by_keywords "$(grep speech "$srvlog")"
ls build/ep01/s/01-line1-mei.mp3 >/dev/null 2>&1 && ok voice_kept_as_mp3 || no voice_kept_as_mp3 "$(ls build/ep01/s)"
mp4=build/ep01-one.mp4
adur=$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of csv=p=0 "$mp4" 2>/dev/null)
[ "$adur" = aac ] && ok mp3_voice_mixed_by_draft_edit || no mp3_voice_mixed_by_draft_edit "audio: $adur"

# -- a binary endpoint that answers JSON with 200, and a cut-off audio body --------------
sed -i 's/The loom remembers./@@jsonerror/; s/The sea is rising./@@cutoff/' film.story
: >"$srvlog"
"$STORYC" build -k >"$t/out" 2>"$t/err"
grep -q 'FAILED ep1/s/1/voice.1: .*text answer instead of audio.*overloaded' "$t/err" && ok json_error_not_stored_as_audio ||
  no json_error_not_stored_as_audio "$(grep voice "$t/err")"
grep -q 'FAILED ep1/s/2/voice.1: .*not sent again' "$t/err" && [ "$(count '/v1/audio/speech' cutoff)" = 1 ] &&
  ok cut_off_audio_not_resent || no cut_off_audio_not_resent "$(grep 'voice' "$t/err")"
exit 0
