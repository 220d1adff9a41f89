#!/usr/bin/env bash
# upload-bench.sh: throughput and memory of `vodup-cli upload` against `curl -T`,
# both sending the same random file to the loopback simulator (--no-store).
#
# Copyright 2026 The Vodup Authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/upload-bench.sh [SIZE_GIB]      (default 1)
# See tests/bench/README.md for the environment variables and what is measured.

set -euo pipefail

SIZE_GIB=${1:-1}
SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$SRCDIR/_build}
BENCH_DIR=${BENCH_DIR:-/var/tmp/vodup-bench}
RUNS=${RUNS:-3}
PARTS_IN_FLIGHT=${PARTS_IN_FLIGHT:-"4 8"}
PART_SIZE=${PART_SIZE:-}
CLIENTS=${CLIENTS:-"curl vodup"}
# Bounded runs: a client gets this long per GiB (plus a minute) before it is killed.
SECONDS_PER_GIB=${SECONDS_PER_GIB:-60}

[[ -d $BUILD_DIR ]] || { echo "upload-bench: no build directory $BUILD_DIR (set BUILD_DIR)" >&2; exit 1; }
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
SIM=$BUILD_DIR/tests/sim/vodup-sim
CLI=$BUILD_DIR/src/cli/vodup-cli
SECRET_ID=AKIDvodupSimulatorSecretId00000001
SECRET_KEY=vodupSimulatorSecretKey000000001
CLK_TCK=$(getconf CLK_TCK)
# Loopback only: no proxy may see these requests.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
unset http_proxy HTTP_PROXY https_proxy HTTPS_PROXY all_proxy ALL_PROXY

die () { echo "upload-bench: $*" >&2; exit 1; }
note () { echo "upload-bench: $*" >&2; }

[[ $SIZE_GIB =~ ^[1-9][0-9]*$ ]] || die "SIZE_GIB must be a positive integer, not '$SIZE_GIB'"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed: apt-get install time"
command -v curl >/dev/null || die "curl is needed"
[[ -x $SIM ]] || die "$SIM not built (meson compile -C $BUILD_DIR)"
[[ " $CLIENTS " != *" vodup "* || -x $CLI ]] || die "$CLI not built (meson compile -C $BUILD_DIR)"

SIZE_BYTES=$((SIZE_GIB << 30))
TIMEOUT=$((60 + SECONDS_PER_GIB * SIZE_GIB))
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
WORK=$BENCH_DIR/run-$STAMP-${SIZE_GIB}g
mkdir -p "$BENCH_DIR" "$WORK"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
WORK=$BENCH_DIR/run-$STAMP-${SIZE_GIB}g
cd "$WORK"

buildtype=$(meson introspect "$BUILD_DIR" --buildoptions 2>/dev/null |
            grep -o '"name": "buildtype", "value": "[a-z]*"' | grep -o '[a-z]*"$' | tr -d '"' || true)
if [[ $buildtype != release ]]; then
  note "warning: $BUILD_DIR is buildtype '${buildtype:-unknown}'; benchmarks are meant for release builds"
fi

# The test file: made once, reused. Not in a RAM-backed /tmp (it would count
# against memory and could not be dropped from the cache anyway).
FILE=$BENCH_DIR/random-${SIZE_GIB}g.mp4
fstype=$(df --output=fstype "$BENCH_DIR" | tail -n 1 | tr -d ' ')
[[ $fstype != tmpfs && $fstype != ramfs ]] || note "warning: $BENCH_DIR is on $fstype (RAM-backed)"
if [[ ! -f $FILE || $(stat -c %s "$FILE") -ne $SIZE_BYTES ]]; then
  avail=$(df --output=avail -B1 "$BENCH_DIR" | tail -n 1 | tr -d ' ')
  ((avail > SIZE_BYTES + (1 << 30))) || die "not enough space in $BENCH_DIR for $SIZE_GIB GiB"
  note "making $FILE ($SIZE_GIB GiB of random bytes)"
  head -c "$SIZE_BYTES" /dev/urandom >"$FILE.part"
  mv "$FILE.part" "$FILE"
fi

