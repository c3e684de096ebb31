#!/bin/sh
# fuzz/seeds.sh - makes the seed corpus of each harness in $FO/seeds/NAME/
# from what the repository already has (nothing generated is committed):
#   fuzz_parse, fuzz_compile: tests/golden/**/*.story, examples/**/*.story,
#     stdlib/**/*.story
#   fuzz_plan: the plans of those inputs, written by $FO/bin/plan_seed (the
#     same compile_project + plan_write_json as `storyc plan`), and the
#     golden plan expectations tests/golden/plan/*.plan.json
#   fuzz_import: tests/golden/import/*.csv and *.json, with the format byte
#     fuzz_import.c expects in front ('C' or 'J')
#   fuzz_aclog: small journals: entries, a dropped one, zeros, a cut line
# Run from the repository root after `make -f fuzz/fuzz.mk build`; SEEDS=DIR
# puts the seeds elsewhere (the smoke test does, to leave $FO/seeds alone).
set -u
FO=${FO:-out/fuzz}
S=${SEEDS:-$FO/seeds}
rm -rf "$S"
mkdir -p "$S/fuzz_parse" "$S/fuzz_compile" "$S/fuzz_plan" "$S/fuzz_import" "$S/fuzz_aclog"

# NAME for a seed file: its path with '/' made '_'.
flat() { echo "$1" | tr '/' '_'; }

stories=$(find tests/golden examples stdlib -name '*.story' -type f 2>/dev/null | sort)
for f in $stories; do
  cp "$f" "$S/fuzz_parse/$(flat "$f")"
  cp "$f" "$S/fuzz_compile/$(flat "$f")"
done

# Plans: every story file alone, and every project folder of examples/.
projects=$(find examples -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort)
# shellcheck disable=SC2086
"$FO/bin/plan_seed" "$(pwd)/stdlib" "$S/fuzz_plan" $stories $projects >/dev/null || exit 2
for f in tests/golden/plan/*.plan.json; do
  [ -f "$f" ] && cp "$f" "$S/fuzz_plan/$(flat "$f")"
done

for f in tests/golden/import/*; do
  case "$f" in
    *.csv | *.CSV) { printf C; cat "$f"; } >"$S/fuzz_import/$(flat "$f")" ;;
    *.json | *.JSON) { printf J; cat "$f"; } >"$S/fuzz_import/$(flat "$f")" ;;
  esac
done
k1=1111111111111111111111111111111111111111111111111111111111111111
k2=2222222222222222222222222222222222222222222222222222222222222222
e='{"version":1,"job":"a","backend":"draft","outputs":[]}'
printf '%s %s\n%s %s\n' "$k1" "$e" "$k2" "$e" >"$S/fuzz_aclog/two"
printf '%s %s\n%s -\n%s %s\n' "$k1" "$e" "$k1" "$k2" "$e" >"$S/fuzz_aclog/dropped"
{ printf '%s %s\n' "$k1" "$e"; printf '\0\0\0\0'; printf '%s %s' "$k2" "$e"; } >"$S/fuzz_aclog/cut"
for h in fuzz_parse fuzz_compile fuzz_plan fuzz_import fuzz_aclog; do
  echo "seeds: $h: $(find "$S/$h" -type f | wc -l) files"
done
