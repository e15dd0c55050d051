#!/bin/sh
# Entity extraction measured end to end: dossier-index --dry-run --json over
# samples/ (and over ../shared/seeds when present) against hand labels;
# precision >= 0.9 and recall >= 0.7 per type (org, person, place), so a
# regression fails.
. "$top_srcdir/tests/e2e/lib.sh"
command -v python3 > /dev/null || { echo "no python3: skipped"; exit 77; }
PR="$top_srcdir/tests/entities-pr.py"
LABELS="$top_srcdir/tests/data/entities"

"$INDEX" --dry-run --json "$SAMPLES" > "$T/samples.jsonl" 2> "$T/err" || fail "dry run over samples: $(cat "$T/err")"
[ -s "$T/samples.jsonl" ] || fail "dry run printed nothing"
python3 "$PR" "$LABELS/samples.tsv" 0.9 0.7 < "$T/samples.jsonl" && ok "samples: entity floors hold" || fail "samples: entity floors"

seeds="$DOSSIER_SHARED/seeds"
if [ -d "$seeds" ]; then
  "$INDEX" --dry-run --json "$seeds" > "$T/seeds.jsonl" 2> "$T/err" || fail "dry run over seeds"
  python3 "$PR" "$LABELS/seeds.tsv" 0.9 0.7 < "$T/seeds.jsonl" && ok "seeds: entity floors hold" || fail "seeds: entity floors"
else
  echo "../shared/seeds absent: seed figures skipped"
fi
# The armed groups of the security debate are organisations: "Al Qaida
# said" made a person of one (State of the Union 2003).
printf '%s\n' '{"id":"aq1","title":"Speech","text":"We fought Al Qaida in Afghanistan. Al-Qaeda said it would strike. The Taliban and ISIS were named, and Hezbollah. THIS IS A TEST."}' > "$T/aq.jsonl"
"$INDEX" --dry-run --json "$T/aq.jsonl" > "$T/aq.out" 2> "$T/err" || fail "dry run of armed groups"
python3 - "$T/aq.out" <<'PY2' && ok "armed groups are organisations" || fail "armed groups: $(cat "$T/aq.out")"
import json, sys
e = json.loads(open(sys.argv[1]).readline())["entities"]
assert e["org"] == ["Al Qaeda", "Taliban", "Islamic State", "Hezbollah"], e
assert e["person"] == [], e
PY2
finish
