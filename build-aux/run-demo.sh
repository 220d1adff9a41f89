#!/bin/sh
# The README's run command: installs what is missing, builds, starts the
# loopback simulator (nothing leaves this computer) and uploads a sample
# video through it with vodup-cli, printing the FileId.
set -eu
cd "$(dirname "$0")/.."

./build-aux/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build

workdir=$(mktemp -d)
trap 'kill "$sim_pid" 2>/dev/null || true; rm -rf "$workdir"' EXIT INT TERM

./_build/tests/sim/vodup-sim --data-dir "$workdir/sim" > "$workdir/endpoints" &
sim_pid=$!
for _ in $(seq 50); do grep -q VODUP_COS_ENDPOINT "$workdir/endpoints" 2>/dev/null && break; sleep 0.1; done
# shellcheck disable=SC1091
set -a; . "$workdir/endpoints"; set +a

# The simulator's sample keys (tests/sim/vodup-sim.h), not a real account.
export TENCENTCLOUD_SECRET_ID=AKIDvodupSimulatorSecretId00000001
export TENCENTCLOUD_SECRET_KEY=vodupSimulatorSecretKey000000001

head -c 24M /dev/urandom > "$workdir/sample.mp4"
echo "Uploading a 24 MiB sample to the local simulator at $VODUP_API_ENDPOINT …"
./_build/src/cli/vodup-cli upload --procedure LongVideoPreset "$workdir/sample.mp4"
