#!/bin/sh
# Nothing is lost: unchanged files are skipped, a changed file replaces its
# documents, --prune removes gone files, a second writer is refused with
# "index is locked", SIGTERM commits what is done, and after kill -9 the
# index opens at its last commit and a re-run completes it.  All with the
# default --jobs (one shard per CPU); and an index built with -j 3 answers
# as one built with -j 1.
. "$top_srcdir/tests/e2e/lib.sh"

D="$T/in"; mkdir -p "$D"
i=1
while [ $i -le 3000 ]; do
  printf '{"id":"a%d","title":"Article %d","date":"2019-03-%02d","text":"Body of article %d about marker%d and the common word."}\n' \
    $i $i $(( i % 28 + 1 )) $i $i
  i=$((i + 1))
done > "$D/big.jsonl"
printf 'Title: Lone\n\nA lone dingo.\n' > "$D/lone.eml"

# kill -9 in the middle: the index opens, holds a committed state, and a
# re-run completes it with every article exactly once.
"$INDEX" --db "$T/db" --batch 100 -q "$D" & pid=$!
sleep 0.3; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
"$SEARCH" --db "$T/db" -c common > "$T/c1" 2>/dev/null
n1=$(cat "$T/c1" 2>/dev/null || echo 0)
case "$n1" in ''|*[!0-9]*) fail "index unusable after kill -9: $n1" ;; *) ok "index opens after kill -9 ($n1 committed)" ;; esac
expect_status 0 "$INDEX" --db "$T/db" -q "$D" && ok "re-run after kill -9"
expect_status 0 "$SEARCH" --db "$T/db" -c common; expect_eq "$(cat "$T/out")" 3000 "every article once after the re-run"
if command -v xapian-check > /dev/null; then
  for s in "$T"/db/s[0-9]*; do
    xapian-check "$s" > /dev/null 2>&1 && ok "xapian-check finds ${s##*/} sound" || fail "xapian-check ${s##*/}"
  done
fi

# Unchanged input changes nothing.
expect_status 0 "$INDEX" --db "$T/db" "$D"
grep -q '2 unchanged' "$T/err" && ok "unchanged files skipped" || fail "unchanged: $(cat "$T/err")"

# A changed file replaces its documents.
printf 'Title: Lone\n\nA lone quoll now.\n' > "$D/lone.eml"
expect_status 0 "$INDEX" --db "$T/db" "$D"
expect_status 1 "$SEARCH" --db "$T/db" -c dingo; expect_eq "$(cat "$T/out")" 0 "old text gone"
expect_status 0 "$SEARCH" --db "$T/db" -c quoll; expect_eq "$(cat "$T/out")" 1 "new text in"

# --prune removes documents of files that are gone.
rm "$D/lone.eml"
expect_status 0 "$INDEX" --db "$T/db" --prune "$D"
expect_status 1 "$SEARCH" --db "$T/db" -c quoll; expect_eq "$(cat "$T/out")" 0 "pruned"

