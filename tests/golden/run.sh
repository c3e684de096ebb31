#!/bin/sh
# tests/golden/run.sh - golden tests of the compiler.
#   diag/NAME.story (or diag/NAME/, a project folder): `storyc check` must
#     print exactly diag/NAME.expected on stderr (with "exit N" appended).
#   plan/NAME.story: `storyc plan` must print exactly plan/NAME.plan.json
#     (the absolute project root replaced by @ROOT@).
# UPDATE=1 rewrites the expectations instead; review them with git diff.
set -u
cd "$(dirname "$0")" || exit 2
STORYC=${STORYC:?set STORYC to the storyc binary}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

compare() { # name, expected file
  if [ "${UPDATE:-}" = 1 ]; then
    cp "$tmp" "$2"
    echo "PASS $1 (updated)"
  elif [ ! -f "$2" ]; then
    echo "FAIL $1: no $2 (run with UPDATE=1 to create it)"
  elif cmp -s "$tmp" "$2"; then
    echo "PASS $1"
  else
    echo "FAIL $1: output differs from $2:"
    diff "$2" "$tmp" | head -20
  fi
}

cd diag || exit 2
# Relative, so that messages naming the stdlib are the same on every machine.
STORYC_STDLIB=../../../stdlib
export STORYC_STDLIB
for t in *.story */; do
  [ -e "$t" ] || continue
  name=${t%.story}
  name=${name%/}
  "$STORYC" check "${t%/}" >/dev/null 2>"$tmp"
  echo "exit $?" >>"$tmp"
  compare "diag/$name" "$name.expected"
done
cd ../plan || exit 2
for t in *.story; do
  [ -e "$t" ] || continue
  name=${t%.story}
  root=$(pwd -P)
  "$STORYC" plan "$t" 2>&1 | sed "s|$root|@ROOT@|g" >"$tmp"
  compare "plan/$name" "$name.plan.json"
done
