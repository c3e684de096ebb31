#!/bin/sh
# tests/e2e/faults.sh - a build in a broken environment gives a clear error,
# and a damaged cache or output directory is repaired:
#   - an unwritable cache: --cache naming a regular file, a directory on a
#     read-only mount, an immutable directory (chattr +i), a populated cache
#     that became read-only (a build fails cleanly; -n still works);
#   - a full cache: a small tmpfs (or, where mounting is not allowed, a file
#     size limit): the build fails naming the cause, leaves no temp files,
#     and once there is room the next build finishes from where it stopped;
#   - ffmpeg or espeak-ng missing from PATH: the error names the tool and
#     the apt-get line that installs it;
#   - a deleted output comes back from the cache; a deleted blob (of a final
#     output, and of an input a changed job needs) is regenerated; a
#     truncated action entry is dropped and its job run again.
# Tests run as root, where file modes do not stop writes: the unwritable
# cases use mounts and file attributes, and skip (with a PASS note) only
# when the sandbox forbids them.
set -u
: "${STORYC:?}"
t=$(mktemp -d)
mounts=""
cleanup() {
  for m in $mounts; do umount "$m" 2>/dev/null; done
  chattr -i "$t/immutable" 2>/dev/null
  rm -rf "$t"
}
trap cleanup EXIT
ok() { echo "PASS $1"; }
no() { echo "FAIL $1: $2"; }
p="$t/proj"
mkdir -p "$p"
cat >"$p/film.story" <<'S'
series "Fault Film" { format: vertical_540p language: "en" }
style plain { prompt: "flat colors" negative: "text" }
character li "Li" { look: "young fisherman" voice: "male, young" seed: 7 }
character mei "Mei" { look: "old weaver" voice: "female, old" }
place shore "Shore" { look: "black sand" }
music theme { prompt: "guzheng, calm, 80 bpm" length: 3s }
episode 1 "First Light" {
  style: plain
  scene dawn at shore {
    cue theme at 0s fade 1s
    shot wide 1s { prompt: "{li} on the shore" camera: push_in }
    shot closeup 1s { prompt: "{mei} weaving" mei "Hello." }
  }
  scene noon at shore {
    shot medium 1s { prompt: "{li} and {mei}" camera: pan_left li "Hi." }
  }
}
S
cd "$p" || exit 1
jobs() { grep '^jobs:' "$1"; }
# The ids a build's stderr reports as run.
ran() { sed -n 's|^\[[0-9]*/[0-9]*\] \([^ ]*\) (draft, .*|\1|p' "$1" | sort | tr '\n' ' '; }
"$STORYC" plan -o "$t/plan.json" || { no plan "storyc plan failed"; exit 0; }
key_of() {
  python3 -c '
import json, sys
print([j["key"] for j in json.load(open(sys.argv[1]))["jobs"] if j["id"] == sys.argv[2]][0])' "$t/plan.json" "$1"
}
njobs=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["jobs"]))' "$t/plan.json")

# -- an unwritable cache -------------------------------------------------------------
# expect_env_error NAME GREP-PATTERN [storyc args]: exit 2, message on stderr.
expect_env_error() {
  name=$1 pat=$2
  shift 2
  "$STORYC" build "$@" >"$t/o" 2>"$t/e"
  rc=$?
  [ $rc -eq 2 ] && grep -q "$pat" "$t/e" && ok "$name" || no "$name" "exit $rc: $(grep -v '^=*$' "$t/e" | head -8)"
}
printf 'not a directory\n' >"$t/plainfile"
expect_env_error cache_is_a_file "cannot use the cache directory $t/plainfile.*Not a directory" --cache "$t/plainfile"
expect_env_error cache_under_a_file "cannot use the cache directory.*Not a directory" --cache "$t/plainfile/cache"

mkdir -p "$t/ro"
if mount --bind "$t/ro" "$t/ro" 2>/dev/null && mount -o remount,bind,ro "$t/ro" 2>/dev/null; then
  mounts="$t/ro $mounts"
  expect_env_error cache_on_readonly_mount "cannot use the cache directory.*Read-only file system" --cache "$t/ro/cache"
else
  ok "cache_on_readonly_mount (skipped: bind mounts not allowed here)"
fi

mkdir -p "$t/immutable"
if chattr +i "$t/immutable" 2>/dev/null; then
  expect_env_error cache_in_immutable_dir "cannot use the cache directory.*Operation not permitted" \
    --cache "$t/immutable/cache"
  chattr -i "$t/immutable"
else
  ok "cache_in_immutable_dir (skipped: chattr not supported here)"
fi

# -- the reference build: everything below damages a copy of it -------------------------
"$STORYC" build -j 2 >"$t/out1" 2>"$t/err1"
rc=$?
[ $rc -eq 0 ] && ok first_build || { no first_build "exit $rc: $(tail -3 "$t/err1")"; exit 0; }
mp4=build/ep01-first-light.mp4