# A second writer is refused while one holds the lock (an indexer reading
# a pipe that stays open); SIGTERM makes it commit what it has and exit.
mkfifo "$T/fifo"
"$INDEX" --db "$T/db" -q --format jsonl --name piped - < "$T/fifo" > "$T/p.out" 2> "$T/p.err" & pid=$!
exec 3> "$T/fifo"
printf '{"id":"p1","title":"Piped","text":"A piped wallaby."}\n' >&3
sleep 1
expect_status 2 "$INDEX" --db "$T/db" "$D"
grep -q 'locked' "$T/err" && ok "second writer: index is locked" || fail "second writer: $(cat "$T/err")"
kill -TERM $pid 2>/dev/null
sleep 0.2
exec 3>&-
wait $pid; rc=$?
case $rc in 0|1) ok "SIGTERM: clean exit ($rc)" ;; *) fail "SIGTERM exit status $rc: $(cat "$T/p.err")" ;; esac
expect_status 0 "$SEARCH" --db "$T/db" -c wallaby; expect_eq "$(cat "$T/out")" 1 "what was read before SIGTERM is committed"
# Shards change where documents live, never what a query finds.
expect_status 0 "$INDEX" --db "$T/j1" -q -j 1 "$SAMPLES" && ok "indexed with -j 1"
expect_status 0 "$INDEX" --db "$T/j3" -q -j 3 "$SAMPLES" && ok "indexed with -j 3"
expect_eq "$(cat "$T/j3/XAPIANDB")" "$(printf 'auto s0\nauto s1\nauto s2')" "-j 3 makes three shards"
if command -v xapian-delve > /dev/null; then
  for k in 0 1 2; do
    n=$(xapian-delve "$T/j3/s$k" | sed -n 's/^number of documents = //p')
    [ "${n:-0}" -gt 0 ] && ok "shard s$k holds documents ($n)" || fail "shard s$k is empty"
  done
fi
# An existing index keeps its shard count whatever -j says.
expect_status 0 "$INDEX" --db "$T/j3" -j 1 "$SAMPLES"
grep -q ' 0 added, 0 replaced' "$T/err" && ok "-j 1 on a 3-shard index: unchanged" || fail "-j on existing index: $(cat "$T/err")"
expect_eq "$(grep -c auto "$T/j3/XAPIANDB")" 3 "the index keeps 3 shards"
ids() { "$SEARCH" --db "$1" --json -n 1000 "$2" | grep -o '"id":"[^"]*"' | sort; }
for q in huawei 'backdoor AND NCSC' org:NCSC '"smoking gun"' 'huaw*' 'date:2019-01..2019-06-30 huawei' 'encryption OR sanctions'; do
  a=$(ids "$T/j1" "$q"); b=$(ids "$T/j3" "$q")
  if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "same ids for $q"; else fail "ids differ for $q: [$a] [$b]"; fi
  a=$("$SEARCH" --db "$T/j1" -l "$q" | sort); b=$("$SEARCH" --db "$T/j3" -l "$q" | sort)
  [ "$a" = "$b" ] && ok "same paths for $q" || fail "paths differ for $q"
done
# A changed file read again is replaced at one commit (up to four batches
# of records): a search meanwhile finds each of its articles, old or new,
# never the file half gone (each poll a fresh process: the latest commit).
R="$T/reread"; mkdir -p "$R"
python3 - "$R/r.jsonl" <<'PY'
import json, random, sys
random.seed(1)
words = ["w%d" % i for i in range(3000)]
with open(sys.argv[1], "w") as f:
    for i in range(1200):
        text = "Record %d of the reread corpus. " % i + " ".join(random.choice(words) for _ in range(400))
        f.write(json.dumps({"id": "r%d" % i, "title": "Record %d" % i, "text": text}) + "\n")
PY
"$INDEX" --db "$T/rereaddb" -q --batch 400 "$R" || fail "index the records"
sed -i '1s/Record 0 of/Record 0, edited, of/' "$R/r.jsonl"
python3 - "$SEARCH" "$INDEX" "$T/rereaddb" "$R" <<'PY' && ok "a changed file is never half gone" || fail "a changed file went half missing"
import subprocess, sys
search, index, db, src = sys.argv[1:5]
errors = []
def total():
    r = subprocess.run([search, "--db", db, "-c", "reread"], capture_output=True, text=True)
    if not r.stdout.strip():
        errors.append("exit %d: %s" % (r.returncode, r.stderr.strip()))
    return int(r.stdout.strip() or -1)
w = subprocess.Popen([index, "--db", db, "-q", "--batch", "400", src])
seen = set()
while w.poll() is None:
    seen.add(total())
seen.add(total())
assert w.returncode == 0, w.returncode
assert seen == {1200}, (sorted(seen), errors[:3])
PY
finish
