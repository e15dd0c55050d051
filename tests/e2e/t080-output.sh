#!/bin/sh
# Output is an interface: --json and --stdio parsed by a JSON parser,
# --vimgrep positions checked against the files and loaded by Vim's
# quickfix (when vim is installed), -l and -c, exit statuses.
. "$top_srcdir/tests/e2e/lib.sh"
command -v python3 > /dev/null || { echo "no python3: skipped"; exit 77; }
DB="$T/db"
"$INDEX" --db "$DB" -q "$SAMPLES" || fail "index samples"

# --json: the documented schema.
expect_status 0 "$SEARCH" --db "$DB" --json --facets 'backdoor AND NCSC'
python3 - "$T/out" <<'PY' && ok "--json schema" || fail "--json schema"
import json, sys
a = json.load(open(sys.argv[1]))
assert a["format_version"] == 1 and a["query"] == "backdoor AND NCSC"
assert a["total"] == {"value": 2, "exact": True}, a["total"]
h = a["hits"][0]
for k in ("rank", "score", "id", "title", "date", "source", "url", "path", "line",
          "column", "entities", "snippet", "highlights"):
    assert k in h, k
assert h["rank"] == 1 and h["path"].endswith("text/hcsec-oversight-report-2019.txt")
assert any(e["matched"] and e["name"] == "National Cyber Security Centre" for e in h["entities"]["org"])
snip = h["snippet"].encode()      # highlights are byte offsets
for s, e in h["highlights"]:
    assert snip[s:e].lower().startswith((b"backdoor", b"ncsc")), snip[s:e]
assert set(a["facets"]) == {"org", "person", "place", "source", "year"}
assert a["facets"]["year"][0]["value"] == "2019"
assert "suggestion" in a and isinstance(a["time_ms"], float)
PY

# --show --json: the members the README lists, of the types it shows.
expect_status 0 "$SEARCH" --db "$DB" --show tl-2019-05-16-entity-list --json
python3 - "$T/out" "$top_srcdir/README" <<'PY' && ok "--show --json as the README has it" || fail "--show --json vs README"
import json, re, sys
got = json.load(open(sys.argv[1]))
doc = open(sys.argv[2], encoding="utf-8").read()
block = re.search(r"`--show ID --json` is[^`]*?\n\n((?:    [^\n]*\n)+)", doc).group(1)
want = json.loads(block)
def shape(v):
    return {k: shape(x) for k, x in v.items()} if isinstance(v, dict) else type(v).__name__
assert shape(got) == shape(want), (shape(got), shape(want))
a = got["article"]
assert a["id"] == "tl-2019-05-16-entity-list" and a["format"] == "jsonl" and a["record"] == 2 and a["line"] == 2, a
assert "Huawei" in a["entities"]["org"] and "\n\n" in a["text"], a["entities"]
PY

# "Did you mean", from the words of at least two articles, only when
# nothing is found.
expect_status 1 "$SEARCH" --db "$DB" huwei
grep -qx 'did you mean: huawei' "$T/out" && ok "did you mean: huawei" || fail "no suggestion for huwei"
# A word that finds articles is not corrected, however it is written
# ("Huawei's" is huawei, "back-door" is back, door, backdoor; "vendors"
# finds vendor): the word that finds nothing is the one to fix.
expect_status 1 "$SEARCH" --db "$DB" --json "Huawei's back-door vendors huwei"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a["suggestion"]=="Huawei'"'"'s back-door vendors huawei", a["suggestion"]' "$T/out" \
  && ok "only the word that finds nothing is corrected" || fail "corrected a word that finds articles: $(head -c 300 "$T/out")"
# Quotes around a word stay where they are.
expect_status 1 "$SEARCH" --db "$DB" --json "'huwei backdor'"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a["suggestion"]=="'"'"'huawei backdoor'"'"'", a["suggestion"]' "$T/out" \
  && ok "did you mean keeps quotes" || fail "did you mean ate a quote: $(head -c 300 "$T/out")"
# In a phrase and in the title too, the field and quotes kept.
expect_status 1 "$SEARCH" --db "$DB" --json 'title:"huwei backdor" OR title:huwei'
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a["suggestion"]=="title:\"huawei backdoor\" OR title:huawei", a["suggestion"]' "$T/out" \
  && ok "did you mean, in a phrase and in title:" || fail "no suggestion for a phrase or title: $(head -c 300 "$T/out")"
expect_status 1 "$SEARCH" --db "$DB" --json 'title:«huwei backdor» OR “huwei”'
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a["suggestion"]=="title:«huawei backdoor» OR “huawei”", a["suggestion"]' "$T/out" \
  && ok "did you mean, in curly quotes and guillemets" || fail "no suggestion in curly quotes: $(head -c 300 "$T/out")"
expect_status 1 "$SEARCH" --db "$DB" --json 'huwei backdor'
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a["suggestion"]=="huawei backdoor", a["suggestion"]' "$T/out" \
  && ok "--json suggestion corrects every word" || fail "--json suggestion"
# "extradition" is in one sample article only: not a correction to offer.
expect_status 1 "$SEARCH" --db "$DB" extradtion
grep -q 'did you mean' "$T/out" && fail "suggested a word of one article" || ok "no suggestion from a word of one article"
expect_status 0 "$SEARCH" --db "$DB" --json huawei
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["suggestion"] is None' "$T/out" \
  && ok "no suggestion when something is found" || fail "suggestion on a found word"
# Updates: a word in one article of each of two runs is offered; a word
# of one article indexed again (its file edited) is not.
mkdir -p "$T/upd/a" "$T/upd/b"
printf 'Title: One\n\nThe quixotrix protocol and the zorbulon method were discussed.\n' > "$T/upd/a/one.eml"
printf 'Title: Two\n\nRegulators returned to the quixotrix protocol.\n' > "$T/upd/b/two.eml"
"$INDEX" -q --db "$T/upd/db" "$T/upd/a" && "$INDEX" -q --db "$T/upd/db" "$T/upd/b" || fail "update runs"
printf 'A line added.\n' >> "$T/upd/a/one.eml"
"$INDEX" -q --db "$T/upd/db" "$T/upd/a" || fail "update run of an edited file"
expect_status 1 "$SEARCH" --db "$T/upd/db" quixotrox
grep -qx 'did you mean: quixotrix' "$T/out" && ok "suggestion from two runs" || fail "no suggestion from two runs"
expect_status 1 "$SEARCH" --db "$T/upd/db" zorbulin
grep -q 'did you mean' "$T/out" && fail "suggested a word of one article indexed twice" || ok "no suggestion from an article indexed twice"

# A short word that finds nothing is more often a name the index lacks
# than a typo: no "ate" for zte, no "anti" for anssi; "teh" is still the.
mkdir -p "$T/short"
for n in 1 2; do
  printf 'Title: Note %s\n\nThey ate the anti-virus cake and the cake ate them.\n' "$n" > "$T/short/$n.eml"
done
"$INDEX" -q --db "$T/short/db" "$T/short" || fail "index short words"
for w in zte anssi; do
  expect_status 1 "$SEARCH" --db "$T/short/db" "$w"
  grep -q 'did you mean' "$T/out" && fail "suggested for $w: $(head -1 "$T/out")" || ok "no far-fetched suggestion for $w"
done
expect_status 1 "$SEARCH" --db "$T/short/db" teh
grep -qx 'did you mean: the' "$T/out" && ok "did you mean: the" || fail "no suggestion for teh: $(head -1 "$T/out")"

# -l lists the files of every match, as grep -l does, not those of the
# first 100 hits; -n N, those of the first N.
mkdir -p "$T/notes"
i=0
while [ $i -lt 1050 ]; do
  i=$((i + 1))
  printf 'Title: Note %d\n\nThe zebra crossing report number %d.\n' $i $i > "$T/notes/n$i.eml"
