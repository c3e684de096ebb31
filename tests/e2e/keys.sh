#!/bin/sh
# tests/e2e/keys.sh - key stability: what changes a job key and what does not
# (DESIGN.md "The plan"). Compiles variants of the design example with the
# real binary and compares the keys job by job.
set -u
: "${STORYC:?}" "${TOP:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
src="$TOP/tests/golden/plan/design.story"

plan() { # file -> file.json
  "$STORYC" plan "$1" -o "$1.json" || { echo "FAIL keys: storyc plan $1 failed"; exit 1; }
}

# expect NAME FILE IDS...: exactly the jobs IDS changed against the base.
expect() {
  name=$1 file=$2
  shift 2
  plan "$file"
  python3 - "$name" "$t/base.story.json" "$file.json" "$@" <<'PY'
import json, sys
name, a, b, want = sys.argv[1], sys.argv[2], sys.argv[3], sorted(sys.argv[4:])
ka = {j["id"]: j["key"] for j in json.load(open(a))["jobs"]}
kb = {j["id"]: j["key"] for j in json.load(open(b))["jobs"]}
if set(ka) != set(kb):
    print("FAIL %s: the set of jobs changed" % name)
else:
    changed = sorted(k for k in ka if ka[k] != kb[k])
    print("PASS " + name if changed == want else "FAIL %s: changed %s, expected %s" % (name, changed, want))
PY
}

cp "$src" "$t/base.story"
plan "$t/base.story"

# Layout, comments and declaration order change nothing.
python3 - "$src" "$t/layout.story" <<'PY'
import sys, re
s = open(sys.argv[1]).read()
# move the place declaration to the end of the file
place = re.search(r'place shore[^\n]*\n', s).group(0)
s = s.replace(place, '') + '\n' + place
s = re.sub(r'//[^\n]*', '', s)                 # drop comments
s = re.sub(r'\{\n', '{ /* a comment */\n', s)  # new comments after block openers
s = re.sub(r'\n\s*\n', '\n\n\n', s)            # other blank lines
open(sys.argv[2], 'w').write(s)
PY
expect layout_and_comments "$t/layout.story"

# One line of dialogue: its voice job and the edits above it.
sed 's/he takes me first/he must take me first/' "$src" >"$t/line.story"
expect one_dialogue_line "$t/line.story" ep1/storm_at_sea/2/voice.1 ep1/storm_at_sea/edit ep1/edit

# A music cue: that music job and the edits that use it.
sed 's/rising storm, 90 bpm/rising storm, 96 bpm/' "$src" >"$t/music.story"
expect music_cue "$t/music.story" music/storm_theme ep1/storm_at_sea/edit ep1/edit

# A character's look: every image showing li, their videos, the edits; no
# voice or music job.
sed 's/indigo hemp robe/grey hemp robe/' "$src" >"$t/look.story"
expect character_look "$t/look.story" \
  ep1/storm_at_sea/1/image ep1/storm_at_sea/1/video ep1/storm_at_sea/2/image ep1/storm_at_sea/2/video \
  ep1/storm_at_sea/3/image.1 ep1/storm_at_sea/3/image.2 ep1/storm_at_sea/3/image.3 ep1/storm_at_sea/3/image.4 \
  ep1/storm_at_sea/3/video ep1/storm_at_sea/edit ep1/edit

# The picked take: only the video (now from another take) and the edits.
sed 's/pick: 2 /pick: 3 /' "$src" >"$t/pick.story"
expect picked_take "$t/pick.story" ep1/storm_at_sea/3/video ep1/storm_at_sea/edit ep1/edit

# A display name (not drawn by a real backend) changes no image or voice.
sed 's/"Li Xingzhou"/"Li Xing-Zhou"/' "$src" | sed 's/backends_placeholder//' >"$t/name.story"
"$STORYC" plan "$t/name.story" --backend image=openai-image -o "$t/name.json" &&
  "$STORYC" plan "$src" --backend image=openai-image -o "$t/name0.json" &&
  python3 - "$t/name0.json" "$t/name.json" <<'PY'
import json, sys
a = {j["id"]: j["key"] for j in json.load(open(sys.argv[1]))["jobs"]}
b = {j["id"]: j["key"] for j in json.load(open(sys.argv[2]))["jobs"]}
changed = sorted(k for k in a if a[k] != b[k])
want = ["ep1/edit", "ep1/storm_at_sea/edit"]
print("PASS display_name" if changed == want else "FAIL display_name: changed %s" % changed)
PY

# A plan read back (storyc run's input) has the same keys.
python3 - "$t/base.story.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
print("PASS plan_has_keys" if all(len(j["key"]) == 64 for j in p["jobs"]) else "FAIL plan_has_keys")
PY
