#!/bin/sh
# tests/e2e/crash.sh - SIGKILL at random moments of a small build. In each
# cycle the cache starts empty, a few builds are killed at random moments
# (each one going on from what the one before left), then a build runs to the
# end. Checked: the build after the kills finishes (exit 0, no failures); no
# job whose action entry was in the cache when a build started is run again
# by it (the job ids the plain progress lines report as run, against the
# journal ac.log);
# no temp file is left; a third build, with build/ removed, restores every
# output from the cache (every blob re-hashed) and runs nothing.
#   CRASH_SEED=N     repeat a run (the seed is printed on failure)
#   CRASH_CYCLES=N   cycles (3), CRASH_KILLS=N kills per cycle (5)
set -u
: "${STORYC:?}"
t=$(mktemp -d)
sids=""
cleanup() {
  for s in $sids; do pkill -9 -s "$s" 2>/dev/null; done
  rm -rf "$t"
}
trap cleanup EXIT
ok() { echo "PASS $1"; }
no() { echo "FAIL $1: $2 (CRASH_SEED=$seed)"; }
seed=${CRASH_SEED:-$(( $(date +%s) % 100000 + $$ ))}
cycles=${CRASH_CYCLES:-3}
kills=${CRASH_KILLS:-5}
p="$t/proj"
mkdir -p "$p"
cat >"$p/film.story" <<'S'
series "Crash Film" { format: vertical_540p language: "en" }
style plain { prompt: "flat colors" negative: "text" }
character li "Li" { look: "young fisherman" voice: "male, young" seed: 7 }
character mei "Mei" { look: "old weaver" voice: "female, old" }
place shore "Shore" { look: "black sand" }
music theme { prompt: "guzheng, calm, 80 bpm" length: 4s }
episode 1 "First Light" {
  style: plain
  scene dawn at shore {
    cue theme at 0s fade 1s
    shot wide 1s { prompt: "{li} on the shore" camera: push_in }
    shot closeup 1s { prompt: "{mei} weaving" mei "Hello." }
    shot medium 1s { prompt: "{li} mends a net" li "Morning." }
  }
  scene noon at shore {
    shot medium 1s { prompt: "{li} and {mei}" camera: pan_left li "Hi." }
    shot wide 1s { prompt: "boats at sea" }
  }
}
S
cd "$p" || exit 1
"$STORYC" plan -o "$t/plan.json" || { no plan "storyc plan failed"; exit 0; }
# "id key" per job.
python3 -c '
import json, sys
for j in json.load(open(sys.argv[1]))["jobs"]:
    print(j["id"], j["key"])' "$t/plan.json" >"$t/keys"
njobs=$(wc -l <"$t/keys")

# The keys with an action entry now: the last complete line of each key in
# the journal, unless it drops the key ("<key> -").
snapshot() {
  if [ -f .storyc/ac.log ]; then
    awk 'length($1) == 64 && NF >= 2 { if ($2 == "-") delete k[$1]; else k[$1] = 1 } END { for (x in k) print x }' \
      .storyc/ac.log | sort >"$1"
  else
    : >"$1"
  fi
}
# The ids a build's stderr reports as run ("[i/n] ID (draft, 0.4s)").
ran_ids() { sed -n 's|^\[[0-9]*/[0-9]*\] \([^ ]*\) (draft, .*|\1|p' "$1" | sort; }
# Fails when a job reported in $1 (stderr) had an entry in $2 (snapshot).
check_no_rerun() {
  ran_ids "$1" | while read -r id; do
    key=$(awk -v id="$id" '$1 == id { print $2 }' "$t/keys")
    if grep -qx "$key" "$2"; then echo "$id"; fi
  done
}
# Random delays (seconds) for every kill, from the seed.
awk -v s="$seed" -v n=$((cycles * kills)) 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.2f\n", 0.05 + rand() * 0.6 }' \
  >"$t/delays"

bad_rerun="" bad_finish="" bad_noop="" bad_tmp="" killed_mid=0 k=0
c=0
while [ "$c" -lt "$cycles" ]; do
  c=$((c + 1))
  rm -rf .storyc build
  i=0
  while [ "$i" -lt "$kills" ]; do
    i=$((i + 1))
    k=$((k + 1))
    delay=$(sed -n "${k}p" "$t/delays")
    snapshot "$t/before"
    setsid "$STORYC" build -j 2 >"$t/out" 2>"$t/err" &
    pid=$!
    sids="$sids $pid"
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    [ $? -eq 137 ] && killed_mid=$((killed_mid + 1))
    again=$(check_no_rerun "$t/err" "$t/before")
    [ -n "$again" ] && bad_rerun="$bad_rerun cycle $c kill $i after ${delay}s: $(echo $again)"
  done
  # The rebuild after the kills: to the end, and nothing finished runs again.
  snapshot "$t/before"
  "$STORYC" build -j 2 >"$t/out" 2>"$t/err"
  rc=$?
  grep -q "^jobs: .* 0 failed" "$t/out" && [ "$rc" -eq 0 ] ||
    bad_finish="$bad_finish cycle $c: exit $rc $(tail -2 "$t/err" | tr '\n' ' ')"
  again=$(check_no_rerun "$t/err" "$t/before")
  [ -n "$again" ] && bad_rerun="$bad_rerun cycle $c rebuild: $(echo $again)"
  ls -A .storyc/tmp 2>/dev/null | grep -q . && bad_tmp="$bad_tmp cycle $c: $(ls -A .storyc/tmp)"
  tmps=$(find .storyc build -name '.tmp-*' 2>/dev/null | head -3)
  [ -n "$tmps" ] && bad_tmp="$bad_tmp cycle $c: $tmps"
  # Consistent: every output comes back from the cache, blobs re-hashed.
  rm -rf build
  "$STORYC" build >"$t/out3" 2>"$t/err3"
  rc=$?
  { [ "$rc" -eq 0 ] && grep -q "^jobs: 0 run, $njobs cached, 0 failed" "$t/out3" && ! grep -qi corrupt "$t/err3"; } ||
    bad_noop="$bad_noop cycle $c: exit $rc $(cat "$t/out3") $(grep -i corrupt "$t/err3" | head -2)"
done

[ -z "$bad_finish" ] && ok rebuild_after_kills_finishes || no rebuild_after_kills_finishes "$bad_finish"
[ -z "$bad_rerun" ] && ok finished_jobs_never_rerun || no finished_jobs_never_rerun "ran again:$bad_rerun"
[ -z "$bad_noop" ] && ok cache_consistent_after_kills || no cache_consistent_after_kills "$bad_noop"
[ -z "$bad_tmp" ] && ok no_temp_files_left || no no_temp_files_left "$bad_tmp"
# Most kills must land mid-build, or the test proves little.
[ "$killed_mid" -ge $((cycles * kills / 4)) ] && ok kills_landed_mid_build ||
  no kills_landed_mid_build "only $killed_mid of $((cycles * kills)) builds were still running"
