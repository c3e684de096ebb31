#!/bin/sh
# tests/e2e/http_elevenlabs.sh - the elevenlabs-tts and elevenlabs-music
# backends through the real binary against a local fake ElevenLabs API
# (tests/servers/fake_elevenlabs.py): the xi-api-key header, voices chosen
# by keyword rules, output_format in the query, music length clamped to
# what the service allows, the two kinds of 429 (concurrency and system
# busy) retried, a content refusal and a bad_prompt reported with the
# service's message, a cut-off audio body not resent, and mp3 voices and
# music mixed by the draft edit.
set -u
: "${STORYC:?}" "${TOP:?}"
. "$TOP/tests/servers/e2e_lib.sh"
http_setup
export FAKE_ELEVENLABS_KEY=el-test-key-123456 ELEVENLABS_API_KEY=el-test-key-123456
start_fake elevenlabs
export STORYC_ELEVENLABS_TTS_BASE_URL="http://127.0.0.1:$port" STORYC_ELEVENLABS_MUSIC_BASE_URL="http://127.0.0.1:$port"
p="$t/proj"
mkdir -p "$p"
cd "$p" || exit 1
cat >film.story <<'S'
series "Eleven" {
  format: vertical_540p language: "en"
  backends { voice: elevenlabs-tts music: elevenlabs-music }
}
character li "Li" { look: "young fisherman" voice: "male, young, resolute" }
character po "Po" { look: "old woman" voice: "female, old" }
music theme { prompt: "guzheng, calm" length: 4s }
music storm { prompt: "taiko @@moderation" length: 12s }
episode 1 "One" {
  scene s {
    cue theme at 0s
    shot wide 1s { prompt: "a pier" li "The tide turns." po "So it does." }
    shot wide 1s { prompt: "a pier" li "@@busy Run." po "@@rate429 Now." }
  }
}
S
"$STORYC" build >"$t/out" 2>"$t/err"
rc=$?
[ $rc -eq 0 ] && ok episode_with_elevenlabs || no episode_with_elevenlabs "exit $rc $(grep FAILED "$t/err")"
[ "$(count '"voice": "TxGEqnHWrfWFTfGW9XjX"')" -ge 2 ] && [ "$(count '"voice": "EXAVITQu4vr4xnSDxMaL"')" -ge 2 ] && ok voices_by_keywords ||
  no voices_by_keywords "$(grep voice "$srvlog" | head -4)"
[ "$(count '"key": true')" = "$(wc -l <"$srvlog" | tr -d ' ')" ] && ok api_key_header_sent || no api_key_header_sent "$(grep '"key": false' "$srvlog")"
grep -q '"length": 10000' "$srvlog" && ok music_length_clamped_to_minimum || no music_length_clamped_to_minimum "$(grep length "$srvlog" | grep -v null)"
[ "$(count '"scenario": "busy"')" = 2 ] && [ "$(count '"scenario": "rate429"')" = 2 ] && ok both_kinds_of_429_retried ||
  no both_kinds_of_429_retried "busy $(count busy) rate $(count rate429)"
mp4=build/ep01-one.mp4
ffprobe -v error -show_entries stream=codec_type -of csv=p=0 "$mp4" 2>/dev/null | grep -q audio && ok mp3_audio_through_edit ||
  no mp3_audio_through_edit "no audio in $mp4"

# -- refusals -------------------------------------------------------------------------------------
sed -i 's/cue theme at 0s/cue storm at 0s/; s/"So it does."/"@@moderation So it does."/; s/"The tide turns."/"@@cutoff The tide turns."/' film.story
: >"$srvlog"
"$STORYC" build -k >"$t/out" 2>"$t/err"
grep -q 'FAILED music/storm: elevenlabs-music refused the request (HTTP 400): bad_prompt: prompt refused: The prompt references copyrighted material' "$t/err" &&
  ok bad_prompt_message || no bad_prompt_message "$(grep music/storm "$t/err")"
grep -q 'FAILED ep1/s/1/voice.2: elevenlabs-tts refused the request (HTTP 400): content_policy_violation: The text violates' "$t/err" &&
  ok tts_refusal_message || no tts_refusal_message "$(grep voice.2 "$t/err")"
grep -q 'FAILED ep1/s/1/voice.1: .*not sent again' "$t/err" && [ "$(count '"scenario": "cutoff"')" = 1 ] && ok cut_off_audio_not_resent ||
  no cut_off_audio_not_resent "$(grep voice.1 "$t/err")"
grep -rqs "el-test-key-123456" .storyc build "$t/out" "$t/err" && no key_never_written leaked || ok key_never_written
exit 0