# Read it once so every run reads from the page cache, not the disk.
warm_cache () {
  cat "$FILE" >/dev/null
  if command -v fincore >/dev/null; then
    local cached
    cached=$(fincore --bytes --noheadings --output RES "$FILE" | tr -d ' ')
    ((cached * 100 >= SIZE_BYTES * 98)) ||
      note "warning: only $cached of $SIZE_BYTES bytes of $FILE are in the page cache"
  fi
}
warm_cache

# The simulator, for the whole benchmark; reset between runs.
SIM_PID=
SIM_URI=
CLIENT_PID=
# shellcheck disable=SC2317  # called from the traps
cleanup () {
  if [[ -n $CLIENT_PID ]]; then
    kill "$CLIENT_PID" 2>/dev/null || true
    wait "$CLIENT_PID" 2>/dev/null || true
  fi
  if [[ -n $SIM_PID ]]; then
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$SIM" --no-store >"$WORK/sim.out" 2>"$WORK/sim.err" &
SIM_PID=$!
for _ in $(seq 100); do
  SIM_URI=$(sed -n 's/^VODUP_API_ENDPOINT=//p' "$WORK/sim.out")
  [[ -n $SIM_URI ]] && break
  kill -0 "$SIM_PID" 2>/dev/null || die "the simulator exited: $(cat "$WORK/sim.err")"
  sleep 0.1
done
[[ -n $SIM_URI ]] || die "the simulator printed no endpoint"
[[ $SIM_URI == http://127.0.0.1:* ]] || die "unexpected simulator endpoint $SIM_URI"
COS_URI=$(sed -n 's/^VODUP_COS_ENDPOINT=//p' "$WORK/sim.out")
[[ $COS_URI == http://127.0.0.1:* ]] || die "unexpected simulator COS endpoint '$COS_URI'"

# CPU seconds the simulator process has used so far (all threads).
sim_cpu () {
  local stat
  stat=$(<"/proc/$SIM_PID/stat")
  stat=${stat##*) }
  awk -v tck="$CLK_TCK" '{ printf "%.2f", ($12 + $13) / tck }' <<<"$stat"
}

# CPU seconds the whole machine has been busy (all CPUs, steal included).
machine_busy () {
  awk -v tck="$CLK_TCK" '$1 == "cpu" { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / tck; exit }' /proc/stat
}

sim_reset () {
  curl -sS -f --noproxy '*' --max-time 10 -X POST "$SIM_URI/_sim/reset" -o /dev/null ||
    die "could not reset the simulator"
}

sim_save_state () {
  curl -sS -f --noproxy '*' --max-time 30 "$SIM_URI/_sim/state" -o "$1"
}

# "h:mm:ss" or "m:ss.ss" → seconds
elapsed_seconds () {
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"
}

# Prints "wall user sys maxrss_kib fs_inputs" from a /usr/bin/time -v report
# (fs_inputs: 512-byte blocks the process read from disk, not from the cache).
parse_time () {
  local wall
  wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time ([^)]*): //p' "$1")
  printf '%s %s %s %s %s\n' "$(elapsed_seconds "$wall")" \
    "$(sed -n 's/^[[:space:]]*User time (seconds): //p' "$1")" \
    "$(sed -n 's/^[[:space:]]*System time (seconds): //p' "$1")" \
    "$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1")" \
    "$(sed -n 's/^[[:space:]]*File system inputs: //p' "$1")"
}

# One client run under /usr/bin/time -v, checked; appends a row to runs.tsv.
RESULTS=$WORK/runs.tsv
printf 'config\trun\twall_s\tuser_s\tsys_s\tmaxrss_kib\tsim_cpu_s\tother_cpu_s\tdisk_read_mib\tcrc64\tsim_max_bodies\n' \
  >"$RESULTS"

run_client () {
  local config=$1 run=$2
  shift 2
  local base=$WORK/$config-$run
  local cpu0 cpu1 busy0 busy1 status crc bytes attempt
  local wall user sys rss fs_in sim other disk bodies

  for attempt in 1 2 3; do
    sim_reset
    busy0=$(machine_busy)
    cpu0=$(sim_cpu)
    status=0
    # In the background so that Ctrl-C reaches the trap (and the client)
    # without waiting for the client to end.
    timeout -k 10 "$TIMEOUT" /usr/bin/time -v -o "$base.time" "$@" >"$base.out" 2>"$base.err" &
    CLIENT_PID=$!
    wait "$CLIENT_PID" || status=$?
    CLIENT_PID=
    cpu1=$(sim_cpu)
    busy1=$(machine_busy)
    # 130 is a SIGINT, which this script never sends: something else on a
    # shared machine interrupted the client. That run says nothing; repeat it.
    ((status == 130 && attempt < 3)) || break
    note "$config run $run was interrupted from outside (exit 130); repeating it"
  done
  if ((status != 0)); then
    note "$config run $run failed (exit $status); see $base.err"
    tail -n 5 "$base.err" >&2 || true
    return 1
  fi

  case $config in
    curl) crc=$(tr -d '\r' <"$base.out" | sed -n 's/^x-cos-hash-crc64ecma: *//Ip' | tail -n 1) ;;
    *)    crc=$(grep -o '"crc64" *: *"[0-9]*"' "$base.out" | tail -n 1 | grep -o '[0-9]*"$' | tr -d '"') ;;
  esac
  sim_save_state "$base.state.json" || die "could not read the simulator's state"
  bytes=$(grep -o '"body_bytes" *: *[0-9]*' "$base.state.json" | grep -o '[0-9]*$')
  if [[ -z $bytes || $bytes -lt $SIZE_BYTES ]]; then
    note "$config run $run: the simulator received ${bytes:-?} body bytes, expected $SIZE_BYTES"
    return 1
  fi
  if [[ $config != curl ]] && ! grep -q '"file_id" *: *"[^"]' "$base.out"; then
    note "$config run $run: no file_id in the output; see $base.out"
    return 1
  fi

  read -r wall user sys rss fs_in < <(parse_time "$base.time")
  sim=$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')
  # Everything else the machine did meanwhile: other programs, mostly.
  other=$(awk -v a="$busy0" -v b="$busy1" -v u="$user" -v s="$sys" -v m="$sim" \
          'BEGIN { o = b - a - u - s - m; printf "%.2f", (o > 0) ? o : 0 }')
  disk=$(awk -v b="${fs_in:-0}" 'BEGIN { printf "%.1f", b * 512 / 1048576 }')
  if awk -v d="$disk" -v size="$SIZE_BYTES" 'BEGIN { exit !(d * 1048576 > size / 100) }'; then
    note "warning: $config run $run read $disk MiB from the disk, not the page cache"
  fi
  # How many bodies the simulator was receiving at once, at most.
  bodies=$(grep -o '"max_concurrent_uploads" *: *[0-9]*' "$base.state.json" | grep -o '[0-9]*$' || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$config" "$run" "$wall" "$user" "$sys" "$rss" \
    "$sim" "$other" "$disk" "${crc:--}" "${bodies:--}" >>"$RESULTS"
  note "$(printf '%-9s run %d: %6.2f s wall, %6.2f s CPU, %6d KiB max RSS; simulator %5.2f s CPU, rest of the machine %5.2f s CPU' \
    "$config" "$run" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$rss" \
    "$sim" "$other")"
}

CLI_ENV=(
  env -u TENCENTCLOUD_SESSION_TOKEN
  "TENCENTCLOUD_SECRET_ID=$SECRET_ID"
  "TENCENTCLOUD_SECRET_KEY=$SECRET_KEY"
  "VODUP_API_ENDPOINT=$SIM_URI"
  "VODUP_COS_ENDPOINT=$COS_URI"
  # The upload journal and settings stay in the benchmark's directory.
  "XDG_CONFIG_HOME=$WORK/xdg/config"
  "XDG_DATA_HOME=$WORK/xdg/data"
  "XDG_STATE_HOME=$WORK/xdg/state"
  "XDG_CACHE_HOME=$WORK/xdg/cache"
)

configs=()
for client in $CLIENTS; do
  case $client in
    curl)  configs+=(curl) ;;
    vodup) for n in $PARTS_IN_FLIGHT; do configs+=("vodup-p$n"); done ;;
    *)     die "unknown client '$client' in CLIENTS" ;;
  esac
