#!/bin/sh
# Usage: tests/bench/soak/fault-soak.sh [BUILD-DIR] [RUNS]
#
# The long fault test: runs the fault matrix (tests/fault/) RUNS times
# (default 20), each with a random VODUP_FAULT_SEED, which draws the fault
# parameters (which request fails, drop and stall offsets, fail_rate,
# delays, when the credential expires, when the file grows, when
# vodup-cli is killed). Run it inside build-aux/run-headless.sh, or the
# SIGKILL case is skipped:
#   build-aux/run-headless.sh tests/bench/soak/fault-soak.sh _build 20
# A failing seed is printed; run that one again with
#   VODUP_FAULT_SEED=<seed> meson test -C BUILD-DIR fault-matrix --print-errorlogs
# Logs (with each run's table) go to BUILD-DIR/meson-logs/fault-soak/
# run-<N>-seed-<seed>.txt.
set -eu

build=${1:-_build}
runs=${2:-20}
logs="$build/meson-logs/fault-soak"
mkdir -p "$logs"

# Built once: every run tests the same binaries, even if the sources
# change while the soak goes on.
meson compile -C "$build" >/dev/null

failed=0
failed_seeds=
i=1
while [ "$i" -le "$runs" ]; do
  # 1 … 2^31-1 from the kernel's generator: shell $RANDOM is not POSIX.
  seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
  seed=$((seed % 2147483647 + 1))
  # meson writes the test's own output (TAP comments: the table) to
  # meson-logs/<logbase>.txt.
  base="fault-soak/run-$i-seed-$seed"
  log="$build/meson-logs/$base.txt"
  if VODUP_FAULT_SEED=$seed meson test -C "$build" --no-rebuild fault-matrix --logbase "$base" \
       >"$build/meson-logs/$base.out" 2>&1; then
    echo "run $i/$runs seed $seed: ok"
  else
    echo "run $i/$runs seed $seed: FAILED (log: $log)"
    failed=$((failed + 1))
    failed_seeds="$failed_seeds $seed"
  fi
  # The run's table, from its TAP comments.
  grep -E '^# .{18} \| ' "$log" | sed 's/^# /  /' || true
  i=$((i + 1))
done

echo "$((runs - failed)) of $runs runs passed"
if [ "$failed" -gt 0 ]; then
  echo "failing seeds:$failed_seeds"
  exit 1
fi
