#!/bin/sh
# Usage: check-pot.sh SOURCE_ROOT [COMPLETE_LANGUAGE…]
# Extracts the template from po/POTFILES.in as `meson compile vodup-pot`
# does, into a temporary file, and checks that xgettext takes every string
# whole and that the languages named translate every msgid it finds: a string
# added to the code or the .ui files without a translation fails here.
set -u
. "$(dirname "$0")/tap.sh"

cd "$1"
shift
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pot=$tmp/vodup.pot

# meson's i18n.gettext (preset: 'glib') passes these to xgettext.
if xgettext --package-name=vodup -f po/POTFILES.in -D . -k_ -o "$pot" \
     --from-code=UTF-8 --add-comments \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
     --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
     --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
     --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
     --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
     --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
     --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
     2>"$tmp/xgettext.log"; then
  ok "xgettext extracts the strings of po/POTFILES.in ($(grep -c '^msgid ' "$pot") msgids)"
else
  diag <"$tmp/xgettext.log"
  not_ok "xgettext extracts the strings of po/POTFILES.in"
  finish
fi

# A warning means a string that cannot be looked up as written: most often a
# macro such as G_GUINT64_FORMAT inside _() (use PRIu64 from <inttypes.h>,
# which gettext understands, or format the number into a %s first).
if [ -s "$tmp/xgettext.log" ]; then
  diag <"$tmp/xgettext.log"
  not_ok "xgettext takes every translatable string whole (no warnings)"
else
  ok "xgettext takes every translatable string whole (no warnings)"
fi

for lang in "$@"; do
  if msgcmp "po/$lang.po" "$pot" >/dev/null 2>&1; then
    ok "po/$lang.po translates every msgid of the sources"
  else
    # msgcmp names lines of the temporary template: show the messages instead.
    echo "messages of the sources without a translation in po/$lang.po:" | diag
    for selection in --untranslated --only-fuzzy; do
      msgmerge -q --no-fuzzy-matching --no-wrap -o - "po/$lang.po" "$pot" |
        msgattrib --no-obsolete --no-wrap $selection |
        awk 'BEGIN { RS = "" } NR > 1 { print; print "" }' | diag
    done
    echo "update it with: meson compile -C BUILDDIR vodup-update-po, then translate" | diag
    not_ok "po/$lang.po translates every msgid of the sources"
  fi

  # Leftovers of removed strings do no harm; they only need a msgmerge.
  if output=$(msgcmp --use-untranslated "$pot" "po/$lang.po" 2>&1); then
    ok "po/$lang.po has no messages the sources no longer use"
  else
    echo "$output" | diag
    todo "po/$lang.po has no messages the sources no longer use" "run vodup-update-po"
  fi
done

finish