done

run_config () {
  local config=$1 run=$2
  local extra=()

  warm_cache
  case $config in
    curl)
      # One PUT through the simulator's body path (hashed like a COS PUT,
      # no signature). "Expect:" off: libsoup does not wait for 100 either.
      run_client curl "$run" curl -sS -f --noproxy '*' -D - -o /dev/null -H 'Expect:' \
        -T "$FILE" "$SIM_URI/_sim/blackhole/random-${SIZE_GIB}g.mp4"
      ;;
    vodup-p*)
      [[ -z $PART_SIZE ]] || extra=(--part-size "$PART_SIZE")
      run_client "$config" "$run" "${CLI_ENV[@]}" "$CLI" upload --json --restart \
        --parts-in-flight "${config#vodup-p}" "${extra[@]}" "$FILE"
      ;;
  esac
}

failed=0
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# The load average lags by minutes; what the CPUs do right now tells more.
busy0=$(machine_busy)
sleep 2
busy1=$(machine_busy)
if awk -v a="$busy0" -v b="$busy1" 'BEGIN { exit !((b - a) / 2 > 0.2) }'; then
  note "warning: something else keeps $(awk -v a="$busy0" -v b="$busy1" 'BEGIN { printf "%.0f", (b - a) * 50 }') % of a CPU busy; see the 'rest of machine' column"