done
"$INDEX" -q --db "$T/notes/db" "$T/notes" || fail "index 1050 notes"
expect_status 0 "$SEARCH" --db "$T/notes/db" -l zebra
expect_eq "$(sort -u "$T/out" | wc -l | tr -d ' ')" 1050 "-l: every file, each once"
expect_status 0 "$SEARCH" --db "$T/notes/db" -l -n 5 zebra
expect_eq "$(wc -l < "$T/out" | tr -d ' ')" 5 "-l -n 5: five files"
expect_status 0 "$SEARCH" --db "$T/notes/db" -l --offset 1000 zebra
expect_eq "$(wc -l < "$T/out" | tr -d ' ')" 50 "-l --offset 1000: the last 50"

# Errors as JSON and on stderr, one line, exit 2.
expect_status 2 "$SEARCH" --db "$DB" --json 'huawei AND'
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; assert e["code"]=="bad_query" and e["offset"]>=0' "$T/out" \
  && ok "--json error object" || fail "--json error object"
expect_eq "$(wc -l < "$T/err" | tr -d ' ')" 1 "bad query: one line on stderr"
# The column counts characters (the caret on a terminal is placed by
# display width); a message that quotes the word "column" still gets its
# position.
expect_status 2 "$SEARCH" --db "$DB" 'État sécurité AND'
grep -q '(at column 15)$' "$T/err" && ok "error column in characters" || fail "error column: $(cat "$T/err")"
expect_status 2 "$SEARCH" --db "$DB" 'column:x'
grep -q '(at column 1)$' "$T/err" && ok "error column after a quoted 'column'" || fail "error column: $(cat "$T/err")"
# A hash of 64 hex digits (SHA-256) finds its article; one of 128
# (SHA-512) is over the length of an indexed word: the error says so,
# not just "no words".
mkdir -p "$T/ioc"
python3 -c '
import hashlib, sys
open(sys.argv[1], "w").write("Title: Indicators\n\nThe report lists two hashes.\n\n%s\n\n%s\n" % (
    hashlib.sha256(b"x").hexdigest(), hashlib.sha512(b"x").hexdigest()))' "$T/ioc/ioc.eml"
"$INDEX" --db "$T/iocdb" -q "$T/ioc" || fail "index a list of hashes"
expect_status 0 "$SEARCH" --db "$T/iocdb" -c "$(python3 -c 'import hashlib; print(hashlib.sha256(b"x").hexdigest())')" && ok "a SHA-256 hash finds its article"
expect_status 2 "$SEARCH" --db "$T/iocdb" -c "$(python3 -c 'import hashlib; print(hashlib.sha512(b"x").hexdigest())')"
grep -q "(words over 64 bytes are not indexed) (at column 1)$" "$T/err" && ok "a SHA-512 hash: the error says why" || fail "SHA-512 hash error: $(cat "$T/err")"
expect_status 2 "$SEARCH" --db "$T/iocdb" -c -- '– &'
# An operand of NEAR or ADJ that is no word is named and pointed at,
# on whichever side it stands.  NOT or '-' before punctuation alone
# takes nothing away: an error, not every article (or huawei's) in
# silence.  Beside other words it is left out as ever.
for qm in "huawei NEAR &=NEAR needs a word after it; '&' is no word (at column 13)" \
          "& NEAR huawei=NEAR needs a word before it; '&' is no word (at column 1)" \
          "huawei NEAR - zte=NEAR needs a word after it; '-' is no word (at column 13)" \
          "huawei ADJ/3 zte ADJ/3 …=ADJ needs a word after it; '…' is no word (at column 24)" \
          "-&=nothing to leave out: '&' is no word (NOT and '-' take words) (at column 2)" \
          "NOT –=nothing to leave out: '–' is no word (NOT and '-' take words) (at column 5)" \
          "huawei -zte -&=nothing to leave out: '&' is no word (NOT and '-' take words) (at column 14)" \
          "huawei NOT –=nothing to leave out: '–' is no word (NOT and '-' take words) (at column 12)"; do
  expect_status 2 "$SEARCH" --db "$DB" -c -- "${qm%%=*}"
  expect_eq "$(cat "$T/err")" "dossier-search: ${qm#*=}" "error for ${qm%%=*}"
done
expect_status 0 "$SEARCH" --db "$DB" -c -- 'huawei – zte' && expect_eq "$(cat "$T/out")" 3 "a dash beside words is left out"
# So is an ASCII dash standing alone ("Huawei - the full story"), which
# was an error that asked for a term after it; "-zte" is still NOT zte.
for q in 'huawei - zte' 'huawei -- zte' '- huawei zte' 'huawei zte -'; do
  expect_status 0 "$SEARCH" --db "$DB" -c -- "$q" && expect_eq "$(cat "$T/out")" 3 "a lone dash is left out: $q"
done
expect_status 2 "$SEARCH" --db "$DB" -c -- '-'
expect_eq "$(cat "$T/err")" "dossier-search: no words to search for in '-' (at column 1)" "a query of a dash alone"
grep -q "not indexed" "$T/err" && fail "punctuation blamed on long words: $(cat "$T/err")" || ok "punctuation alone: no word-length excuse"
# A query word that starts with '-' is no option, wherever it stands.
expect_status 0 "$SEARCH" --db "$DB" -c huawei -zte
expect_eq "$(cat "$T/out")" "$("$SEARCH" --db "$DB" -c 'huawei NOT zte')" "huawei -zte on the command line"
expect_status 0 "$SEARCH" --db "$DB" huawei -lc
expect_eq "$(cat "$T/out")" 18 "-lc is still options after the query"
# -n takes digits and -d a path: "-nokia", "-dell" are query words.
expect_status 0 "$SEARCH" --db "$DB" -c huawei -nokia -dell
expect_eq "$(cat "$T/out")" "$("$SEARCH" --db "$DB" -c 'huawei NOT nokia NOT dell')" "huawei -nokia -dell"
expect_status 0 "$SEARCH" -d"$DB" -n3 -c huawei && ok "-dPATH and -n3 glued"
(cd "$(dirname "$DB")" && "$SEARCH" -d"$(basename "$DB")" -c huawei > "$T/out") && ok "-dDIR glued, a relative directory" || fail "-dDIR relative"
expect_status 0 "$SEARCH" --db "$DB" --sor -date -c huawei && ok "an abbreviated option takes a value that starts with '-'"
expect_status 0 "$SEARCH" --db "$DB" --help && ok "--help with --db"
# A bad option gets one message that names it (then the pointer to
# --help), not getopt's line under the program's path and a vague
# "bad option" after it.
for args in "--frobnicate huawei|unknown or ambiguous option: --frobnicate" \
            "--s date huawei|unknown or ambiguous option: --s" \
            "huawei --limit|--limit needs a value" "huawei --lim|--limit needs a value" \
            "huawei -n|-n needs a value" "--json=1 huawei|--json takes no value"; do
  # shellcheck disable=SC2086 # the options are words
  expect_status 2 "$SEARCH" --db "$DB" ${args%%|*}
  expect_eq "$(cat "$T/err")" "dossier-search: ${args#*|}
Try 'dossier-search --help'." "bad option '${args%%|*}': its message"
done
# dossier-index too (an unknown option stops it before it opens an index).
for args in "--frobnicate x|unknown or ambiguous option: --frobnicate" \
            "--j x|unknown or ambiguous option: --j" \
            "x --batch|--batch needs a value" "x --bat|--batch needs a value" \
            "x -f|-f needs a value" "-qx x|unknown option -x" "--json=1 x|--json takes no value"; do
  # shellcheck disable=SC2086 # the options are words
  expect_status 2 "$INDEX" --db "$T/never" ${args%%|*}
  expect_eq "$(cat "$T/err")" "dossier-index: ${args#*|}
