#!/bin/sh
# Usage: check-po.sh PO_DIR [COMPLETE_LANGUAGE…]
# Every translation in PO_DIR compiles with msgfmt's checks (format
# specifiers, headers, plural forms, mnemonics) and is listed in LINGUAS; the
# languages named are complete: nothing untranslated or fuzzy.
set -u
. "$(dirname "$0")/tap.sh"

po_dir=$1
shift
complete=" $* "
# The tools' own messages in English; UTF-8 so that grep -P knows Han.
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

linguas=$(sed 's/#.*//' "$po_dir/LINGUAS")

# Prints the msgstrs one per line (header first), newlines folded.
msgstrs () {
  msgexec -i "$1" sh -c 'tr "\n" " "; echo'
}

# The value of a header field, e.g. "zh_CN" for Language.
header_field () {
  sed -n "s/^\"$2: \\(.*\\)\\\\n\"\$/\\1/p" "$1" | head -n 1
}

# How many messages msgattrib selects (its output has a header when not
# empty), or "error".
count_messages () {
  if ! selected=$(msgattrib --no-obsolete "$@" 2>&1); then
    echo "$selected" | diag
    echo error
    return
  fi
  n=$(echo "$selected" | grep -c '^msgid ')
  echo $((n > 0 ? n - 1 : 0))
}

match () {
  echo "$1" | grep -q -- "$2"
}

# Sentences in Chinese use full-width punctuation and the ellipsis "…";
# "(_A)" mnemonics stay ASCII as in GNOME's Chinese translations.
check_chinese_punctuation () {
  strings=$(msgstrs "$1" 2>&1) || { echo "$strings" | diag; return 1; }
  bad=$(echo "$strings" | sed 1d | grep -nP '\p{Han}[,:?!.]|\.\.\.|\p{Han}\((?!_\w\))|"')
  [ -z "$bad" ] && return 0
  echo "$bad" | diag
  return 1
}

for po in "$po_dir"/*.po; do
  lang=$(basename "$po" .po)
  if echo "$linguas" | grep -qw -- "$lang"; then
    ok "$lang.po is listed in LINGUAS"
  else
    not_ok "$lang.po is listed in LINGUAS"
  fi
done

for lang in $linguas; do
  po=$po_dir/$lang.po
  if [ ! -f "$po" ]; then
    not_ok "$lang.po exists"
    continue
  fi

  if output=$(msgfmt --check --check-accelerators=_ --statistics -o /dev/null "$po" 2>&1); then
    ok "$lang.po passes msgfmt --check ($output)"
  else
    echo "$output" | diag
    not_ok "$lang.po passes msgfmt --check"
  fi

  check "$lang.po says Language: $lang" \
    test "$(header_field "$po" Language)" = "$lang"
  check "$lang.po is UTF-8" \
    test "$(header_field "$po" Content-Type)" = "text/plain; charset=UTF-8"
  check "$lang.po has a Project-Id-Version" \
    match "$(header_field "$po" Project-Id-Version)" '^vodup [0-9]'

  case "$complete" in
    *" $lang "*)
      untranslated=$(count_messages --untranslated "$po")
      fuzzy=$(count_messages --only-fuzzy "$po")
      check "$lang.po has no untranslated messages ($untranslated)" test "$untranslated" = 0
      check "$lang.po has no fuzzy messages ($fuzzy)" test "$fuzzy" = 0
      ;;
  esac

  case "$lang" in
    zh*)
      check "$lang.po has one plural form" \
        test "$(header_field "$po" Plural-Forms)" = "nplurals=1; plural=0;"
      check "$lang.po uses Chinese punctuation" check_chinese_punctuation "$po"
      ;;
  esac
done

finish
