#!/usr/bin/env bash
# run-ui-bench.sh: the window's responsiveness while four big files upload to
# the loopback simulator, and with a folder of 10 000 videos added.
#
# Copyright 2026 The Vodup Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/ui/run-ui-bench.sh [latency|add|all]      (default all)
# See tests/bench/ui/README.md for the environment variables and what is measured.

set -euo pipefail

WHAT=${1:-all}
SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$SRCDIR/_build}
BENCH_DIR=${BENCH_DIR:-/var/tmp/vodup-bench}
UPLOADS=${UPLOADS:-4}
SIZE_GIB=${SIZE_GIB:-1}
N_FILES=${N_FILES:-10000}
RUNS=${RUNS:-1}
# Limit for any one wait inside the benchmark, in seconds.
TIMEOUT=${TIMEOUT:-900}
SECRET_ID=AKIDvodupSimulatorSecretId00000001
SECRET_KEY=vodupSimulatorSecretKey000000001
CLK_TCK=$(getconf CLK_TCK)
# Loopback only: no proxy may see these requests.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY

die () { echo "run-ui-bench: $*" >&2; exit 1; }
note () { echo "run-ui-bench: $*" >&2; }

[[ $WHAT == latency || $WHAT == add || $WHAT == all ]] || die "usage: $0 [latency|add|all]"
for n in UPLOADS SIZE_GIB N_FILES RUNS TIMEOUT; do
  [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive integer, not '${!n}'"
done
[[ -d $BUILD_DIR ]] || die "no build directory $BUILD_DIR (set BUILD_DIR)"
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
BENCH=$BUILD_DIR/tests/bench/ui/vodup-ui-bench
SIM=$BUILD_DIR/tests/sim/vodup-sim
HEADLESS=$SRCDIR/build-aux/run-headless.sh
[[ -x $BENCH && -x $SIM ]] || die "build first: meson compile -C $BUILD_DIR"
[[ -f $BUILD_DIR/data/gschemas.compiled ]] || die "no compiled schemas: meson compile -C $BUILD_DIR"
for tool in xvfb-run dbus-run-session curl; do
  command -v "$tool" >/dev/null || die "$tool is needed (see $HEADLESS)"
done

buildtype=$(meson introspect "$BUILD_DIR" --buildoptions 2>/dev/null |
            grep -o '"name": "buildtype", "value": "[a-z]*"' | grep -o '[a-z]*"$' | tr -d '"' || true)
[[ $buildtype == release ]] ||
  note "warning: $BUILD_DIR is buildtype '${buildtype:-unknown}'; benchmarks are meant for release builds"

# What was measured: a commit, and whether the tree had changes on top.
if [[ -z ${SOURCE_DESC:-} ]]; then
  SOURCE_DESC=$(git -C "$SRCDIR" rev-parse --short HEAD 2>/dev/null || echo "not a git checkout")
  if git -C "$SRCDIR" status --porcelain 2>/dev/null | grep -q .; then
    SOURCE_DESC="$SOURCE_DESC (with uncommitted changes)"
  fi
fi

mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
WORK=$BENCH_DIR/ui-run-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$WORK"
RESULTS=$WORK/results.md

# What the app reads; the same for every run. The test suite's settings:
# schemas from the build, settings in memory, the cairo renderer (Xvfb has
# no GPU: GL would be Mesa's software renderer on the same two CPUs).
export GSETTINGS_SCHEMA_DIR=$BUILD_DIR/data GSETTINGS_BACKEND=memory
export GSK_RENDERER=${GSK_RENDERER:-cairo} GIO_USE_PROXY_RESOLVER=dummy

SIM_PID=
BENCH_PID=
# shellcheck disable=SC2317  # called from the trap
cleanup () {
  # The benchmark runs in a session of its own (Xvfb, a bus, a keyring):
  # all of it goes.
  if [[ -n $BENCH_PID ]]; then
    kill -- "-$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
    BENCH_PID=
  fi
  if [[ -n $SIM_PID ]]; then
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{
  echo "# UI benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Source: $SOURCE_DESC"
  echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)), " \
       "$(awk '/^MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo); renderer $GSK_RENDERER"
} | tee "$RESULTS"

# Other programs on the CPUs make the numbers worse; say how busy the
# machine was just before each run (the load average would still count the
# previous run).
machine_busy_ticks () {
  awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit }' /proc/stat
}

check_quiet () {
  local busy0 total0 busy1 total1 percent
  read -r busy0 total0 < <(machine_busy_ticks)
  sleep 2
  read -r busy1 total1 < <(machine_busy_ticks)
  percent=$(( (busy1 - busy0) * 100 / (total1 - total0 > 0 ? total1 - total0 : 1) ))
  echo "CPU busy in the 2 s before this run: $percent % (of $(nproc) CPUs)" | tee -a "$RESULTS"
  if ((percent > 10)); then
    note "warning: the machine is $percent % busy with something else; numbers will be worse"
  fi
}

# Runs the benchmark under Xvfb and a private bus, with BENCH_ENV (env(1)
# arguments) added to the environment; output to $WORK/NAME.*.
BENCH_ENV=()
run_bench () {
  local name=$1 status=0
  shift
  check_quiet
  # In the background, so that Ctrl-C reaches the trap at once.
  env "${BENCH_ENV[@]}" setsid "$HEADLESS" "$BENCH" --timeout "$TIMEOUT" "$@" \
    >"$WORK/$name.md" 2>"$WORK/$name.err" &
  BENCH_PID=$!
  wait "$BENCH_PID" || status=$?
  BENCH_PID=
  if ((status != 0)); then
    cat "$WORK/$name.md" >>"$RESULTS"
    note "$name failed; see $WORK/$name.err"
    tail -n 5 "$WORK/$name.err" >&2
    return 1
  fi
  tee -a "$RESULTS" <"$WORK/$name.md"
}

