#!/bin/sh
# The README's run command: installs what is missing, builds, starts the
# loopback simulator (nothing leaves this computer) with its sample keys and
# opens Vodup against it. Without a display it uploads a sample video with
# vodup-cli instead and prints the FileId.
set -eu
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build

workdir=$(mktemp -d)
sim_pid=
cleanup () {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

./_build/tests/sim/vodup-sim --data-dir "$workdir/sim" > "$workdir/endpoints" &
sim_pid=$!
for _ in $(seq 100); do grep -q VODUP_COS_ENDPOINT "$workdir/endpoints" 2>/dev/null && break; sleep 0.1; done
set -a
# shellcheck disable=SC1091
. "$workdir/endpoints"
set +a

# The simulator's sample keys (tests/sim/vodup-sim.h), not a real account.
export TENCENTCLOUD_SECRET_ID=AKIDvodupSimulatorSecretId00000001
export TENCENTCLOUD_SECRET_KEY=vodupSimulatorSecretKey000000001
# Run from the build tree: its schema and translations.
export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
export VODUP_LOCALEDIR="$PWD/_build/po"
# Keep the demo's settings and journal apart from a real installation's.
export XDG_STATE_HOME="$workdir/state" XDG_CONFIG_HOME="$workdir/config"

if [ -n "${WAYLAND_DISPLAY:-}${DISPLAY:-}" ]; then
  echo "Vodup is talking to the local simulator at $VODUP_API_ENDPOINT — drop a video on the window."
  ./_build/src/vodup
else
  head -c 24M /dev/urandom > "$workdir/sample.mp4"
  echo "No display: uploading a 24 MiB sample to the local simulator at $VODUP_API_ENDPOINT …"
  ./_build/src/cli/vodup-cli upload --procedure LongVideoPreset "$workdir/sample.mp4"
fi