Try 'dossier-index --help'." "dossier-index bad option '${args%%|*}': its message"
done
[ ! -e "$T/never" ] && ok "dossier-index: no index made on a bad option" || fail "dossier-index made an index on a bad option"
# Options that ask for two different answers are an error, not one of
# them taken in silence: a program asking for JSON gets JSON or exit 2;
# a QUERY beside --stats, --show or --stdio would be ignored.
for args in "--json --vimgrep huawei=--json and --vimgrep cannot be combined" \
            "-c --json huawei=--json and -c cannot be combined" \
            "--stdio -l=--stdio and -l cannot be combined" \
            "--show x --stats=--show and --stats cannot be combined" \
            "--stats --like x=--stats and --like cannot be combined" \
            "--stats --vimgrep=--stats and --vimgrep cannot be combined" \
            "-l --stats=--stats and -l cannot be combined" \
            "--show x -c=--show and -c cannot be combined" \
            "--show x --vimgrep=--show and --vimgrep cannot be combined" \
            "--facets -c huawei=--facets and -c cannot be combined" \
            "--vimgrep --facets huawei=--facets and --vimgrep cannot be combined" \
            "--facets -l huawei=--facets and -l cannot be combined" \
            "--stats --facets=--facets and --stats cannot be combined" \
            "--stats huawei=--stats takes no QUERY: huawei" \
            "--show x huawei=--show takes no QUERY: huawei" \
            "--stdio huawei=--stdio reads its queries from standard input, not from the command line: huawei"; do
  # shellcheck disable=SC2086 # the options are words
  expect_status 2 "$SEARCH" --db "$DB" ${args%%=*} < /dev/null
  expect_eq "$(head -1 "$T/err")" "dossier-search: ${args#*=}" "'${args%%=*}' is an error"
  expect_eq "$(wc -c < "$T/out" | tr -d ' ')" 0 "'${args%%=*}': nothing on stdout"
done
echo huawei | "$SEARCH" --db "$DB" --stdio --json > "$T/out" && python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["total"]["value"] == 18' "$T/out" \
  && ok "--stdio --json: JSON either way" || fail "--stdio --json: $(head -c 200 "$T/out")"
# A query word that starts with the byte the parser marks words with is
# the user's own: an error for the control character, no crash.
expect_status 2 "$SEARCH" --db "$DB" -c "$(printf '\037')huawei" && ok "a control byte first: bad query"

# --stdio: one JSON line per input line, errors included, the loop goes on.
printf 'backdoor\n{"query": "huawei", "limit": 2, "facets": true}\n(broken\n{"query": "cut short"\n{"query": "org:NCSC", "sort": "-date"}\n{"query": "huawei", "limt": 2}\n' |
  "$SEARCH" --db "$DB" --stdio > "$T/stdio" 2> "$T/err"
python3 - "$T/stdio" <<'PY' && ok "--stdio answers every line" || fail "--stdio"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) == 6, len(lines)
assert lines[5]["error"]["code"] == "bad_request" and "limt" in lines[5]["error"]["message"], lines[5]
assert lines[0]["total"]["value"] == 5
assert len(lines[1]["hits"]) == 2 and "facets" in lines[1]
assert lines[2]["error"]["code"] == "bad_query"
assert lines[3]["error"]["code"] == "bad_request", lines[3]
dates = [h["date"] for h in lines[4]["hits"]]
assert dates == sorted(dates, reverse=True) and len(dates) == 4, dates
PY
# A line holding a NUL byte is a bad request, not the query before it
# ("huawei" would find 18), and the next line is answered.
printf 'huawei\000 AND nothingatall\n{"query": "huawei"}\000\nbackdoor\n' |
  "$SEARCH" --db "$DB" --stdio > "$T/stdio" 2> "$T/err"
python3 - "$T/stdio" <<'PY' && ok "--stdio: a NUL byte is a bad request" || fail "--stdio NUL: $(head -c 300 "$T/stdio")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) == 3, len(lines)
for l, at in zip(lines, (7, 20)):
    assert l["query"] is None and l["error"]["code"] == "bad_request", l
    assert "NUL" in l["error"]["message"] and "byte %d" % at in l["error"]["message"], l
assert lines[2]["total"]["value"] == 5, lines[2]
PY
# A UTF-8 BOM before a line (a file from a Windows tool; two of them
# joined) is no part of the request: the object is read as JSON.
printf '\357\273\277{"query": "huawei", "limit": 1}\r\n\357\273\277{"query": "backdoor", "limit": 2}\r\n\357\273\277backdoor\n' |
  "$SEARCH" --db "$DB" --stdio > "$T/stdio" 2> "$T/err"
python3 - "$T/stdio" <<'PY' && ok "--stdio: a BOM before a JSON request" || fail "--stdio BOM: $(head -c 300 "$T/stdio")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) == 3, len(lines)
assert lines[0]["query"] == "huawei" and len(lines[0]["hits"]) == 1, lines[0]
assert lines[1]["query"] == "backdoor" and len(lines[1]["hits"]) == 2, lines[1]
assert lines[2]["query"] == "backdoor" and lines[2]["total"]["value"] == 5, lines[2]
PY

# Every line is answered, an empty one as a blank one: a client pairs
# answers with requests by counting.
printf 'huawei\n\n   \n\r\nbackdoor\n' | "$SEARCH" --db "$DB" --stdio --no-snippets > "$T/stdio" 2> "$T/err"
python3 - "$T/stdio" <<'PY' && ok "--stdio answers empty lines" || fail "--stdio skips empty lines"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l.get("query") for l in lines] == ["huawei", "", "   ", "", "backdoor"], lines
assert [l["error"]["code"] for l in lines[1:4]] == ["bad_query"] * 3, lines
assert lines[0]["total"]["value"] == 18 and lines[4]["total"]["value"] == 5
PY

# Snippets begin and end between words, or with a "…" that marks the cut:
# never a word cut in two without a mark.
printf '{"query": "%s", "limit": 100}\n' huawei security network government 5G |
  "$SEARCH" --db "$DB" --stdio --any > "$T/stdio" 2> "$T/err"
python3 - "$T/stdio" "$SEARCH" "$DB" <<'PY' && ok "snippets end in words or …" || fail "snippets cut words"
import json, re, subprocess, sys
search, db = sys.argv[2:4]
texts, n = {}, 0
for line in open(sys.argv[1]):
    for h in json.loads(line)["hits"]:
        if h["id"] not in texts:
            out = subprocess.run([search, "--db", db, "--json", "--show", h["id"]],
                                 capture_output=True, text=True, check=True).stdout
            texts[h["id"]] = " ".join(json.loads(out)["article"]["text"].split())
        text, s = texts[h["id"]], h["snippet"]
        body = " ".join(s.strip("…").split())
        assert body and body in text, (h["id"], s)
        p = text.find(body)
        assert s.startswith("…") or p == 0 or text[p - 1] == " ", ("cut at the start", h["id"], s[:40])
        p += len(body)
        assert s.endswith("…") or p == len(text) or text[p] == " ", ("cut at the end", h["id"], s[-40:])
        n += 1
assert n > 50, n
PY

# --no-snippets / "snippets": false: the same hits, with no text read.
printf '{"query": "huawei"}\n{"query": "huawei", "snippets": false}\n' |
  "$SEARCH" --db "$DB" --stdio > "$T/stdio" 2> "$T/err"
