#!/bin/sh
# The foundation's path through the whole system: index samples/, ask
# 'backdoor AND NCSC', get the NCSC oversight-report article first; and a
# missing or corrupt index is one line and exit status 2 from both programs.
. "$top_srcdir/tests/e2e/lib.sh"

DB="$T/db/nested"
expect_status 0 "$INDEX" --db "$DB" -q "$SAMPLES" && ok "index samples/ (exit 0)"
expect_status 0 "$SEARCH" --db "$DB" --color=never 'backdoor AND NCSC'
first=$(grep -m1 -E '^ +1\. ' "$T/out")
case "$first" in
  *NCSC*|*ackdoor*) ok "first hit: $first" ;;
  *) fail "first hit is not the NCSC backdoor article: $first" ;;
esac
grep -q 'hcsec-oversight-report-2019.txt' "$T/out" && ok "path shown" || fail "path of the NCSC article not shown"
expect_status 0 "$SEARCH" --db "$DB" -l 'backdoor AND NCSC'
expect_eq "$(head -1 "$T/out" | sed 's|.*/samples/||')" "text/hcsec-oversight-report-2019.txt" "ranked first with -l"

# Re-running on unchanged input changes nothing.
expect_status 0 "$INDEX" --db "$DB" "$SAMPLES"
grep -q ' 0 added, 0 replaced' "$T/err" && ok "re-run changes nothing" || fail "re-run: $(cat "$T/err")"

# Errors: one line, exit 2, from both programs.
expect_status 2 "$SEARCH" --db "$T/none" backdoor && ok "missing index: exit 2"
expect_eq "$(wc -l < "$T/err" | tr -d ' ')" 1 "missing index: one line"
mkdir -p "$T/notindex" && echo hi > "$T/notindex/x"
expect_status 2 "$SEARCH" --db "$T/notindex" backdoor && ok "not an index: exit 2"
expect_status 2 "$INDEX" --db "$T/notindex" "$SAMPLES" && ok "indexer refuses a non-index directory"
expect_eq "$(wc -l < "$T/err" | tr -d ' ')" 1 "indexer: one line"
cp -r "$DB" "$T/corrupt"
for f in "$T"/corrupt/s0/*.glass; do printf 'garbage' > "$f"; done
expect_status 2 "$SEARCH" --db "$T/corrupt" backdoor && ok "corrupt index: exit 2"
expect_eq "$(wc -l < "$T/err" | tr -d ' ')" 1 "corrupt index: one line"
expect_status 2 "$INDEX" --db "$T/corrupt" "$SAMPLES" && ok "indexer on a corrupt index: exit 2"
expect_status 2 "$SEARCH" --db "$DB" 'huawei AND (ncsc' && ok "bad query: exit 2"
expect_status 1 "$SEARCH" --db "$DB" 'zzqqxxnonexistent' && ok "nothing found: exit 1"
finish
