#!/bin/sh
# For people: a progress line on a terminal (files, documents, MB/s, ETA),
# redrawn in place, even inside one big file; nothing of it in a pipe or
# with -q; the summary at the end either way.
. "$top_srcdir/tests/e2e/lib.sh"
command -v script > /dev/null || { echo "no script(1): skipped"; exit 77; }

i=1
while [ $i -le 4000 ]; do
  printf '{"id":"p%d","title":"Progress %d","text":"Article %d on the long road of the common word, with a few more words to index."}\n' $i $i $i
  i=$((i + 1))
done > "$T/big.jsonl"

# A pseudo-terminal: script(1) runs the indexer with stdin/out/err on one.
script -qec "'$INDEX' --db '$T/db1' --batch 500 '$T/big.jsonl'" /dev/null > "$T/tty" 2>&1
tr '\r' '\n' < "$T/tty" | grep -E '^.*1/1 files +[0-9]+ docs +[0-9.]+ MB/s' > "$T/lines"
n=$(wc -l < "$T/lines" | tr -d ' ')
[ "$n" -ge 1 ] && ok "progress line on a terminal ($n redraws)" || fail "no progress line on a terminal"
grep -q 'ETA [0-9]*:[0-9][0-9]' "$T/lines" && ok "progress shows the ETA of a known total" ||
  fail "no ETA in the progress line"
grep -q 'documents: 4000 added' "$T/tty" && ok "summary after the progress line" || fail "summary on a terminal"

# A pipe: the summary only.
"$INDEX" --db "$T/db2" "$T/big.jsonl" > "$T/out" 2> "$T/err"
if grep -q 'MB/s' "$T/err" || grep -q "$(printf '\r')" "$T/err"; then
  fail "progress written into a pipe"
else
  ok "no progress line in a pipe"
fi
grep -q 'documents: 4000 added' "$T/err" && ok "summary in a pipe" || fail "summary in a pipe"

# -q: silent.
"$INDEX" --db "$T/db3" -q "$T/big.jsonl" > "$T/out" 2> "$T/err"
expect_eq "$(cat "$T/out" "$T/err" | wc -c | tr -d ' ')" 0 "-q prints nothing"
finish
