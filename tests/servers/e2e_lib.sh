# tests/servers/e2e_lib.sh - shell helpers of the HTTP backend tests
# (tests/e2e/http_*.sh), sourced after `set -u` with $STORYC and $TOP set:
#   http_setup           temp dir $t, media fixtures in $t/media, cleanup trap
#   start_fake NAME      starts tests/servers/fake_NAME.py; sets $port, $srvlog
#   ok NAME / no NAME WHY   PASS / FAIL lines
#   count JQ-LIKE...     lines of the request log matching all given words
# The fake services exit by themselves; the trap also stops them (by pid).

ok() { echo "PASS $1"; }
no() { echo "FAIL $1: $2"; }

http_setup() {
  t=$(mktemp -d)
  pids=""
  trap 'for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$t"' EXIT
  mkdir -p "$t/media"
  ff() { ffmpeg -nostdin -v error -y "$@"; }
  ff -f lavfi -i "color=c=0x336699:s=96x160" -frames:v 1 "$t/media/image.png"
  ff -f lavfi -i "color=c=0x993366:s=96x160" -frames:v 1 "$t/media/image.webp"
  ff -f lavfi -i "color=c=0x669933:s=96x160" -frames:v 1 "$t/media/image.jpg"
  ff -f lavfi -i "sine=frequency=440:duration=0.8" -c:a libmp3lame -b:a 64k "$t/media/voice.mp3"
  ff -f lavfi -i "sine=frequency=220:duration=3" -c:a libmp3lame -b:a 64k "$t/media/music.mp3"
  ff -f lavfi -i "testsrc=s=160x96:r=24:d=1" -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$t/media/video.mp4"
  # storyc must not see keys of the machine it runs on
  unset OPENAI_API_KEY OPENAI_BASE_URL REPLICATE_API_TOKEN KLING_ACCESS_KEY KLING_SECRET_KEY ELEVENLABS_API_KEY \
    COMFYUI_URL STORYC_HTTP_DEADLINE_S STORYC_HTTP_POLL_S STORYC_HTTP_TIMEOUT_S 2>/dev/null || true
}

# start_fake NAME [lifetime]: the server prints its port on its first line.
start_fake() {
  srvlog="$t/$1.log"
  : >"$srvlog"
  python3 -B "$TOP/tests/servers/fake_$1.py" --media "$t/media" --log "$srvlog" --lifetime "${2:-90}" >"$t/$1.port" 2>"$t/$1.err" &
  pids="$pids $!"
  port=""
  i=0
  while [ $i -lt 100 ]; do
    port=$(head -1 "$t/$1.port" 2>/dev/null)
    [ -n "$port" ] && break
    sleep 0.05
    i=$((i + 1))
  done
  [ -n "$port" ] || { echo "FAIL start_$1: the fake service did not start: $(cat "$t/$1.err")"; exit 0; }
}

# count WORD...: request-log lines that contain every WORD (fixed strings).
count() {
  f="$srvlog"
  for w in "$@"; do
    grep -F -- "$w" "$f" >"$t/count.tmp" 2>/dev/null
    f="$t/count.tmp.2"
    cp "$t/count.tmp" "$f"
  done
  wc -l <"$f" | tr -d ' '
}

# jobs_line FILE: the summary line of a build.
jobs_line() { grep '^jobs:' "$1"; }
