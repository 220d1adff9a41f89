# Sourced by the translation checks: a few TAP helpers for sh.
# ok/not_ok print one result each; finish prints the plan and exits non-zero
# after a failure (meson reads the TAP, the status is for people running it).

tap_count=0
tap_failed=0

ok () {
  tap_count=$((tap_count + 1))
  echo "ok $tap_count - $1"
}

not_ok () {
  tap_count=$((tap_count + 1))
  tap_failed=1
  echo "not ok $tap_count - $1"
}

# Known gaps that should not fail the build: TAP "not ok … # TODO".
todo () {
  tap_count=$((tap_count + 1))
  echo "not ok $tap_count - $1 # TODO $2"
}

check () {
  description=$1
  shift
  if "$@"; then ok "$description"; else not_ok "$description"; fi
}

# A tool's output as TAP comments, on stderr: `meson test --print-errorlogs`
# shows stderr.
diag () {
  sed "s/^/# /" >&2
}

finish () {
  echo "1..$tap_count"
  exit $tap_failed
}
