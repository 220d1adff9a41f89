#!/bin/sh
# Usage: run-headless.sh CMD [ARGS...]
#
# Runs CMD inside a private D-Bus session bus with an unlocked gnome-keyring
# (Secret Service) and an Xvfb X server (DISPLAY set by xvfb-run), e.g.
#   build-aux/run-headless.sh meson test -C _build --print-errorlogs
#
# Each run gets a fresh temporary HOME with the XDG directories inside it, so
# the keyring, dconf, at-spi and Mesa's caches never touch the caller's
# (a keyring left by an earlier run with another password would be locked).
# It is removed afterwards. To keep it, e.g. for a look at the files, set
# VODUP_TEST_HOME to an existing directory: it is used instead and kept.
# VODUP_HEADLESS=1 tells tests they are inside this wrapper, so the keyring
# they see is a throwaway one they may write to.
# KEYRING_PASSWORD sets the keyring's password; it must not be empty, or
# gnome-keyring never creates the login collection.
set -eu

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

scratch=
if [ -n "${VODUP_TEST_HOME:-}" ]; then
  root=$VODUP_TEST_HOME
else
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/vodup-headless.XXXXXX")
  root=$scratch
  trap 'rm -rf "$scratch"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
fi

export HOME="$root"
export XDG_CONFIG_HOME="$root/.config"
export XDG_DATA_HOME="$root/.local/share"
export XDG_STATE_HOME="$root/.local/state"
export XDG_CACHE_HOME="$root/.cache"
export XDG_RUNTIME_DIR="$root/runtime"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

# Tests that write to the keyring check this before touching it.
export VODUP_HEADLESS=1

# Mesa caches shaders in the passwd home, not $HOME (ci-notes.md §9).
export MESA_SHADER_CACHE_DISABLE=true

# Not exec: the trap above removes the scratch HOME once CMD is done.
rc=0
dbus-run-session -- sh -eu -c '
  printf %s "${KEYRING_PASSWORD:-ci-keyring}" |
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
' run-headless "$@" || rc=$?
exit "$rc"
