#!/bin/sh
# Result quality on articles this test writes itself: which part of an
# article its snippet shows, what it highlights, what "did you mean"
# offers and what --like finds.  Each case is one a user saw go wrong.
. "$top_srcdir/tests/e2e/lib.sh"
command -v python3 > /dev/null || { echo "no python3: skipped"; exit 77; }

# highlighted JSON_FILE: each hit's highlighted words, lower case, sorted
# and unique, one line per hit ("id: word word").
highlighted() {
  python3 - "$1" <<'PY'
import json, sys
for h in json.load(open(sys.argv[1]))["hits"]:
    s = h["snippet"].encode()
    w = sorted({s[a:b].decode().lower() for a, b in h["highlights"]})
    print("%s: %s" % (h["id"], " ".join(w)))
PY
}

# --- snippets: the stretch with the most of the query's words ------------
# A speech that says "weapons" early and "nuclear weapons treaty" only
# far on (past the first 8 KB read), and a short note that says
# "treaty" first and the three words together two paragraphs later: the
# snippet showed the first mention alone.
python3 - "$T/speech.jsonl" <<'PY'
import json, sys
def filler(n, tag):
    return " ".join("The committee on %s met on day %d and talked about the harbour budget." % (tag, i)
                    for i in range(n))
speech = ("Weapons were the first worry of the year. " + filler(120, "roads") + "\n\n" +
          "We will sign the treaty that limits nuclear weapons in every region. " + filler(20, "parks"))
note = ("The treaty was signed in spring. " + filler(4, "rail") + "\n\n" + filler(2, "ports") + "\n\n" +
        "Its point is plain: no new nuclear weapons, and the treaty says how.")
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "speech", "title": "A long speech", "text": speech}) + "\n")
    f.write(json.dumps({"id": "note", "title": "A short note", "text": note}) + "\n")
PY
"$INDEX" --db "$T/sdb" -q "$T/speech.jsonl" || fail "index the speech"
expect_status 0 "$SEARCH" --db "$T/sdb" --json 'nuclear weapons treaty'
highlighted "$T/out" | sort > "$T/hl"
expect_eq "$(cat "$T/hl" | paste -sd';' -)" "note: nuclear treaty weapons;speech: nuclear treaty weapons" \
  "a snippet shows the stretch with all the query's words"
# the first match is still where --vimgrep and line/column point
python3 - "$T/out" <<'PY' && ok "line and column stay the first match" || fail "line/column moved off the first match"
import json, sys
for h in json.load(open(sys.argv[1]))["hits"]:
    line = open(h["path"], encoding="utf-8").read().split("\n")[h["line"] - 1]
    want = {"speech": "Weapons were", "note": "treaty was"}[h["id"]]
    assert line[h["column"] - 1:].startswith(want), (h["id"], line[h["column"] - 1:][:20])
PY
# one word: its first mention, as before
expect_status 0 "$SEARCH" --db "$T/sdb" --json 'weapons'
python3 -c 'import json,sys; h={x["id"]: x for x in json.load(open(sys.argv[1]))["hits"]}; assert h["speech"]["snippet"].startswith("Weapons were the first"), h["speech"]["snippet"]' "$T/out" \
  && ok "one word: the snippet of its first mention" || fail "one word: $(head -c 300 "$T/out")"

# --- a plain word that names an entity: its names are matches too -------
# Plain NCSC finds the UK ban article, which writes only "National Cyber
# Security Centre" (line 18, column 36): the snippet highlights the name,
# and --vimgrep points at it, as for org:NCSC, not at the first line.
"$INDEX" --db "$T/db" -q "$SAMPLES" || fail "index samples"
for q in NCSC org:NCSC; do
  expect_status 0 "$SEARCH" --db "$T/db" --json "$q"
  python3 - "$T/out" <<'PY' && ok "$q: the entity's name highlighted" || fail "$q: $(head -c 600 "$T/out")"
import json, sys
h = [h for h in json.load(open(sys.argv[1]))["hits"] if h["path"].endswith("text/uk-huawei-5g-ban-2020.txt")][0]
s = h["snippet"].encode()
assert [s[a:b] for a, b in h["highlights"]][:1] == [b"National Cyber Security Centre"], h["snippet"]
assert (h["line"], h["column"]) == (18, 36), (h["line"], h["column"])
PY
done

# org:NCSC* matches the entity by its alias NCSC: the hcsec report and
# the morning brief write only "NCSC", which org:NCSC marks and the
# wildcard marked nothing of.
for q in org:NCSC org:NCSC*; do
  expect_status 0 "$SEARCH" --db "$T/db" --json "$q"
  highlighted "$T/out" | grep -E '(morning-cyber-brief/2019-03-29|hcsec-oversight-report-2019.txt):' | sort > "$T/hl"
  expect_eq "$(cut -d' ' -f2- "$T/hl" | paste -sd';' -)" "ncsc;ncsc" "$q: the alias the text writes highlighted"
done

# --- a compound typed apart: "back door" as backdoor ---------------------
# The index joins "back door" and "back-door" to backdoor, so backdoor
# found all five articles, and "back door" only the two that write it
# apart.  Now each finds the five, the form typed ranking first; the
# words in the other order, or a compound the index does not know, are
# two words.
files() { "$SEARCH" --db "$T/db" -l "$@" | sed 's,.*/samples/,,' | sort | tr '\n' ' '; }
five=$(files backdoor)
expect_eq "$(echo "$five" | wc -w)" 5 "backdoor: five articles"
expect_eq "$(files back door)" "$five" "back door: the articles of backdoor"
expect_eq "$(files 'title:back title:door')" "$(files title:backdoor)" "title:back title:door"
for f in $five; do
  files --any back door | grep -q "$f" || fail "--any back door lost $f"
done
expect_eq "$(files door back)" "html/bsi-no-evidence-2018.html text/ren-zhengfei-interview-2019.txt.gz " "door back: two words"
"$SEARCH" --db "$T/db" --json 'back door' > "$T/out"
python3 - "$T/out" <<'PY2' && ok "back door: written apart first" || fail "back door order: $(head -c 400 "$T/out")"
import json, sys
p = [h["path"].split("/samples/")[1] for h in json.load(open(sys.argv[1]))["hits"]]
assert set(p[:2]) == {"html/bsi-no-evidence-2018.html", "text/ren-zhengfei-interview-2019.txt.gz"}, p
PY2

# "back doors" in the plural, written apart, is backdoors too: backdoor
# finds the article, as it finds one writing "back door"
printf 'Spy claims\n\nThe minister said there were no back doors in the kit.\n' > "$T/doors.txt"
"$INDEX" --db "$T/ddb" -q "$T/doors.txt" || fail "index the back doors article"
for q in backdoor backdoors 'back doors'; do
  expect_eq "$("$SEARCH" --db "$T/ddb" -c "$q")" 1 "$q: the article that writes back doors"
done

# --- did you mean: also where the misspelt word was silently left out ---
# Under OR the other words find articles, and "huwei" found nothing
# without a word about it; a correct query and an AND are as before.
for qs in '--any huwei backdoor=huawei backdoor' 'huwei OR backdoor=huawei OR backdoor' \
          'backdoor NOT huwei=backdoor NOT huawei' '--any huawei backdoor=' 'huwei backdoor=huawei backdoor'; do
  # shellcheck disable=SC2086 # the options and words of the query
  "$SEARCH" --db "$T/db" --json -n 1 ${qs%%=*} > "$T/out" 2> "$T/err"
  got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["suggestion"] or "")' "$T/out")
  expect_eq "$got" "${qs#*=}" "did you mean for '${qs%%=*}'"
done

finish