# A populated cache that became read-only: a build that must run a job fails
# cleanly; -n, which writes nothing, still answers.
mkdir -p "$t/frozen"
cp -a .storyc "$t/frozen/cache"
if mount --bind "$t/frozen" "$t/frozen" 2>/dev/null && mount -o remount,bind,ro "$t/frozen" 2>/dev/null; then
  mounts="$t/frozen $mounts"
  sed 's/"Hi."/"Hi there."/' film.story >"$t/edited.story"
  mkdir -p "$t/edited" && cp "$t/edited.story" "$t/edited/film.story"
  expect_env_error readonly_cache_build_fails_cleanly "$t/frozen/cache.*Read-only file system" \
    "$t/edited" --cache "$t/frozen/cache" -o "$t/edited/build"
  "$STORYC" build "$t/edited" -n --cache "$t/frozen/cache" -o "$t/edited/build" >"$t/o" 2>"$t/e"
  rc=$?
  [ $rc -eq 0 ] && grep -q '^ep1/noon/1/voice.1 ' "$t/o" && ok readonly_cache_dry_run_works ||
    no readonly_cache_dry_run_works "exit $rc: $(head -3 "$t/o") $(head -3 "$t/e")"
else
  ok "readonly_cache_build_fails_cleanly (skipped: bind mounts not allowed here)"
fi

# -- a full cache ----------------------------------------------------------------------
# full_cache NAME SIZE-KB: the build runs out of room part way.
full_cache() {
  name=$1 kb=$2
  d="$t/full-$kb"
  mkdir -p "$d"
  how=""
  if mount -t tmpfs -o size="${kb}k" tmpfs "$d" 2>/dev/null; then
    mounts="$d $mounts"
    how=tmpfs
    "$STORYC" build -j 2 --cache "$d/cache" -o "$d/out" >"$t/o" 2>"$t/e"
    rc=$?
  else
    how=ulimit
    (ulimit -f $((kb * 2)) && trap '' XFSZ && exec "$STORYC" build -j 2 --cache "$d/cache" -o "$d/out") >"$t/o" 2>"$t/e"
    rc=$?
  fi
  if [ $rc -eq 1 ] && grep -q "No space left on device\|File too large" "$t/e"; then
    ok "${name}_fails_with_the_cause ($how)"
  else
    no "${name}_fails_with_the_cause" "($how) exit $rc: $(grep -v '^\[' "$t/e" | head -3)"
  fi
  first=$(ran "$t/e")
  tmps=$(find "$d" -name '.tmp-*' | head -3)
  [ -z "$tmps" ] && ok "${name}_leaves_no_temp_files" || no "${name}_leaves_no_temp_files" "$tmps"
  # Room again: the build finishes, without running what had finished.
  [ "$how" = tmpfs ] && mount -o remount,size=64m "$d"
  "$STORYC" build -j 2 --cache "$d/cache" -o "$d/out" >"$t/o" 2>"$t/e"
  rc=$?
  again=""
  for id in $(ran "$t/e"); do
    case " $first " in *" $id "*) again="$again $id" ;; esac
  done
  [ $rc -eq 0 ] && [ -z "$again" ] && jobs "$t/o" | grep -q " 0 failed" && ok "${name}_then_finishes" ||
    no "${name}_then_finishes" "exit $rc, ran again:$again; $(jobs "$t/o") $(grep -v '^\[' "$t/e" | head -2)"
  rm -rf "$d/out"
  "$STORYC" build --cache "$d/cache" -o "$d/out" >"$t/o" 2>"$t/e"
  jobs "$t/o" | grep -q "jobs: 0 run, $njobs cached, 0 failed" && ! grep -qi corrupt "$t/e" &&
    ok "${name}_cache_consistent" || no "${name}_cache_consistent" "$(jobs "$t/o") $(grep -i corrupt "$t/e")"
}
# Sizes from the reference build: runs out of room early, and late.
total_kb=$(du -sk .storyc | cut -f1)
full_cache cache_full_early $((total_kb * 3 / 10))
full_cache cache_full_late $((total_kb * 8 / 10))

# -- missing tools -------------------------------------------------------------------
# missing_tool NAME TOOL KEEP...: PATH holds only the KEEP tools.
missing_tool() {
  name=$1 tool=$2
  shift 2
  bin="$t/bin-$name"
  mkdir -p "$bin"
  for k in "$@"; do
    w=$(command -v "$k") && ln -sf "$w" "$bin/$k"
  done
  rm -rf "$t/mt"
  PATH="$bin" "$STORYC" build -j 2 --cache "$t/mt/cache" -o "$t/mt/out" >"$t/o" 2>"$t/e"
  rc=$?
  { [ $rc -eq 1 ] || [ $rc -eq 2 ]; } && grep -q "$tool" "$t/e" && grep -q "apt-get install $tool" "$t/e" &&
    ok "$name" || no "$name" "exit $rc: $(grep -v '^\[' "$t/e" | head -3)"
}
missing_tool missing_ffmpeg ffmpeg espeak-ng
missing_tool missing_espeak espeak-ng ffmpeg ffprobe

