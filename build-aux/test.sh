#!/bin/sh
# The README's test command: installs what is missing, builds, and runs every
# test twice — a normal build and one under AddressSanitizer/UBSan — inside a
# private D-Bus session with an unlocked gnome-keyring and an Xvfb display.
set -eu
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh

run_suite () {
  dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
  meson compile -C "$dir"
  ./build-aux/run-headless.sh meson test -C "$dir" --print-errorlogs --num-processes 2 $setup
}

setup=""
run_suite _build-test -Dwerror=true
setup="--setup=sanitize"
run_suite _build-asan -Db_sanitize=address,undefined -Dbuildtype=debug
