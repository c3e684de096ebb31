#!/bin/sh
# tests/run.sh - runs the whole suite: unit programs ($O/tests/*), golden
# compiler tests (tests/golden), end-to-end scripts (tests/e2e/*.sh).
# Every test program prints "PASS name" / "FAIL name: why" lines; a program
# that exits non-zero without a FAIL line counts as one failure. Ends with
# "N passed, N failed" and exits 1 when anything failed.
#   STORYC=bin/storyc O=out tests/run.sh [filter]
set -u
STORYC=${STORYC:-bin/storyc}
O=${O:-out}
case "$STORYC" in /*) ;; *) STORYC="$(pwd)/$STORYC" ;; esac
export STORYC
TOP=$(pwd)
export TOP
filter=${1:-}
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() { # name, command...
  name=$1; shift
  case "$name" in *"$filter"*) ;; *) return ;; esac
  "$@" >"$log" 2>&1
  rc=$?
  p=$(grep -c '^PASS ' "$log")
  f=$(grep -c '^FAIL ' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "FAIL $name: exited $rc" >>"$log"
    f=1
  fi
  pass=$((pass + p))
  fail=$((fail + f))
  if [ "$f" -gt 0 ]; then
    echo "--- $name"
    grep -v '^PASS ' "$log" | head -60
  else
    echo "ok   $name ($p)"
  fi
}

for t in "$O"/tests/*_test; do
  [ -x "$t" ] && run_one "unit/$(basename "$t")" "$t"
done
run_one golden tests/golden/run.sh
for t in tests/e2e/*.sh; do
  [ -f "$t" ] && run_one "e2e/$(basename "$t" .sh)" sh "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
