#!/bin/sh
# Every source file with translatable strings must be listed in po/POTFILES.in,
# and every listed file must exist (so no UI text escapes translation).
set -eu
cd "$(dirname "$0")/.."

status=0
for f in $(git ls-files 'src/*.c' 'src/*.ui' 'src/*/*.c' 'data/*.in' 'data/*.xml' 2>/dev/null); do
  if grep -qE '(^|[^A-Za-z_])(_|N_|C_|NC_|g_dngettext|ngettext)\(|translatable="yes"|<summary>' "$f"; then
    grep -qx "$f" po/POTFILES.in || { echo "missing from po/POTFILES.in: $f"; status=1; }
  fi
done
for f in $(grep -v '^#' po/POTFILES.in | grep .); do
  [ -f "$f" ] || { echo "listed in po/POTFILES.in but missing: $f"; status=1; }
done
exit $status