fi
# Round-robin, so that a disturbance from outside hits every configuration.
for run in $(seq "$RUNS"); do
  for config in "${configs[@]}"; do
    run_config "$config" "$run" || failed=1
  done
done

# The table: medians over the runs of each configuration.
median () {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit; m = int((NR + 1) / 2);
                   printf "%.2f", (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'
}

column_of () {
  awk -F'\t' -v c="$1" -v col="$2" 'NR > 1 && $1 == c { print $col }' "$RESULTS"
}

curl_wall=$(column_of curl 3 | median || true)
TABLE=$WORK/table.md
{
  echo "$SIZE_GIB GiB, $RUNS run(s) each, medians; $(nproc) CPUs shared by client and simulator;" \
    "load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after"
  echo
  echo "| client | wall s | MiB/s | CPU s (user+sys) | max RSS MiB | simulator CPU s | rest of machine CPU s | vs curl |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for c in "${configs[@]}"; do
    wall=$(column_of "$c" 3 | median || true)
    [[ -n $wall ]] || { echo "| $c | failed | | | | | | |"; continue; }
    cpu=$(awk -F'\t' -v c="$c" 'NR > 1 && $1 == c { print $4 + $5 }' "$RESULTS" | median)
    rss=$(column_of "$c" 6 | median)
    scpu=$(column_of "$c" 7 | median)
    ocpu=$(column_of "$c" 8 | median)
    awk -v c="$c" -v w="$wall" -v cpu="$cpu" -v rss="$rss" -v s="$scpu" -v o="$ocpu" \
        -v size="$SIZE_BYTES" -v cw="${curl_wall:-0}" 'BEGIN {
          ratio = (cw > 0 && w > 0) ? sprintf ("%.2f×", cw / w) : "–";
          printf "| %s | %.2f | %.0f | %.2f | %.1f | %.2f | %.2f | %s |\n",
                 c, w, size / 1048576 / w, cpu, rss / 1024, s, o, ratio }'
  done
  crcs=$(awk -F'\t' 'NR > 1 && $10 != "-" { print $10 }' "$RESULTS" | sort -u)
  if [[ -n $crcs ]]; then
    echo
    if (($(wc -l <<<"$crcs") == 1)); then
      echo "CRC-64 of every upload as the simulator computed it: $crcs"
    else
      echo "WARNING: the uploads reported different CRC-64 values: $(tr '\n' ' ' <<<"$crcs")"
    fi
  fi
} >"$TABLE"

echo
cat "$TABLE"
echo
echo "Raw runs: $RESULTS"

if [[ -n ${crcs:-} ]] && (($(wc -l <<<"$crcs") != 1)); then
  failed=1
fi
exit "$failed"