"$SEARCH" --db "$DB" --json --no-snippets huawei > "$T/nosnip" 2>> "$T/err"
python3 - "$T/stdio" "$T/nosnip" <<'PY' && ok "answers without snippets" || fail "answers without snippets"
import json, sys
full, bare = [json.loads(l) for l in open(sys.argv[1])]
cli = json.load(open(sys.argv[2]))
ids = [h["id"] for h in full["hits"]]
assert len(ids) == 10 and ids == [h["id"] for h in bare["hits"]] == [h["id"] for h in cli["hits"]]
assert all(h["snippet"] for h in full["hits"])
for h in bare["hits"] + cli["hits"]:
    assert h["snippet"] == "" and h["highlights"] == [] and h["title"] and h["path"], h
PY

# --vimgrep: each line/column points at a match in the file as opened.
expect_status 0 "$SEARCH" --db "$DB" --vimgrep backdoor
python3 - "$T/out" <<'PY' && ok "--vimgrep positions point at matches" || fail "--vimgrep positions"
import gzip, re, sys
n = 0
for line in open(sys.argv[1]):
    path, l, c, text = line.split(":", 3)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        src = f.read().split(b"\n")[int(l) - 1]
    word = src[int(c) - 1:int(c) - 1 + 9].decode("utf-8", "replace").lower()
    assert re.match(r"back[- ]?doors?", word), (path, l, c, word)
    n += 1
assert n >= 3, n
PY
if command -v vim > /dev/null; then
  cp "$T/out" "$T/qf.txt"
  vim -Es -u NONE -i NONE -c 'set errorformat=%f:%l:%c:%m' -c "cgetfile $T/qf.txt" \
    -c 'let q = getqflist()' -c "call writefile([len(q), bufname(q[0].bufnr), q[0].lnum, q[0].col], '$T/vim.txt')" -c 'qa!' < /dev/null
  expect_eq "$(sed -n 1p "$T/vim.txt")" "$(wc -l < "$T/qf.txt" | tr -d ' ')" "vim quickfix: one entry per hit"
  expect_eq "$(sed -n 2,4p "$T/vim.txt" | tr '\n' ':')" "$(head -1 "$T/qf.txt" | cut -d: -f1-3):" "vim quickfix: file, line, column"
  # The README's recipe, as written there, run through Vim's :grep.
  prg=$(grep -o ':set grepprg=[^`]*' "$top_srcdir/README" | head -1)
  fmt=$(grep -o ':set grepformat=[^`]*' "$top_srcdir/README" | head -1)
  [ -n "$prg" ] && [ -n "$fmt" ] || fail "README has no Vim recipe (grepprg and grepformat)"
  PATH="$top_builddir:$PATH" DOSSIER_DB="$DB" vim -Es -u NONE -i NONE -c "${prg#:}" -c "${fmt#:}" \
    -c 'silent grep backdoor' -c 'let q = getqflist()' \
    -c "call writefile([len(q), bufname(q[0].bufnr), q[0].lnum, q[0].col], '$T/vimgrep.txt')" -c 'qa!' < /dev/null > /dev/null
  expect_eq "$(sed -n 1,4p "$T/vimgrep.txt" | tr '\n' ':')" \
    "$(wc -l < "$T/qf.txt" | tr -d ' '):$(head -1 "$T/qf.txt" | cut -d: -f1-3):" "README's Vim recipe: file, line, column"
else
  echo "vim not installed: quickfix check skipped"
fi

# A file that starts with a UTF-8 BOM: Vim and Emacs show its first line
# without it, so a column there counts from after it, in every format.
mkdir -p "$T/bom"
bom=$(printf '\357\273\277')
printf '%s{"title": "Bom", "text": "A quokka in a JSON document"}\n' "$bom" > "$T/bom/a.json"
printf '%s[{"title": "Bom", "text": "quokka in a JSON array"}]\n' "$bom" > "$T/bom/b.json"
printf '%s{"id": "c1", "title": "Bom", "text": "quokka in JSON Lines"}\n' "$bom" > "$T/bom/c.jsonl"
printf '%s<html><body><p>The quokka in a page that goes on for a while.</p></body></html>\n' "$bom" > "$T/bom/d.html"
printf '%sThe quokka in a text file that goes on for a while, about telecom rules.\n' "$bom" > "$T/bom/e.txt"
printf '%sSubject: Bom\nDate: Mon, 1 Jul 2019 10:00:00 +0000\n\nThe quokka in a mail, about telecom rules.\n' "$bom" > "$T/bom/f.eml"
"$INDEX" --db "$T/bomdb" -q "$T/bom" || fail "index the BOM files"
expect_status 0 "$SEARCH" --db "$T/bomdb" --vimgrep quokka
python3 - "$T/out" <<'PY2' && ok "--vimgrep columns after a BOM" || fail "--vimgrep columns after a BOM: $(cat "$T/out")"
import sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    path, l, c, text = line.split(":", 3)
    src = open(path, "rb").read()[3:].split(b"\n")[int(l) - 1]
    assert src[int(c) - 1:].startswith(b"quokka"), (path, l, c)
    n += 1
assert n == 6, n
PY2
if command -v vim > /dev/null; then
  cp "$T/out" "$T/qf.txt"
  cat > "$T/bom.vim" <<EOF
set errorformat=%f:%l:%c:%m
cgetfile $T/qf.txt
let w = []
for e in getqflist()
  execute 'buffer' e.bufnr
  call add(w, strpart(getline(e.lnum), e.col - 1, 6))
endfor
call writefile(w, '$T/vim.txt')
qa!
EOF
  vim -Es -u NONE -i NONE -N -c 'set encoding=utf-8' -S "$T/bom.vim" < /dev/null
  expect_eq "$(sort -u "$T/vim.txt" | tr '\n' ' ')" "quokka " "vim quickfix lands on the match after a BOM"
fi

# --sort=date and -date order one day's articles by their time.
mkdir -p "$T/tod"
for t in 09:00 14:00 07:30; do
  printf 'Title: Note at %s\nDate: Fri, 29 Mar 2019 %s:00 +0000\n\nA timely otter note.\n' "$t" "$t" > "$T/tod/n${t%%:*}.eml"
done
printf 'Title: Day only\nDate: 29 March 2019\n\nA timely otter note, no time.\n' > "$T/tod/day.eml"
"$INDEX" --db "$T/toddb" -q "$T/tod" || fail "index one day's notes"
for order in date -date; do
  "$SEARCH" --db "$T/toddb" --json --sort=$order otter > "$T/tod.$order"
done
python3 - "$T/tod.date" "$T/tod.-date" <<'PY' && ok "--sort by date and time of day" || fail "--sort by time of day"
import json, sys
up = [h["date"] for h in json.load(open(sys.argv[1]))["hits"]]
down = [h["date"] for h in json.load(open(sys.argv[2]))["hits"]]
want = ["2019-03-29", "2019-03-29T07:30:00Z", "2019-03-29T09:00:00Z", "2019-03-29T14:00:00Z"]
assert up == want and down == want[::-1], (up, down)
PY

# A phrase's first match is where its words stand in order, not a lone
# first word before it; an entity's name is located as a phrase too.
mkdir -p "$T/phr"
printf 'Phrase location test\n\nThe ferret was seen smoking near the station.\n\nLater the inspector found no ferret,\ngun or knife; the National Cyber Security Centre said so.\n' > "$T/phr/p.txt"
"$INDEX" --db "$T/phrdb" -q "$T/phr" || fail "index the phrase test"
expect_status 0 "$SEARCH" --db "$T/phrdb" --vimgrep '"ferret gun"'
expect_eq "$(cut -d: -f2,3 "$T/out")" "5:30" "a phrase's first match (its words across a comma and a line)"
expect_status 0 "$SEARCH" --db "$T/phrdb" --vimgrep 'org:NCSC'
expect_eq "$(cut -d: -f2,3 "$T/out")" "6:19" "an entity's name as the first match"

