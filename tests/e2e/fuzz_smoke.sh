#!/bin/sh
# tests/e2e/fuzz_smoke.sh - a short pass of the libFuzzer harnesses (fuzz/,
# docs/fuzzing.md) inside `make test`: builds them, replays every
# regression input in tests/fuzz/NAME/ (each one crashed the front end or the
# plan reader once), then fuzzes each harness for a few seconds from the seed
# corpus. Skipped with a note when clang with libFuzzer is not installed
# (`scripts/deps.sh clang libclang-rt-14-dev` installs it; `make fuzz` runs
# the long version). Run by tests/run.sh with cwd = repository root.
set -u
TOP=${TOP:-$(pwd)}
cd "$TOP" || exit 2
HARNESSES=""
for c in fuzz/fuzz_*.c; do HARNESSES="$HARNESSES $(basename "$c" .c)"; done
SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-5} # per harness: about 20 s in all
FO=out/fuzz
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# Is clang there, and does a libFuzzer program link?
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }\n' >"$t/probe.c"
if ! command -v clang >/dev/null 2>&1 ||
  ! clang -fsanitize=fuzzer,address,undefined -o "$t/probe" "$t/probe.c" >/dev/null 2>&1; then
  echo "SKIP fuzz smoke: clang/libFuzzer not installed"
  exit 0
fi

if ! MAKEFLAGS= MAKELEVEL= make --no-print-directory -f fuzz/fuzz.mk FO="$FO" -j2 build >"$t/build.log" 2>&1; then
  echo "FAIL fuzz_build: make -f fuzz/fuzz.mk build failed:"
  tail -20 "$t/build.log"
  exit 0
fi
echo "PASS fuzz_build"
if ! FO=$FO SEEDS=$t/seeds fuzz/seeds.sh >"$t/seeds.log" 2>&1; then
  echo "FAIL fuzz_seeds: fuzz/seeds.sh failed:"
  tail -20 "$t/seeds.log"
  exit 0
fi

# show_failure LOG: the lines that say what went wrong.
show_failure() {
  grep -E 'ERROR: |runtime error|property violated|SUMMARY|Test unit written|Running: ' "$1" | head -12
}

for h in $HARNESSES; do
  bin=$FO/bin/$h
  # Replay: every regression input, one run each.
  n=0
  for f in tests/fuzz/"$h"/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    if "$bin" -timeout=10 "$f" >"$t/replay.log" 2>&1; then
      echo "PASS replay_$h/$(basename "$f")"
    else
      echo "FAIL replay_$h/$(basename "$f"): the harness fails on this regression input:"
      show_failure "$t/replay.log"
    fi
  done
  # Fuzz briefly from the seeds and regression inputs into a fresh corpus.
  mkdir -p "$t/corpus_$h" "$t/seeds/$h" "$FO/smoke-crashes/$h"
  dict=""
  reg=""
  [ -d "tests/fuzz/$h" ] && reg="tests/fuzz/$h"
  case "$h" in
    fuzz_parse | fuzz_compile) dict="-dict=fuzz/story.dict" ;;
    fuzz_plan) dict="-dict=fuzz/plan.dict" ;;
  esac
  # shellcheck disable=SC2086
  if "$bin" $dict -max_total_time="$SMOKE_SECONDS" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$FO/smoke-crashes/$h/" "$t/corpus_$h" "$t/seeds/$h" $reg >"$t/fuzz.log" 2>&1; then
    echo "PASS fuzzing_$h (${SMOKE_SECONDS}s; $n regression inputs replayed)"
  else
    echo "FAIL fuzzing_$h: a crash in ${SMOKE_SECONDS}s of fuzzing (input kept in $FO/smoke-crashes/$h/):"
    show_failure "$t/fuzz.log"
  fi
done
