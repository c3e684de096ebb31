#!/bin/sh
# fuzz/run.sh - `make fuzz`: runs each harness for FUZZ_SECONDS (default 60)
# and fails when one finds a crash, a leak, a timeout or a broken property.
#   FO=out/fuzz FUZZ_SECONDS=60 fuzz/run.sh fuzz_parse fuzz_compile ...
# Each harness first replays its regression inputs (tests/fuzz/NAME/), then
# fuzzes from its working corpus ($FO/corpus/NAME/, kept between runs), the
# seeds (fuzz/seeds.sh) and the regression inputs. A crashing input is saved
# in $FO/crashes/NAME/; docs/fuzzing.md says how to turn it into a
# regression test. One process per harness, one at a time.
set -u
FO=${FO:-out/fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-60}
if [ $# -eq 0 ]; then
  for c in fuzz/fuzz_*.c; do set -- "$@" "$(basename "$c" .c)"; done
fi
FO=$FO fuzz/seeds.sh || exit 2

dict_for() {
  case "$1" in
    fuzz_parse | fuzz_compile) echo "-dict=fuzz/story.dict" ;;
    fuzz_plan) echo "-dict=fuzz/plan.dict" ;;
    *) echo "" ;;
  esac
}

failed=""
for h in "$@"; do
  bin=$FO/bin/$h
  reg=tests/fuzz/$h
  mkdir -p "$FO/corpus/$h" "$FO/crashes/$h" "$FO/logs" "$FO/seeds/$h" "$reg"
  log=$FO/logs/$h.log
  echo "fuzz: $h for ${SECONDS_EACH}s (log: $log)"
  # shellcheck disable=SC2046
  "$bin" $(dict_for "$h") -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$FO/crashes/$h/" \
    "$FO/corpus/$h" "$FO/seeds/$h" "$reg" >"$log" 2>&1
  rc=$?
  grep -E '^stat::(number_of_executed_units|new_units_added|peak_rss_mb)' "$log" | sed 's/^/  /'
  if [ "$rc" -ne 0 ]; then
    failed="$failed $h"
    echo "fuzz: $h FAILED (exit $rc):"
    grep -E 'ERROR: |runtime error|property violated|SUMMARY|Test unit written to' "$log" | head -10 | sed 's/^/  /'
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: crashes in:$failed (inputs in $FO/crashes/; see docs/fuzzing.md)"
  exit 1
fi
echo "fuzz: no crashes"