# A wildcard's first match is located too: a word that starts so.
expect_status 0 "$SEARCH" --db "$DB" --vimgrep 'encrypt*'
python3 - "$T/out" <<'PY' && ok "--vimgrep locates a wildcard's match" || fail "--vimgrep wildcard"
import sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    path, l, c, text = line.split(":", 3)
    src = open(path, encoding="utf-8").read().split("\n")[int(l) - 1]
    assert src.encode()[int(c) - 1:].decode().lower().startswith("encrypt"), (path, l, c)
    n += 1
assert n == 2, n
PY

# Case folds beyond ASCII, as in the index: "état" is at "État".
expect_status 0 "$SEARCH" --db "$DB" --vimgrep 'état'
python3 - "$T/out" <<'PY' && ok "--vimgrep finds an upper-case accented word" || fail "--vimgrep État"
import sys
path, l, c, text = open(sys.argv[1], encoding="utf-8").readline().split(":", 3)
src = open(path, "rb").read().split(b"\n")[int(l) - 1]
assert src[int(c) - 1:].startswith("État".encode()), (path, l, c)
PY

# Indicators an article lists (hashes, one a line) are text: a hash finds
# its article, and --vimgrep points at its line.
mkdir -p "$T/ioc"
{
  printf 'Researchers publish indicators for the router campaign\n\n'
  printf 'Researchers published the indicators of compromise for the campaign on Tuesday, with the hashes of three samples recovered from routers.\n\n'
  printf 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n'
  printf '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n'
  printf '2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae\n\n'
  printf 'The agency said the samples talked to servers abroad and that operators should block the addresses at once.\n'
} > "$T/ioc/report.txt"
"$INDEX" --db "$T/iocdb" -q "$T/ioc" || fail "index the indicator report"
expect_status 0 "$SEARCH" --db "$T/iocdb" --vimgrep 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
expect_eq "$(cut -d: -f2,3 "$T/out")" "6:1" "a listed hash is found at its line"

# -l: unique paths in rank order; -c: one exact number.
expect_status 0 "$SEARCH" --db "$DB" -l huawei
expect_eq "$(sort "$T/out" | uniq -d | wc -l | tr -d ' ')" 0 "-l paths are unique"
# 18: every article but the two SIM-key twins names Huawei.
expect_status 0 "$SEARCH" --db "$DB" -c huawei; expect_eq "$(cat "$T/out")" 18 "-c counts every match"
expect_status 1 "$SEARCH" --db "$DB" -c zzqqxx; expect_eq "$(cat "$T/out")" 0 "-c with no match prints 0, exit 1"
# A short list is counted exactly on any page, not estimated ("about 20").
expect_status 0 "$SEARCH" --db "$DB" -n 3 huawei
expect_eq "$(head -1 "$T/out")" "18 matches, showing 1-3" "a total under 32 is exact"
# A hit's lines start under its title on a deep page too: rank 1000 is
# one digit wider than the three the first pages need.
python3 -c '
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(1002):
        f.write(json.dumps({"id": "n%d" % i, "title": "Note %d" % i, "date": "2019-01-01",
                            "text": "A walrus note, number %d." % i}) + "\n")' "$T/many.jsonl"
"$INDEX" --db "$T/manydb" -q "$T/many.jsonl" || fail "index 1002 notes"
expect_status 0 "$SEARCH" --db "$T/manydb" --color=never --offset 998 -n 3 walrus
python3 - "$T/out" <<'PY' && ok "hit lines aligned past rank 999" || fail "hit lines misaligned: $(sed -n 3,6p "$T/out")"
import re, sys
lines = open(sys.argv[1]).read().split("\n")
heads = [i for i, l in enumerate(lines) if re.match(r" *\d+\. ", l)]
assert [lines[i].split(".")[0].strip() for i in heads] == ["999", "1000", "1001"], heads
for i in heads:
    col = lines[i].index(". ") + 2
    for l in lines[i + 1:i + 3]:
        assert len(l) - len(l.lstrip(" ")) == col, (lines[i], l)
PY
expect_status 0 "$SEARCH" --db "$DB" --json -n 1 --offset 2 security
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["total"]; assert t=={"value":15,"exact":True}, t' "$T/out" \
  && ok "the JSON total of a short list is exact" || fail "JSON total: $(head -c 300 "$T/out")"