# -- a deleted output is re-made from the cache -------------------------------------------
cp "$mp4" "$t/mp4.orig"
rm -f "$mp4" build/ep01/dawn/02-line1-mei.wav
"$STORYC" build >"$t/o" 2>"$t/e"
[ -f "$mp4" ] && cmp -s "$mp4" "$t/mp4.orig" && [ -f build/ep01/dawn/02-line1-mei.wav ] &&
  jobs "$t/o" | grep -q "jobs: 0 run" && ok deleted_output_restored || no deleted_output_restored "$(jobs "$t/o")"

# -- a deleted blob --------------------------------------------------------------------------
# Of a final output (gone from build/ too): its job runs again.
blob=$(find .storyc/cas -type f -samefile "$mp4")
rm -f "$blob" "$mp4"
"$STORYC" build >"$t/o" 2>"$t/e"
rc=$?
[ $rc -eq 0 ] && [ -f "$mp4" ] && grep -q "ep1/edit.*missing" "$t/e" && [ "$(ran "$t/e")" = "ep1/edit " ] &&
  ok deleted_blob_of_output_regenerated || no deleted_blob_of_output_regenerated "exit $rc, ran $(ran "$t/e"): $(head -2 "$t/e")"
# Of an input a changed job needs: the input runs again first.
blob=$(find .storyc/cas -type f -samefile build/ep01/dawn/01-wide.png)
rm -f "$blob"
sed -i 's/camera: push_in/camera: tilt_up/' film.story
"$STORYC" build >"$t/o" 2>"$t/e"
rc=$?
got=$(ran "$t/e")
[ $rc -eq 0 ] && grep -q "ep1/dawn/1/image.*missing" "$t/e" && [ "$got" = "ep1/dawn/1/image ep1/dawn/1/video ep1/dawn/edit ep1/edit " ] &&
  ok deleted_blob_of_input_regenerated || no deleted_blob_of_input_regenerated "exit $rc, ran [$got]: $(head -2 "$t/e")"
"$STORYC" build >"$t/o" 2>&1
jobs "$t/o" | grep -q "jobs: 0 run" && ok deleted_blob_then_noop || no deleted_blob_then_noop "$(jobs "$t/o")"

# -- a damaged action entry: its last line in the journal cut in half ---------------------------
key=$(key_of ep1/dawn/2/voice.1)
line=$(grep "^$key " .storyc/ac.log | tail -1)
printf '%s\n' "$(printf '%s' "$line" | cut -c1-$((${#line} / 2)))" >>.storyc/ac.log
rm -f build/ep01/dawn/02-line1-mei.wav
"$STORYC" build >"$t/o" 2>"$t/e"
rc=$?
got=$(ran "$t/e")
[ $rc -eq 0 ] && grep -q "ep1/dawn/2/voice.1.*corrupt" "$t/e" && [ "$got" = "ep1/dawn/2/voice.1 " ] &&
  [ -f build/ep01/dawn/02-line1-mei.wav ] && ok truncated_entry_dropped_and_rerun ||
  no truncated_entry_dropped_and_rerun "exit $rc, ran [$got]: $(head -2 "$t/e")"
# An entry that says nothing, of a job whose output is still in place:
# found when a dependent needs it.
key=$(key_of ep1/noon/1/voice.1)
printf '%s {}\n' "$key" >>.storyc/ac.log
sed -i 's/pan_left/pan_right/' film.story
"$STORYC" build >"$t/o" 2>"$t/e"
rc=$?
got=$(ran "$t/e")
[ $rc -eq 0 ] && grep -q "ep1/noon/1/voice.1.*corrupt" "$t/e" && case "$got" in *"ep1/noon/1/voice.1 "*) true ;; *) false ;; esac &&
  ok empty_entry_of_input_rerun || no empty_entry_of_input_rerun "exit $rc, ran [$got]: $(grep -v '^\[' "$t/e" | head -2)"
rm -rf build
"$STORYC" build >"$t/o" 2>"$t/e"
jobs "$t/o" | grep -q "jobs: 0 run, $njobs cached, 0 failed" && ! grep -qi corrupt "$t/e" && ok repaired_cache_consistent ||
  no repaired_cache_consistent "$(jobs "$t/o") $(head -2 "$t/e")"