# latency ------------------------------------------------------------------

# Random bytes, made once; named .mp4 since the app only takes videos.
make_big_files () {
  local i file size=$((SIZE_GIB << 30))
  for ((i = 1; i <= UPLOADS; i++)); do
    file=$BENCH_DIR/ui-random-${SIZE_GIB}g-$i.mp4
    if [[ ! -f $file || $(stat -c %s "$file") -ne $size ]]; then
      note "making $file ($SIZE_GIB GiB of random bytes)"
      head -c "$size" /dev/urandom >"$file.part"
      mv "$file.part" "$file"
    fi
    BIG_FILES+=("$file")
  done
}

# Every byte from the page cache, not the disk.
warm_cache () {
  local file cached
  for file in "${BIG_FILES[@]}"; do
    cat "$file" >/dev/null
    if command -v fincore >/dev/null; then
      cached=$(fincore --bytes --noheadings --output RES "$file" | tr -d ' ')
      ((cached * 100 >= $(stat -c %s "$file") * 99)) ||
        note "warning: only $cached bytes of $file are in the page cache"
    fi
  done
}

start_sim () {
  "$SIM" --no-store >"$WORK/sim.out" 2>"$WORK/sim.err" &
  SIM_PID=$!
  for _ in $(seq 100); do
    SIM_URI=$(sed -n 's/^VODUP_API_ENDPOINT=//p' "$WORK/sim.out")
    [[ -n $SIM_URI ]] && break
    kill -0 "$SIM_PID" 2>/dev/null || die "the simulator exited: $(cat "$WORK/sim.err")"
    sleep 0.1
  done
  [[ $SIM_URI == http://127.0.0.1:* ]] || die "unexpected simulator endpoint '$SIM_URI'"
}

sim_cpu () {
  local stat
  stat=$(<"/proc/$SIM_PID/stat")
  stat=${stat##*) }
  awk -v tck="$CLK_TCK" '{ printf "%.2f", ($12 + $13) / tck }' <<<"$stat"
}

run_latency () {
  local run mode cpu0 name
  local -a args
  BIG_FILES=()
  make_big_files
  start_sim
  for ((run = 1; run <= RUNS; run++)); do
    for mode in on-demand animate; do
      name=latency-$mode-$run
      args=(latency)
      [[ $mode == animate ]] && args+=(--animate)
      warm_cache
      curl -sS -f --noproxy '*' --max-time 10 -X POST "$SIM_URI/_sim/reset" -o /dev/null ||
        die "could not reset the simulator"
      printf '\n## %d × %d GiB upload, frames %s (run %d)\n\n' "$UPLOADS" "$SIZE_GIB" "$mode" "$run" |
        tee -a "$RESULTS"
      cpu0=$(sim_cpu)
      BENCH_ENV=(TENCENTCLOUD_SECRET_ID="$SECRET_ID" TENCENTCLOUD_SECRET_KEY="$SECRET_KEY"
                 VODUP_API_ENDPOINT="$SIM_URI" VODUP_COS_ENDPOINT="$SIM_URI")
      run_bench "$name" "${args[@]}" "${BIG_FILES[@]}" || FAILED=1
      printf '\nSimulator CPU during the run: %s s\n' \
        "$(awk -v a="$cpu0" -v b="$(sim_cpu)" 'BEGIN { printf "%.2f", b - a }')" | tee -a "$RESULTS"
    done
  done
  kill "$SIM_PID" 2>/dev/null || true
  wait "$SIM_PID" 2>/dev/null || true
  SIM_PID=
}

# add ----------------------------------------------------------------------

# N_FILES files of 1 KiB, clip-00000.mp4 …, made once.
make_small_files () {
  SMALL_DIR=$BENCH_DIR/ui-files-$N_FILES
  if [[ ! -d $SMALL_DIR || $(find "$SMALL_DIR" -maxdepth 1 -name '*.mp4' | wc -l) -ne $N_FILES ]]; then
    note "making $N_FILES files of 1 KiB in $SMALL_DIR"
    rm -rf "$SMALL_DIR"
    mkdir -p "$SMALL_DIR.part"
    head -c $((N_FILES * 1024)) /dev/urandom |
      (cd "$SMALL_DIR.part" && split -b 1024 -d -a "${#N_FILES}" --additional-suffix=.mp4 - clip-)
    mv "$SMALL_DIR.part" "$SMALL_DIR"
  fi
}

run_add () {
  local run
  make_small_files
  for ((run = 1; run <= RUNS; run++)); do
    printf '\n## Adding a folder of %d videos, scrolling, memory (run %d)\n\n' "$N_FILES" "$run" |
      tee -a "$RESULTS"
    # No key anywhere (run-headless.sh's keyring is new and empty): the
    # queue holds the files, nothing uploads.
    BENCH_ENV=(-u TENCENTCLOUD_SECRET_ID -u TENCENTCLOUD_SECRET_KEY)
    run_bench "add-$run" add "$SMALL_DIR" "$N_FILES" || FAILED=1
  done
}

FAILED=0
[[ $WHAT == add ]] || run_latency
[[ $WHAT == latency ]] || run_add
note "results: $RESULTS"
exit "$FAILED"