# --show and --stats; an unknown id exits 1.
id=$("$SEARCH" --db "$DB" --json 'backdoor AND NCSC' | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
expect_status 0 "$SEARCH" --db "$DB" --show "$id"
grep -q 'National Cyber Security Centre' "$T/out" && ok "--show prints entities" || fail "--show"
expect_status 1 "$SEARCH" --db "$DB" --show no-such-id && ok "--show unknown id: exit 1"
expect_status 1 "$SEARCH" --db "$DB" --json --show no-such-id
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; assert e["code"]=="not_found" and "no-such-id" in e["message"], e' "$T/out" \
  && ok "--json --show unknown id: a not_found error object" || fail "--json --show unknown id: '$(cat "$T/out")'"
expect_eq "$(cat "$T/err")" "dossier-search: no article with id 'no-such-id'" "--json --show unknown id: one line on stderr"
# An id is kept with its blanks folded, as every metadata field is: the
# id as the input file spells it (a tab, two spaces) finds its article.
printf '{"id": "wire\\t2019  07 ", "title": "Blanks in an id", "text": "A walrus."}\n{"id": "other", "title": "Other", "text": "A walrus too."}\n' > "$T/blank-id.jsonl"
"$INDEX" --db "$T/blankdb" -q "$T/blank-id.jsonl" || fail "index an id with blanks"
# The indexer drops the other C0 controls of a field (ESC, form feed):
# an id as the file spells it, with them, finds its article as well.
printf '{"id": "esc\\u001b[1mid\\fx", "title": "Controls in an id", "text": "A walrus."}\n' > "$T/ctl-id.jsonl"
"$INDEX" --db "$T/blankdb" -q "$T/ctl-id.jsonl" || fail "index an id with control characters"
for it in "wire\t2019  07 =Blanks in an id" "esc\033[1mid\fx=Controls in an id"; do
  given=$(printf "${it%%=*}")
  expect_status 0 "$SEARCH" --db "$T/blankdb" --show "$given"
  expect_eq "$(head -1 "$T/out")" "${it#*=}" "--show of an id as the file spells it: ${it#*=}"
  expect_status 0 "$SEARCH" --db "$T/blankdb" -l --like "$given"
  [ -s "$T/out" ] && ok "--like of an id as the file spells it: ${it#*=}" || fail "--like of ${it#*=}: nothing"
done
# The id is the user's, quoted back: a newline or an escape sequence in
# it is shown in caret notation, so the message stays one line and never
# drives the terminal.
odd=$(printf 'a\nb\033[31mc')
for opt in --show --like; do
  expect_status 1 "$SEARCH" --db "$DB" "$opt" "$odd"
  expect_eq "$(cat "$T/err")" "dossier-search: no article with id 'a^Jb^[[31mc'" "$opt of an id with control characters: one inert line"
done
expect_status 0 "$SEARCH" --db "$DB" --stats --json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["documents"]==20 and s["first_date"]=="2018-08-23" and s["last_date"]=="2020-07-14"' "$T/out" \
  && ok "--stats" || fail "--stats: $(cat "$T/out")"
expect_status 0 "$SEARCH" --db "$DB" --stats
expect_eq "$(grep '^dates' "$T/out")" "dates        2018-08-23 .. 2020-07-14" "--stats dates"
# Dates to their precision, as hits show them; an index of undated
# articles has none.
mkdir -p "$T/prec"
printf 'Title: A month only\nDate: March 2019\n\nThe vendor rules.\n' > "$T/prec/a.eml"
printf 'Title: A year only\nDate: 2017\n\nThe vendor rules again.\n' > "$T/prec/b.eml"
"$INDEX" --db "$T/precdb" -q "$T/prec" || fail "index month and year dates"
expect_status 0 "$SEARCH" --db "$T/precdb" --stats --json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert (s["first_date"], s["last_date"]) == ("2017", "2019-03"), s' "$T/out" \
  && ok "--stats dates to their precision" || fail "--stats precision: $(cat "$T/out")"
expect_status 0 "$SEARCH" --db "$T/precdb" --stats
expect_eq "$(grep '^dates' "$T/out")" "dates        2017 .. 2019-03" "--stats text dates to their precision"
printf 'An undated note\n\nNo date here.\n' > "$T/prec/c.txt"
"$INDEX" --db "$T/undated" -q "$T/prec/c.txt" || fail "index an undated article"
expect_status 0 "$SEARCH" --db "$T/undated" --stats
expect_eq "$(grep '^dates' "$T/out")" "dates        none (no article is dated)" "--stats with no dates"
expect_status 0 "$SEARCH" --db "$T/undated" --stats --json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["first_date"] is None is s["last_date"], s' "$T/out" \
  && ok "--stats --json with no dates" || fail "--stats --json no dates: $(cat "$T/out")"
# An index no article was ever committed to: "never" in text, null in
# JSON (0 would read as 1970).
mkdir -p "$T/nothing"
"$INDEX" --db "$T/nothingdb" -q "$T/nothing" || fail "index an empty directory"
expect_status 0 "$SEARCH" --db "$T/nothingdb" --stats
expect_eq "$(grep '^last update' "$T/out")" "last update  never" "--stats of an empty index: never updated"
expect_status 0 "$SEARCH" --db "$T/nothingdb" --stats --json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["last_update"] is None and s["documents"] == 0, s' "$T/out" \
  && ok "--stats --json of an empty index: last_update null" || fail "--stats --json empty index: $(cat "$T/out")"
# The span is the remaining articles' once the earliest and the latest
# are pruned (Xapian's value bounds only widen); an index reached through
# a symlink has its size.
mkdir -p "$T/prune"
cp -R "$SAMPLES"/text "$SAMPLES"/mail "$T/prune/"
"$INDEX" --db "$T/prunedb" -q "$T/prune" || fail "index for pruning"
rm "$T/prune/text/australia-5g-ban-2018.txt" "$T/prune/text/uk-huawei-5g-ban-2020.txt"
"$INDEX" --db "$T/prunedb" -q --prune "$T/prune" || fail "prune"
expect_status 0 "$SEARCH" --db "$T/prunedb" --stats
expect_eq "$(grep '^dates' "$T/out")" "dates        2018-12-06 .. 2020-01-28" "--stats dates after a prune"
# A run that changes nothing leaves the last update where it was.
before=$("$SEARCH" --db "$T/prunedb" --stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["last_update"])')
sleep 1.1
"$INDEX" --db "$T/prunedb" -q "$T/prune" || fail "index unchanged files"
after=$("$SEARCH" --db "$T/prunedb" --stats --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["last_update"])')
expect_eq "$after" "$before" "an unchanged run keeps the last update"
ln -s "$T/prunedb" "$T/prunelink"
expect_status 0 "$SEARCH" --db "$T/prunelink" --stats --json
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["disk_bytes"] > 100000, s' "$T/out" \
  && ok "--stats through a symlink" || fail "--stats through a symlink: $(cat "$T/out")"
expect_status 0 "$SEARCH" --db "$DB" --like "$id" -l
grep -q 'morning-cyber-brief' "$T/out" && ok "--like finds the related brief" || fail "--like: $(cat "$T/out")"
! grep -q 'hcsec-oversight' "$T/out" && ok "--like leaves the article itself out" || fail "--like returned itself"
# Words of the article alone relate it to nothing: the entity list's
# relatives include the FCC designation, which shares Huawei and ZTE.
expect_status 0 "$SEARCH" --db "$DB" --like tl-2019-05-16-entity-list -l -n 100
grep -q 'fcc-huawei-zte-designation' "$T/out" && ok "--like over shared words" || fail "--like: $(cat "$T/out")"
# An index too small for the expansion to weigh a shared word: the
# article's shared words and entities as they are.
printf '%s\n' '{"id":"t1","title":"Only a title about huawei","text":""}' \
  '{"id":"t2","title":"Huawei x","text":"huawei"}' \
  '{"id":"t3","title":"Other","text":"Body text about nokia and huawei."}' \
  '{"id":"t4","title":"Upper","text":"zte things here"}' > "$T/tiny.jsonl"
"$INDEX" --db "$T/tinydb" -q "$T/tiny.jsonl" || fail "index four records"
expect_status 0 "$SEARCH" --db "$T/tinydb" --like t2 --json
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); ids=sorted(h["id"] for h in a["hits"]); assert ids==["t1","t3"], ids' "$T/out" \
  && ok "--like in a tiny index" || fail "--like in a tiny index: $(head -c 300 "$T/out")"

# A long-running --stdio reader sees what is indexed while it runs (within
# a second), and a writer's many commits meanwhile never give it an error.
mkdir -p "$T/later"
"$INDEX" --db "$T/db2" -q "$SAMPLES/text" || fail "index for --stdio"
for k in 1 2 3 4 5; do
  printf 'Zanzibarian regulators weigh vendor rules %s\n\nThe Zanzibarian telecoms regulator said on Monday that it would review the rules for network equipment vendors, part %s of a series on how small markets follow the larger ones.\n' "$k" "$k" > "$T/later/z$k.txt"
