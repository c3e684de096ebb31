#!/bin/sh
# tests/e2e/build.sh - `storyc build` through the real binary on a small
# project with the draft backend: the animatic is right (ffprobe), rebuilds
# are incremental and say why, -n writes nothing, outputs come back from the
# cache, a SIGKILL mid-build leaves a cache the next build finishes from,
# corrupted blobs are caught.
set -u
: "${STORYC:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
ok() { echo "PASS $1"; }
no() { echo "FAIL $1: $2"; }
p="$t/proj"
mkdir -p "$p"
cat >"$p/film.story" <<'S'
series "Tiny Film" { format: vertical_540p language: "en" }
style plain { prompt: "flat colors" negative: "text" }
character li "Li" { look: "young fisherman" voice: "male, young" seed: 7 }
character mei "Mei" { look: "old weaver" voice: "female, old" }
place shore "Shore" { look: "black sand" }
music theme { prompt: "guzheng, calm, 80 bpm" length: 10s }
episode 1 "First Light" {
  style: plain
  scene dawn at shore {
    cue theme at 0s fade 1s
    shot wide 1.5s { prompt: "{li} on the shore" camera: push_in }
    shot closeup 1s { prompt: "{mei} weaving" mei "Hello." }
  }
  scene noon at shore {
    shot medium 1s { prompt: "{li} and {mei}" camera: pan_left li "Hi." }
  }
}
S
cd "$p" || exit 1
jobs() { grep '^jobs:' "$1"; }

# -- first build --------------------------------------------------------------
"$STORYC" build -j 2 >"$t/out1" 2>"$t/err1"; rc=$?
[ $rc -eq 0 ] && ok first_build || { no first_build "exit $rc: $(tail -3 "$t/err1")"; exit 0; }
mp4=build/ep01-first-light.mp4
[ -f "$mp4" ] && ok episode_mp4_named_after_title || no episode_mp4_named_after_title "$(ls build)"
[ -f build/ep01-first-light.srt ] && grep -q "Hello." build/ep01-first-light.srt && ok srt_beside_mp4 || no srt_beside_mp4 "missing"
probe() { ffprobe -v error -show_entries "$1" -of default=nw=1:nk=1 "$2"; }
size=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0 "$mp4")
[ "$size" = "540,960" ] && ok mp4_size || no mp4_size "$size"
dur=$(probe format=duration "$mp4")
python3 -c "import sys; sys.exit(0 if abs(float('$dur') - 3.5) < 0.1 else 1)" && ok mp4_duration ||
  no mp4_duration "$dur, expected 3.5"
probe stream=codec_type "$mp4" | grep -qx audio && ok mp4_has_audio || no mp4_has_audio "no audio stream"
probe stream=codec_type "$mp4" | grep -qx subtitle && ok mp4_has_subtitles || no mp4_has_subtitles "no subtitle stream"
[ -f build/ep01/dawn/01-wide.png ] && [ -f build/ep01/dawn/01-wide.mp4 ] && [ -f build/ep01/dawn/02-line1-mei.wav ] &&
  ok readable_shot_outputs || no readable_shot_outputs "$(find build | head)"
jobs "$t/out1" | grep -q "jobs: 12 run, 0 cached, 0 failed" && ok first_build_counts || no first_build_counts "$(jobs "$t/out1")"

# -- no-op ----------------------------------------------------------------------------
"$STORYC" build >"$t/out2" 2>&1
jobs "$t/out2" | grep -q "jobs: 0 run, 12 cached, 0 failed" && ok second_build_runs_nothing || no second_build_runs_nothing "$(jobs "$t/out2")"

# -- deleted outputs come back from the cache -----------------------------------------
rm -f "$mp4" build/ep01/dawn/01-wide.png
"$STORYC" build >"$t/out3" 2>&1
[ -f "$mp4" ] && [ -f build/ep01/dawn/01-wide.png ] && jobs "$t/out3" | grep -q "0 run" &&
  ok deleted_outputs_restored || no deleted_outputs_restored "$(jobs "$t/out3")"

# -- incremental edits: exactly the right jobs ------------------------------------------
# expect NAME SED-EXPR IDS...: after the edit, -n lists exactly IDS; then build.
expect_rerun() {
  name=$1 expr=$2
  shift 2
  sed -i "$expr" film.story
  "$STORYC" build -n >"$t/n" 2>&1
  got=$(grep -v '^jobs:' "$t/n" | grep -v '^estimated' | awk '{print $1}' | sort | tr '\n' ' ')
  want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
  [ "$got" = "$want" ] && ok "$name" || no "$name" "would run [$got], expected [$want]"
  "$STORYC" build >/dev/null 2>&1
}
expect_rerun edit_dialogue 's/"Hello."/"Hello there."/' ep1/dawn/2/voice.1 ep1/dawn/edit ep1/edit
expect_rerun edit_music 's/80 bpm/84 bpm/' music/theme ep1/dawn/edit ep1/edit
expect_rerun edit_look 's/old weaver/old silk weaver/' ep1/dawn/2/image ep1/dawn/2/video ep1/dawn/edit \
  ep1/noon/1/image ep1/noon/1/video ep1/noon/edit ep1/edit
expect_rerun edit_camera 's/camera: pan_left/camera: tilt_up/' ep1/noon/1/video ep1/noon/edit ep1/edit
expect_rerun edit_duration 's/shot closeup 1s/shot closeup 1.5s/' ep1/dawn/2/image ep1/dawn/2/video ep1/dawn/edit ep1/edit

