#!/bin/sh
# The README's examples stay true: the quick start's index-and-search step
# and every "$ dossier-search ..." line run against the build tree over an
# index of samples/, each must exit 0 with output.
. "$top_srcdir/tests/e2e/lib.sh"

README="$top_srcdir/README"
DB="$T/db"
# Quick start: the part after "make && ", with the programs and the index
# path mapped to the build tree and a temporary directory.
qs=$(grep -m1 'sudo apt-get update' "$README" | sed 's/.*make && //')
[ -n "$qs" ] || fail "no quick-start line in README"
qs=$(printf '%s' "$qs" | sed "s|\./dossier-index|'$INDEX'|; s|\./dossier-search|'$SEARCH'|; s|/tmp/dossier-samples|'$DB'|g; s| samples | '$SAMPLES' |")
# No DOSSIER_DATADIR: the quick start runs before make install.
( cd "$top_srcdir" && unset DOSSIER_DATADIR && eval "$qs" ) > "$T/qs.out" 2> "$T/qs.err" && ok "quick start runs" \
  || { fail "quick start: $qs"; cat "$T/qs.err" >&2; }
grep -q 'ackdoor' "$T/qs.out" || fail "quick start shows no backdoor article"

n=0
grep '^    \$ dossier-search ' "$README" | sed 's/^    \$ dossier-search //' > "$T/examples"
while IFS= read -r args; do
  n=$((n + 1))
  if eval "'$SEARCH' --db '$DB' $args" > "$T/ex.out" 2> "$T/ex.err" && [ -s "$T/ex.out" ]; then
    ok "README example: dossier-search $args"
  else
    fail "README example failed: dossier-search $args"; head -3 "$T/ex.err" >&2
  fi
done < "$T/examples"
[ "$n" -ge 8 ] || fail "expected at least 8 README examples, found $n"
finish