done
python3 - "$SEARCH" "$INDEX" "$T/db2" "$T/later" <<'PY' && ok "--stdio sees new articles, no error across commits" || fail "--stdio and a writer"
import json, subprocess, sys, time
search, index, db, later = sys.argv[1:5]
p = subprocess.Popen([search, "--db", db, "--stdio", "--no-snippets"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
def ask(q):
    p.stdin.write(q + "\n"); p.stdin.flush()
    return json.loads(p.stdout.readline())
assert ask("zanzibarian")["total"]["value"] == 0
assert ask("huawei")["total"]["value"] > 0
# one commit per article: five revisions while the reader holds the first
subprocess.run([index, "--db", db, "-q", "--batch", "1", later], check=True)
a = ask("huawei")
assert "error" not in a, a
time.sleep(1.2)
a = ask("zanzibarian")
assert "error" not in a and a["total"]["value"] == 5, a
p.stdin.close(); p.wait()
assert p.returncode == 0
PY

# An index deleted and built again under a long-running --stdio reader:
# an error while it is gone, then the new index, not the old one's files.
python3 - "$SEARCH" "$INDEX" "$T/db3" "$SAMPLES/text" "$SAMPLES/mail" <<'PY' && ok "--stdio follows an index built again" || fail "--stdio and a rebuilt index"
import json, shutil, subprocess, sys, time
search, index, db, first, second = sys.argv[1:6]
subprocess.run([index, "-q", "--db", db, first], check=True)
p = subprocess.Popen([search, "--db", db, "--stdio", "--no-snippets"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
def ask(q):
    p.stdin.write(q + "\n"); p.stdin.flush()
    return json.loads(p.stdout.readline())
before = ask("huawei")
assert before["total"]["value"] > 0 and all("/text/" in h["path"] for h in before["hits"]), before
shutil.rmtree(db)
time.sleep(1.1)
gone = ask("huawei")
assert gone["error"]["code"] == "not_found", gone
subprocess.run([index, "-q", "--db", db, second], check=True)
time.sleep(1.1)
after = ask("huawei")
assert "error" not in after, after
paths = [h["path"] for h in after["hits"]]
assert paths and all("/mail/" in x for x in paths), paths
# moved away and back, unchanged: answered again once it is back
shutil.move(db, db + ".away")
time.sleep(1.1)
assert ask("huawei")["error"]["code"] == "not_found"
shutil.move(db + ".away", db)
time.sleep(1.1)
back = ask("huawei")
assert "error" not in back and back["total"] == after["total"], back
p.stdin.close(); p.wait()
assert p.returncode == 0
PY

# The entities that matched are listed first, however far down the
# article's list they are; the others fill up to six.
mkdir -p "$T/places"
printf 'Vendors across the world\n\nRegulators in the United States, Germany, France, Japan, India, Brazil, Italy, Spain, Mexico, Australia, Sweden and Canada weighed the vendor rules on Monday.\n' > "$T/places/places.txt"
"$INDEX" --db "$T/placesdb" -q "$T/places" || fail "index twelve places"
expect_status 0 "$SEARCH" --db "$T/placesdb" 'place:Canada OR place:Sweden'
expect_eq "$(grep 'place:' "$T/out" | sed 's/^ *//')" \
  "place: Sweden*, Canada*, United States, Germany, France, Japan, +6" "matched entities shown first"
expect_status 0 "$SEARCH" --db "$T/placesdb" vendor
expect_eq "$(grep 'place:' "$T/out" | sed 's/^ *//')" \
  "place: United States, Germany, France, Japan, India, Brazil, +6" "six entities when none matched"

# Text from the index never drives the terminal: a file name with ESC and
# BEL (an OSC title sequence), a title and body with C1 controls (U+009B
# CSI, U+0085) and DEL, and a file name that is not UTF-8 all come out as
# visible escapes (^[ ^G ^? <U+009B> <FF>), colour or not.
mkdir -p "$T/evil"
printf 'Evil \302\233 title\177 vendor\n\nThe vendorx \302\205 report on vendorx kit.\n' \
  > "$T/evil/evil$(printf '\033]0;T\007')name.txt"
printf 'Plain vendorx note\n\nAnother vendorx report.\n' > "$T/evil/bad$(printf '\377')name.txt"
"$INDEX" --db "$T/evildb" -q "$T/evil" || fail "index the evil file names"
"$SEARCH" --db "$T/evildb" vendorx > "$T/evil.txt" 2>&1
"$SEARCH" --db "$T/evildb" --color=always vendorx > "$T/evil.col" 2>&1
eid=$("$SEARCH" --db "$T/evildb" --json 'title:evil' | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
"$SEARCH" --db "$T/evildb" --show "$eid" > "$T/evil.show" 2>&1
"$SEARCH" --db "$T/evildb" --color=always --show "$eid" > "$T/evil.showcol" 2>&1
python3 - "$T/evil.txt" "$T/evil.col" "$T/evil.show" "$T/evil.showcol" <<'PY' && ok "text output escapes control characters" || fail "control characters reach the terminal"
import re, sys
for name in sys.argv[1:]:
    b = open(name, "rb").read()
    b = re.sub(rb"\x1b\[[0-9;]*m", b"", b)      # our own colour, nothing else
    bad = [c for c in b if c < 0x20 and c != 0x0a or c == 0x7f]
    assert not bad, (name, bad[:5])
    t = b.decode("utf-8")                        # strict: no raw invalid bytes
    assert not re.search("[\x80-\x9f]", t), (name, t)
    assert "^[]0;T^Gname.txt" in t, (name, t)
    if "show" not in name:
        assert "bad<FF>name.txt" in t and "Evil <U+009B> title^? vendor" in t, (name, t)
    else:
        assert "<U+0085> report" in t, (name, t)
PY

# --vimgrep and -l: one line per hit whatever the path holds (a newline
# is ^J, ESC ^[), no control character in the text either.
mkdir -p "$T/nl"
printf 'Newline vendorx\n\nA vendorx \302\233 note.\n' > "$T/nl/new
line.txt"
printf 'Escape vendorx\n\nAnother vendorx note.\n' > "$T/nl/esc$(printf '\033').txt"
"$INDEX" --db "$T/nldb" -q "$T/nl" || fail "index paths with a newline and ESC"
for m in --vimgrep -l; do
  "$SEARCH" --db "$T/nldb" $m vendorx > "$T/nl.out" 2> "$T/err"
  python3 - "$T/nl.out" "$m" <<'PY' && ok "$m: one line per hit, escaped" || fail "$m: paths split or raw"
import re, sys
b = open(sys.argv[1], "rb").read()
assert not [c for c in b if c < 0x20 and c != 0x0a or c == 0x7f], b
t = b.decode("utf-8")
assert not re.search("[\x80-\x9f]", t), t
lines = sorted(t.splitlines())
assert len(lines) == 2, lines
assert lines[0].split("/")[-1].startswith("esc^[.txt"), lines
assert lines[1].split("/")[-1].startswith("new^Jline.txt"), lines
if sys.argv[2] == "--vimgrep":
    assert lines[1].endswith("<U+009B> note."), lines
PY
done

# JSON is UTF-8 whatever the bytes it echoes: a Latin-1 query on --stdio
# and --json, a JSON request holding a raw 0xFF, a path that is not UTF-8.
printf 'vendorx caf\351\n{"query": "ven\377dorx"}\nvendorx\n' |
  "$SEARCH" --db "$T/evildb" --stdio > "$T/evil.stdio" 2> "$T/err"
"$SEARCH" --db "$T/evildb" --json "$(printf 'ven\377dorx')" > "$T/evil.json1" 2> "$T/err"
"$SEARCH" --db "$T/evildb" --json vendorx > "$T/evil.json2" 2> "$T/err"
"$SEARCH" --db "$T/evildb" --json --show "$eid" > "$T/evil.json3" 2> "$T/err"
python3 - "$T/evil.stdio" "$T/evil.json1" "$T/evil.json2" "$T/evil.json3" <<'PY' && ok "JSON output is UTF-8" || fail "JSON output that is not UTF-8"
import json, sys
def lines(name):    # bytes: json.loads decodes them strictly
    return [json.loads(l) for l in open(name, "rb").read().split(b"\n") if l]
s = lines(sys.argv[1])
assert len(s) == 3 and s[0]["query"] == "vendorx caf\ufffd" and s[1]["query"] == "ven\ufffddorx", s
assert s[2]["total"]["value"] == 2, s[2]
assert lines(sys.argv[2])[0]["query"] == "ven\ufffddorx"
paths = sorted(h["path"].rsplit("/", 1)[1] for h in lines(sys.argv[3])[0]["hits"])
assert paths == ["bad\ufffdname.txt", "evil\x1b]0;T\x07name.txt"], paths
assert "\u0085 report" in lines(sys.argv[4])[0]["article"]["text"]
PY

# An answer that cannot be written is an error in every mode: exit 2 and
# one line saying why; --stdio stops at the first failed answer.
if [ -w /dev/full ]; then
  for m in "" --json --vimgrep -l -c "--stats --json" --stats; do
    q=huawei
    case "$m" in --stats*) q= ;; esac	# --stats takes no query
    # shellcheck disable=SC2086
    "$SEARCH" --db "$DB" $m $q > /dev/full 2> "$T/err"
    expect_eq "$? $(cat "$T/err")" "2 dossier-search: writing the answer: No space left on device" \
      "write error in mode '${m:-text}'"
  done
  "$SEARCH" --db "$DB" --json --show "$id" > /dev/full 2> "$T/err"
  expect_eq "$? $(cat "$T/err")" "2 dossier-search: writing the answer: No space left on device" "write error of --show --json"
  printf 'huawei\nbackdoor\nnetwork\n' | "$SEARCH" --db "$DB" --stdio > /dev/full 2> "$T/err"
  expect_eq "$? $(cat "$T/err")" "2 dossier-search: writing the answer: No space left on device" "write error of --stdio"
else
  echo "no /dev/full: write error checks skipped"
fi
# A reader that goes away while SIGPIPE is ignored: the loop ends (EPIPE),
# it does not answer an endless input into the void.
( trap '' PIPE; yes huawei | { timeout 60 "$SEARCH" --db "$DB" --stdio --no-snippets 2> "$T/err"; echo $? > "$T/st"; } | head -1 > /dev/null )
expect_eq "$(cat "$T/st") $(cat "$T/err")" "2 dossier-search: writing the answer: Broken pipe" "--stdio stops at EPIPE"

# Positions are never made up: a clean line that is the file's own bytes
# gets the match's column; one that was decoded, repaired or joined gets
# where its source starts (the line's start for mail and text).
mkdir -p "$T/pos"
printf 'From: a@example.com\nSubject: Quoted printable\nDate: Mon, 1 Jan 2024 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nIntro line here with a gazelle.\n\nCaf=C3=A9 and the unicorn went out.\nThis is a long line that goes on and on and on and on and on and on and on=\n and on until the zebra appears.\n' > "$T/pos/qp.eml"
printf 'Latin one text\n\nCaf\351 au lait caf\351 with a jackal here.\n\nAn ibex, plain as can be.\n' > "$T/pos/latin.txt"
printf '{"url":"http://x.example/a","title":"Zebra title","text":"Hello there zebra.\\nSecond line unicorn."}\n{"url":"http://x.example/b","title":"T2","text":"caf\\u00e9 the walrus"}\n' > "$T/pos/t.jsonl"
printf '{\n  "url": "http://x.example/c",\n  "title": "Pretty",\n  "text": "Pretty printed ocelot here.\\nAnd a second zebra line."\n}\n' > "$T/pos/p.json"
printf '<html><head><title>T</title></head><body><article>\n<p>"Quoted text then the zebra.</p>\n<p>A &gt; b &amp; c &eacute; &#233; then the unicorn.</p>\n<p>Some <b>bold</b> and <a href="x">link</a> then the walrus.</p>\n<p>Span\nacross three\nlines to the ocelot.</p>\n<p><b>EU</b> rules for the jackal.</p>\n</article></body></html>\n' > "$T/pos/t.html"
"$INDEX" --db "$T/posdb" -q "$T/pos" || fail "index the position files"
place() {  # place FILE WORD: line:column of WORD's first match in FILE
  "$SEARCH" --db "$T/posdb" --vimgrep "$2" | grep "/$1:" | cut -d: -f2,3
}
expect_eq "$(place qp.eml gazelle)" "8:24" "quoted-printable line without escapes: the word's column"
expect_eq "$(place qp.eml unicorn)" "10:1" "quoted-printable escapes: the line's start"
expect_eq "$(place qp.eml zebra)" "11:1" "quoted-printable soft break: the joined line's start"
expect_eq "$(place latin.txt jackal)" "3:1" "invalid UTF-8 before the word: the line's start"
expect_eq "$(place latin.txt ibex)" "5:4" "a clean line after it: the word's column"
expect_eq "$(place t.html zebra)" "2:26" "HTML: a leading quote, then the word's column"
expect_eq "$(place t.html unicorn)" "3:4" "HTML: entities before the word: the block's start"
expect_eq "$(place t.html walrus)" "4:4" "HTML: tags before the word: the block's start"
expect_eq "$(place t.html ocelot)" "5:4" "HTML: a block over three lines: its start"
expect_eq "$(place t.html jackal)" "8:1" "HTML: a tag before the first word: the block's line"
expect_eq "$(place t.jsonl zebra)" "1:71" "JSON Lines: the word in the text string"
expect_eq "$(place t.jsonl unicorn)" "1:91" "JSON Lines: the word after an escaped line break"
expect_eq "$(place t.jsonl walrus)" "2:50" "JSON Lines: after an escape, the text string's start"
expect_eq "$(place p.json ocelot)" "4:27" "pretty-printed JSON: the text's own line"
expect_eq "$(place p.json zebra)" "4:54" "pretty-printed JSON: after an escaped line break"

# Colour only when asked or on a terminal; NO_COLOR respected.
"$SEARCH" --db "$DB" --color=always backdoor | grep -q "$(printf '\033')" && ok "--color=always" || fail "--color=always"
"$SEARCH" --db "$DB" backdoor | grep -q "$(printf '\033')" && fail "colour in a pipe" || ok "no colour in a pipe"
# On a terminal: colour, unless NO_COLOR is set to something (no-color.org:
# an empty NO_COLOR does not count).
python3 - "$SEARCH" "$DB" <<'PY' && ok "colour on a terminal, NO_COLOR non-empty only" || fail "colour on a terminal / NO_COLOR"
import os, pty, sys
search, db = sys.argv[1:3]
def on_tty(no_color):
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    if no_color is not None:
        env["NO_COLOR"] = no_color
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(search, [search, "--db", db, "backdoor"], env)
    out = b""
    while True:
        try:
            b = os.read(fd, 65536)
        except OSError:
            break
        if not b:
            break
        out += b
    os.waitpid(pid, 0)
    return b"\x1b[" in out
assert on_tty(None), "no colour on a terminal"
assert on_tty(""), "an empty NO_COLOR turned colour off"
assert not on_tty("1"), "NO_COLOR=1 left colour on"
PY
# A page past the last hit says so, rather than a bare count.
expect_status 0 "$SEARCH" --db "$DB" --offset 30 huawei
expect_eq "$(cat "$T/out")" "18 matches; --offset 30 is past the last" "--offset past the last hit"

# Sorted by date every match is looked at: the total is exact, not an
# estimate (40 of 60 reports lack "more"; past EXACT_TOTAL_MIN).
mkdir -p "$T/many"
i=1
while [ $i -le 60 ]; do
  more=; [ $((i % 3)) = 0 ] && more="and more widgets"
  printf 'Report %d on widgets\n\nThe widget review number %d found widgets and gadgets %s.\n' \
    $i $i "$more" > "$T/many/r$i.txt"
  i=$((i + 1))
done
"$INDEX" --db "$T/manydb" -q "$T/many" || fail "index 60 reports"
expect_status 0 "$SEARCH" --db "$T/manydb" --json -n 1 --sort=date 'review NOT more'
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["total"]; assert t=={"value":40,"exact":True}, t' "$T/out" \
  && ok "--sort=date: exact total" || fail "--sort=date total: $(head -c 200 "$T/out")"

# An index that cannot be opened: the error object on stdout for the
# programs reading it (--json; --stdio's one line), the message on
# stderr, exit status 2.
expect_status 2 "$SEARCH" --db "$T/none" --json huawei
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a["query"]=="huawei" and a["error"]["code"]=="no_index", a' "$T/out" \
  && ok "--json: no index is an error object" || fail "--json without an index: $(cat "$T/out")"
grep -q "no index at" "$T/err" && ok "no index: stderr says so" || fail "no index: stderr $(cat "$T/err")"
mkdir -p "$T/notindex" && : > "$T/notindex/file"
if echo huawei | "$SEARCH" --db "$T/notindex" --stdio > "$T/out" 2> "$T/err"; then
  fail "--stdio without an index exited 0"
else
  python3 -c 'import json,sys; l=open(sys.argv[1]).read().splitlines(); assert len(l)==1 and json.loads(l[0])["error"]["code"]=="no_index", l' "$T/out" \
    && ok "--stdio: no index is one error line" || fail "--stdio without an index: $(cat "$T/out")"
fi
finish
