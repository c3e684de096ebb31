#!/bin/sh
# The one setup step of `make demo`, `make test` and the other targets: checks
# that the Debian packages storyc needs are installed; as root it installs the
# missing ones, otherwise it prints the exact apt-get line and fails.
# Usage: scripts/deps.sh [extra-package...]
set -u
PKGS="gcc make pkg-config re2c bison libcjson-dev libcurl4-openssl-dev libssl-dev
ffmpeg espeak-ng fonts-noto-cjk fonts-dejavu-core python3 jq $*"
missing=""
for p in $PKGS; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
  case "$st" in
    *"install ok installed"*) ;;
    *) missing="$missing $p" ;;
  esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "storyc setup: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || { echo "storyc setup: apt-get update failed" >&2; exit 2; }
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >&2 || {
    echo "storyc setup: apt-get install failed" >&2; exit 2; }
  exit 0
fi
echo "storyc setup: missing Debian packages. Run:" >&2
echo "  sudo apt-get install$missing" >&2
exit 2
