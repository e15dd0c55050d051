#!/bin/sh
# The indexer on five real scraped pages (../shared/seeds; skipped when
# absent): boilerplate and reader comments are gone from the index, every
# form of "backdoor" is found where the articles use it, and
# "backdoor AND NCSC" finds exactly the one article about the NCSC.
. "$top_srcdir/tests/e2e/lib.sh"
seeds="$DOSSIER_SHARED/seeds"
[ -d "$seeds" ] || { echo "no ../shared/seeds: skipped"; exit 77; }

expect_status 0 "$INDEX" --db "$T/db" -q "$seeds" && ok "seeds indexed"
keys() { "$SEARCH" --db "$T/db" -l -n 100 "$@" 2>/dev/null | sed 's|.*/||; s|_.*||' | sort | tr '\n' ' '; }
expect_eq "$(keys backdoor)" "000 001 003 004 " "backdoor"
expect_eq "$(keys 'backdoor AND NCSC')" "004 " "backdoor AND NCSC"
for probe in crab beachfront myNEWS '"Connect with us"' '"Join the Conversation"' \
             '"China AI Report"'; do
  expect_eq "$(keys "$probe")" "" "boilerplate gone: $probe"
done
expect_eq "$(keys 'org:ANSSI')" "$(keys ANSSI)" "org:ANSSI = ANSSI"
finish