# -- reasons ----------------------------------------------------------------------------------
sed -i 's/young fisherman/young tired fisherman/' film.story
"$STORYC" build -n >"$t/n" 2>&1
grep -q '^ep1/dawn/1/image .*look of li changed' "$t/n" && ok reason_look_of_character ||
  no reason_look_of_character "$(head -2 "$t/n")"
grep -q '^ep1/dawn/edit .*input ep1/dawn/1/video changed' "$t/n" && ok reason_input_changed ||
  no reason_input_changed "$(grep dawn/edit "$t/n")"
"$STORYC" build --explain >"$t/x" 2>&1
grep -q 'look of li changed' "$t/x" && ok explain_says_why || no explain_says_why "$(head -3 "$t/x")"

# -- -n writes nothing ------------------------------------------------------------------------
sed -i 's/flat colors/flat pastel colors/' film.story
find . -newer film.story -print | sort >"$t/before" 2>/dev/null
snap() { find . -type f -exec stat -c '%n %s %Y' {} + | sort; }
snap >"$t/s1"
"$STORYC" build -n >/dev/null 2>&1
snap >"$t/s2"
cmp -s "$t/s1" "$t/s2" && ok dry_run_writes_nothing || no dry_run_writes_nothing "files changed"
rm -rf "$t/fresh" && mkdir "$t/fresh" && cp film.story "$t/fresh/"
(cd "$t/fresh" && "$STORYC" build -n >/dev/null 2>&1)
[ ! -e "$t/fresh/.storyc" ] && [ ! -e "$t/fresh/build" ] && ok dry_run_creates_no_cache || no dry_run_creates_no_cache "created"

# -- SIGKILL mid-build, then a rebuild ------------------------------------------------------------
"$STORYC" build -j 2 >/dev/null 2>&1 &
pid=$!
sleep 0.7
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pkill -9 -P "$pid" 2>/dev/null
"$STORYC" build >"$t/k" 2>&1; rc=$?
[ $rc -eq 0 ] && jobs "$t/k" | grep -q "0 failed" && ok rebuild_after_sigkill || no rebuild_after_sigkill "exit $rc $(tail -2 "$t/k")"
"$STORYC" build >"$t/k2" 2>&1
jobs "$t/k2" | grep -q "jobs: 0 run" && ok consistent_after_sigkill || no consistent_after_sigkill "$(jobs "$t/k2")"
ls .storyc/tmp 2>/dev/null | grep -q . && no no_temp_left_after_rebuild "$(ls .storyc/tmp)" || ok no_temp_left_after_rebuild

# -- a corrupted blob is caught and regenerated -------------------------------------------------------
# The blob of the first shot's frame: read again when build/ is gone.
blob=$(find .storyc/cas -type f -samefile build/ep01/dawn/01-wide.png)
chmod u+w "$blob" && printf 'garbage' >>"$blob"
rm -rf build
"$STORYC" build >"$t/c" 2>&1; rc=$?
[ $rc -eq 0 ] && grep -qi "corrupt" "$t/c" && ok corrupt_blob_caught || no corrupt_blob_caught "exit $rc: $(head -3 "$t/c")"
"$STORYC" build >"$t/c2" 2>&1
jobs "$t/c2" | grep -q "jobs: 0 run" && ok corrupt_blob_regenerated || no corrupt_blob_regenerated "$(jobs "$t/c2")"

# -- two builds of one project at once: the second is refused --------------------------------------
sed -i 's/flat pastel colors/flat pastel colors, soft light/' film.story
"$STORYC" build -j 1 >"$t/first" 2>&1 &
first=$!
sleep 0.5
"$STORYC" build >"$t/second" 2>&1; rc=$?
wait "$first"; rc1=$?
[ $rc -eq 2 ] && grep -q "another storyc build is running on this cache" "$t/second" && [ $rc1 -eq 0 ] &&
  ok concurrent_build_refused || no concurrent_build_refused "second exit $rc, first exit $rc1: $(head -2 "$t/second")"

# -- targets, clean, run ---------------------------------------------------------------------------
sed -i 's/"Hi."/"Hi, Mei."/' film.story
"$STORYC" build ep1/dawn >"$t/tg" 2>&1
jobs "$t/tg" | grep -q "jobs: 0 run" && ok target_prefix_builds_only_its_jobs || no target_prefix_builds_only_its_jobs "$(jobs "$t/tg")"
"$STORYC" build nope/nothing >"$t/tg2" 2>&1; rc=$?
[ $rc -eq 2 ] && ok unknown_target_exit_2 || no unknown_target_exit_2 "exit $rc"
"$STORYC" plan -o "$t/plan.json" && "$STORYC" run "$t/plan.json" >"$t/r" 2>&1 &&
  jobs "$t/r" | grep -q "jobs: 3 run, 9 cached" && ok run_plan_json || no run_plan_json "$(tail -2 "$t/r")"
"$STORYC" clean >/dev/null 2>&1
[ ! -e "$mp4" ] && [ -d .storyc/cas ] && ok clean_keeps_cache || no clean_keeps_cache "outputs or cache wrong"
"$STORYC" build >"$t/after_clean" 2>&1
jobs "$t/after_clean" | grep -q "jobs: 0 run" && [ -f "$mp4" ] && ok build_after_clean_from_cache ||
  no build_after_clean_from_cache "$(jobs "$t/after_clean")"
"$STORYC" gc >"$t/gc" 2>&1 && ok gc_runs || no gc_runs "$(cat "$t/gc")"
"$STORYC" build >"$t/after_gc" 2>&1
jobs "$t/after_gc" | grep -q "jobs: 0 run" && ok gc_keeps_reachable || no gc_keeps_reachable "$(jobs "$t/after_gc")"
