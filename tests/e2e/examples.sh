#!/bin/sh
# tests/e2e/examples.sh - the examples and the stdlib compile clean.
#   - `storyc check` and `storyc plan` on every example project (a folder
#     under examples/ whose .story files declare a series);
#   - `storyc check` on a small project importing each stdlib library;
#   - lines of dialogue fit their shots (at most 2.5 words a second), and
#     each episode of examples/strange-mirror runs about three minutes
#     (these two need jq; without it they are not run);
#   - `storyc build -n` (a dry run) on every example, and a real build of
#     examples/hello with the draft backend (needs ffmpeg).
# Run by tests/run.sh with $STORYC set and the repository root as cwd.
# Prints one "PASS name" / "FAIL name: why" line per check.
set -u
STORYC=${STORYC:?set STORYC to the storyc binary}
TOP=${TOP:-$(pwd)}
STORYC_STDLIB="$TOP/stdlib"
export STORYC_STDLIB
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

# The first lines of a log, on one line, for a FAIL message.
excerpt() { head -3 "$1" | tr '\n' ' '; }

# ---- example projects ---------------------------------------------------
projects=$(
  for d in "$TOP"/examples/*/ "$TOP"/examples/*/*/; do
    [ -d "$d" ] || continue
    # A project has top-level .story files and one of them declares a series.
    if grep -l '^[[:space:]]*series[[:space:]]' "$d"*.story >/dev/null 2>&1; then
      echo "${d%/}"
    fi
  done
)
[ -n "$projects" ] || fail examples "no example projects under examples/"

