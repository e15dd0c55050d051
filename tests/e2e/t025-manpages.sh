#!/bin/sh
# The man pages list every option that --help lists, and no other, for
# both programs: the two are written by hand and must not drift apart.
. "$top_srcdir/tests/e2e/lib.sh"

# The option names of --help's "Options:" lines (the column before the
# description, which may name other options).
help_options() {
  "$1" --help | sed -n '/^Options:/,/^$/p' | grep -E '^ +-' |
    sed -E 's/^ +//; s/ {2,}.*//' | grep -oE -- '--?[A-Za-z][A-Za-z-]*' | sort -u
}

# The option names of the tags (the line after each .TP) under OPTIONS.
man_options() {
  sed -n '/^\.SH OPTIONS/,/^\.SH [^O]/p' "$1" | awk 'prev == ".TP" { print } { prev = $0 }' |
    sed 's/\\-/-/g; s/\\f[BIRP]//g' | grep -oE -- '(^|[ ,;])--?[A-Za-z][A-Za-z-]*' |
    tr -d ' ,;' | sort -u
}

for prog in dossier-index dossier-search; do
  help_options "$top_builddir/$prog" > "$T/help"
  man_options "$top_srcdir/man/$prog.1" > "$T/man"
  [ "$(wc -l < "$T/help")" -ge 10 ] || fail "$prog --help: too few options found"
  if cmp -s "$T/help" "$T/man"; then
    ok "$prog: man page and --help list the same options"
  else
    fail "$prog: man page and --help differ ('<' only in --help, '>' only in the man page):
$(diff "$T/help" "$T/man" | grep '^[<>]')"
  fi
done
finish
