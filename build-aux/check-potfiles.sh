#!/bin/sh
# Every source file with translatable strings must be listed in po/POTFILES.in,
# and every listed file must exist (so no UI text escapes translation).
# Looks at the files on disk, not at git's index, so that a new file is caught
# before it is committed and the check also works in a release tarball.
set -eu
cd "$(dirname "$0")/.."

potfiles=po/POTFILES.in
# The glib preset's keywords (xgettext's own C keywords include ngettext);
# GNU style puts a space before the parenthesis.
c_pattern='(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|g_dgettext|g_dcgettext|g_dngettext|g_dpgettext|g_dpgettext2|gettext|ngettext|dgettext|dngettext|pgettext)[[:space:]]*\('
ui_pattern='translatable="(yes|true|1)"'
schema_pattern='<(summary|description)'

listed () {
  grep -v '^#' "$potfiles" | grep -qx "$1"
}

status=0
for f in $(find src data -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' -o -name '*.xml' \
                                   -o -name '*.desktop.in' -o -name '*.metainfo.xml.in' \) | LC_ALL=C sort); do
  case "$f" in
    *.c|*.h) pattern=$c_pattern ;;
    *.ui) pattern=$ui_pattern ;;
    *.gschema.xml) pattern=$schema_pattern ;;
    # Name=, Comment=, <name>, <summary>, <p>…: always translatable.
    *.desktop.in|*.metainfo.xml.in) pattern='.' ;;
    *) continue ;;
  esac
  if grep -qE "$pattern" "$f" && ! listed "$f"; then
    echo "missing from $potfiles: $f"
    status=1
  fi
done

for f in $(grep -v '^#' "$potfiles" | grep .); do
  [ -f "$f" ] || { echo "listed in $potfiles but missing: $f"; status=1; }
done

dups=$(grep -v '^#' "$potfiles" | grep . | LC_ALL=C sort | uniq -d)
[ -z "$dups" ] || { echo "listed twice in $potfiles: $dups"; status=1; }
grep -v '^#' "$potfiles" | grep . | LC_ALL=C sort -c 2>/dev/null ||
  { echo "$potfiles is not sorted (LC_ALL=C sort)"; status=1; }

exit $status