for p in $projects; do
  name=examples/${p#"$TOP"/examples/}
  if "$STORYC" check "$p" >"$tmp/out" 2>&1; then
    pass "check $name"
  else
    fail "check $name" "$(excerpt "$tmp/out")"
  fi
  if "$STORYC" plan "$p" -o "$tmp/plan.json" >"$tmp/out" 2>&1 && [ -s "$tmp/plan.json" ]; then
    pass "plan $name"
  else
    fail "plan $name" "$(excerpt "$tmp/out")"
    continue
  fi
  if command -v jq >/dev/null 2>&1; then
    # Shots whose lines need more than 2.5 words a second.
    jq -r '.jobs[] | select(.kind == "edit" and .params.type == "scene") | .id as $scene
           | .params.shots | to_entries[] | .key as $i | .value
           | ([.lines[].text | split(" ") | map(select(. != "")) | length] | add // 0) as $words
           | select($words * 1000 > 2.5 * .duration_ms)
           | "\($scene) shot \($i + 1): \($words) words in \(.duration_ms) ms"' \
      "$tmp/plan.json" >"$tmp/fast" 2>&1
    if [ -s "$tmp/fast" ]; then
      fail "dialogue pace $name" "$(excerpt "$tmp/fast")"
    else
      pass "dialogue pace $name"
    fi
  fi
  if "$STORYC" build "$p" -n --cache "$tmp/cache" -o "$tmp/out.d" >"$tmp/out" 2>&1 && grep -q '^jobs: ' "$tmp/out"; then
    pass "build -n $name"
  else
    fail "build -n $name" "$(excerpt "$tmp/out")"
  fi
done

# The long example: five episodes of about three minutes (45 to 60 shots).
sm="$TOP/examples/strange-mirror"
if [ -d "$sm" ] && command -v jq >/dev/null 2>&1 && "$STORYC" plan "$sm" -o "$tmp/sm.json" >/dev/null 2>&1; then
  jq -r '[.jobs[] | select(.kind == "edit" and .params.type == "scene")]
         | group_by(.id | split("/")[0])[]
         | "\(.[0].id | split("/")[0]) \(map(.params.duration_ms) | add) \(map(.params.shots | length) | add)"' \
    "$tmp/sm.json" >"$tmp/eps"
  n=$(wc -l <"$tmp/eps")
  if [ "$n" -eq 5 ]; then pass "strange-mirror has five episodes"; else fail "strange-mirror has five episodes" "found $n"; fi
  while read -r ep ms shots; do
    if [ "$ms" -ge 165000 ] && [ "$ms" -le 200000 ] && [ "$shots" -ge 45 ] && [ "$shots" -le 60 ]; then
      pass "strange-mirror $ep length"
    else
      fail "strange-mirror $ep length" "$shots shots, $ms ms (want 45-60 shots, about 180 s)"
    fi
  done <"$tmp/eps"
fi

# ---- stdlib libraries ---------------------------------------------------
libs=$(cd "$TOP/stdlib" && find std -name '*.story' ! -name prelude.story | sort)
[ -n "$libs" ] || fail stdlib "no libraries under stdlib/std"
for lib in $libs; do
  spec=${lib%.story}
  mkdir -p "$tmp/lib" && rm -f "$tmp/lib"/*.story
  printf 'import "%s" as lib\n' "$spec" >"$tmp/lib/main.story"
  if "$STORYC" check "$tmp/lib" >"$tmp/out" 2>&1; then
    pass "stdlib $spec"
  else
    fail "stdlib $spec" "$(excerpt "$tmp/out")"
  fi
done

# The design sketch's names stay: guofeng.ink_wash and shj.gong_gong.
cat >"$tmp/lib/main.story" <<'EOF'
import "std/styles/guofeng"
import "std/creatures/shanhaijing" as shj
style storm extends guofeng.ink_wash { prompt: "storm light" }
creature gonggong "Gong Gong" extends shj.gong_gong { look: "copper horns" }
episode 1 { scene s { style: storm shot wide 2s { prompt: "{gonggong} rises" } } }
EOF
if "$STORYC" check "$tmp/lib" >"$tmp/out" 2>&1; then
  pass "stdlib design names"
else
  fail "stdlib design names" "$(excerpt "$tmp/out")"
fi

# ---- importers, through the compiler -------------------------------------
# A Fooocus JSON and an A1111 CSV (the golden inputs) used from a project.
mkdir -p "$tmp/imp" && rm -f "$tmp/imp"/*
cp "$TOP/tests/golden/import/fooocus.json" "$TOP/tests/golden/import/a1111.csv" "$tmp/imp/"
cat >"$tmp/imp/main.story" <<'EOF'
import "fooocus.json"
import "a1111.csv" as a1111
style mine extends fooocus.sai_3d_model { prompt: "teal light" }
episode 1 {
  scene s {
    style: mine
    shot wide 2s { prompt: "a lighthouse" }
    shot wide 2s { prompt: "a ship" style: a1111.水墨_ink }
  }
}
EOF
if "$STORYC" plan "$tmp/imp" -o "$tmp/imp.json" >"$tmp/out" 2>&1 &&
  grep -q 'a lighthouse, wide shot[^"]*professional 3d model, octane render[^"]*teal light' "$tmp/imp.json"; then
  pass "import fooocus.json and a1111.csv"
else
  fail "import fooocus.json and a1111.csv" "$(excerpt "$tmp/out")"
fi
# A broken CSV: the error points into the file, exit 1, and no cascade of
# "unknown style" errors from the project.
cp "$TOP/tests/golden/import/no_name.csv" "$tmp/imp/a1111.csv"
"$STORYC" check "$tmp/imp" >"$tmp/out" 2>&1
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'a1111.csv:2:1: error: this style has no name' "$tmp/out" &&
  ! grep -q 'main.story' "$tmp/out"; then
  pass "import errors point into the csv"
else
  fail "import errors point into the csv" "exit $rc: $(excerpt "$tmp/out")"
fi

# ---- a real draft build -------------------------------------------------
if command -v ffmpeg >/dev/null 2>&1; then
  if "$STORYC" build "$TOP/examples/hello" --cache "$tmp/hcache" -o "$tmp/hout" >"$tmp/out" 2>&1 &&
    ls "$tmp/hout"/ep01-*.mp4 >/dev/null 2>&1; then
    pass "build examples/hello"
  else
    fail "build examples/hello" "$(grep -v '^\[' "$tmp/out" | head -3 | tr '\n' ' ')"
  fi
fi
exit 0
