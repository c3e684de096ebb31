#!/bin/sh
# scripts/demo.sh - `make demo`: renders the examples with the offline draft
# backend: examples/hello whole, and episode 1 of examples/strange-mirror.
# Usage: scripts/demo.sh path/to/storyc
set -eu
storyc=${1:-bin/storyc}
for project in examples/hello; do
  echo "== storyc build $project"
  "$storyc" build "$project"
done
echo "== storyc build examples/strange-mirror ep1"
"$storyc" build examples/strange-mirror ep1
echo
echo "The animatics:"
find examples/hello/build examples/strange-mirror/build -maxdepth 1 -name '*.mp4' -o -maxdepth 1 -name '*.srt' | sort
