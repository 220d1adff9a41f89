#!/bin/sh
# Usage: check-runtime.sh VODUP_CLI LOCALEDIR
# vodup-cli in Chinese, with the catalogues under LOCALEDIR (the build
# tree's po/, where meson puts zh_CN/LC_MESSAGES/vodup.mo): its own strings,
# and an error made in the engine, come out translated end to end.
set -u
. "$(dirname "$0")/tap.sh"

cli=$1
localedir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# LANGUAGE is ignored in the "C" locale; C.UTF-8 is always there on glibc.
# The key and the endpoints only have to exist: the file is checked first,
# and port 9 on loopback would refuse anything that got further.
run_cli () {
  language=$1
  shift
  env LC_ALL=C.UTF-8 LANGUAGE="$language" VODUP_LOCALEDIR="$localedir" \
      XDG_DATA_HOME="$tmp" XDG_CONFIG_HOME="$tmp" XDG_CACHE_HOME="$tmp" XDG_STATE_HOME="$tmp" \
      TENCENTCLOUD_SECRET_ID=test-id TENCENTCLOUD_SECRET_KEY=test-key \
      VODUP_API_ENDPOINT=http://127.0.0.1:9 VODUP_COS_ENDPOINT=http://127.0.0.1:9 \
      "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
}

has_han () {
  LC_ALL=C.UTF-8 grep -qP '\p{Han}' "$1"
}

show () {
  echo "$1:" | diag
  diag <"$tmp/$1"
}

check "the catalogue is built at $localedir/zh_CN/LC_MESSAGES/vodup.mo" \
  test -f "$localedir/zh_CN/LC_MESSAGES/vodup.mo"

# In English first, so that the Chinese below can only come from vodup.mo.
run_cli en upload /nonexistent.mp4
if [ $? -ne 0 ] && grep -q 'nonexistent.mp4.*does not exist' "$tmp/err" && ! has_han "$tmp/err"; then
  ok "in English, uploading a missing file fails with an English message"
else
  show err
  not_ok "in English, uploading a missing file fails with an English message"
fi

run_cli zh_CN upload /nonexistent.mp4
if [ $? -ne 0 ] && grep -q '/nonexistent.mp4' "$tmp/err" && has_han "$tmp/err" &&
   ! grep -q 'does not exist' "$tmp/err"; then
  ok "in Chinese, the engine's error for a missing file is Chinese"
else
  show err
  not_ok "in Chinese, the engine's error for a missing file is Chinese"
fi

run_cli zh_CN --help
if [ $? -eq 0 ] && has_han "$tmp/out" && ! grep -q 'Usage:' "$tmp/out"; then
  ok "in Chinese, vodup-cli --help is Chinese"
else
  show out
  not_ok "in Chinese, vodup-cli --help is Chinese"
fi

finish
