#!/bin/sh
# Bad input never stops a run: binary files, invalid UTF-8, truncated gzip,
# malformed JSON lines (reported as file:line, the rest still indexed),
# empty and oversized records are reported with a reason and counted; exit
# status 1 when anything was skipped.
. "$top_srcdir/tests/e2e/lib.sh"

D="$T/in"; mkdir -p "$D"
printf 'Title: Good mail\nDate: Thu, 28 Mar 2019 08:30:00 +0000\nSource: Test Wire\n\nThe quokka report was published today.\n' > "$D/good.eml"
head -c 3000 /dev/urandom > "$D/noise.bin"
printf '\x89PNG\r\n\x1a\n\0\0\0binary' > "$D/image.txt"
: > "$D/empty.txt"
printf '{"id":"j1","title":"First","text":"The wombat paragraph."}\n{"id":"j2","title":"Broken",\n{"id":"j3","title":"Third","text":"The numbat paragraph."}\n' > "$D/feed.jsonl"
printf 'Invalid UTF-8 \xff\xfe in a platypus story that is long enough to count as text.\n' > "$D/latin.txt"
printf '{"id":"g1","title":"Zipped","text":"The echidna story."}\n' | gzip -c > "$T/full.gz"
head -c 30 "$T/full.gz" > "$D/cut.jsonl.gz"
printf '{"id":"g2","title":"Zipped ok","text":"The bilby story."}\n' | gzip -c > "$D/ok.jsonl.gz"

# An empty directory is nothing to index, and no error (UBSan: qsort()
# was handed the NULL of an empty list of names).
mkdir -p "$T/void"
expect_status 0 "$INDEX" --db "$T/voiddb" "$T/void" && ok "an empty directory: exit 0"
grep -q 'runtime error' "$T/err" && fail "an empty directory: $(cat "$T/err")"
expect_status 0 "$SEARCH" --db "$T/voiddb" --stats && expect_eq "$(sed -n 1p "$T/out")" "documents    0" "an empty directory: an empty index"

expect_status 1 "$INDEX" --db "$T/db" "$D" && ok "skips give exit status 1"
grep -q 'feed.jsonl:2:' "$T/err" && ok "malformed JSON line reported as file:line" || fail "no feed.jsonl:2 in: $(cat "$T/err")"
grep -q 'noise.bin.*binary' "$T/err" && ok "binary file reported" || fail "binary not reported"
grep -q 'image.txt.*binary' "$T/err" && ok "binary content under .txt reported" || fail "image.txt not reported"
grep -q 'empty.txt.*empty' "$T/err" && ok "empty file reported" || fail "empty not reported"
grep -q 'cut.jsonl.gz.*gzip' "$T/err" && ok "truncated gzip reported" || fail "truncated gzip not reported"
grep -q 'skipped (' "$T/err" && ok "summary counts skips" || fail "no skip summary"
for w in quokka wombat numbat platypus bilby; do
  expect_status 0 "$SEARCH" --db "$T/db" -c "$w" && expect_eq "$(cat "$T/out")" 1 "indexed despite bad neighbours: $w"
done
expect_status 1 "$SEARCH" --db "$T/db" -c echidna; expect_eq "$(cat "$T/out")" 0 "nothing from the truncated gzip"

# Standard input needs --name, and indexes under it.
printf 'Subject: From stdin\nDate: 2019-02-26\n\nA kangaroo walked in.\n' |
  "$INDEX" --db "$T/db" --format mail --name stdin-article - > "$T/out" 2> "$T/err" && ok "stdin indexed" || fail "stdin: $(cat "$T/err")"
expect_status 0 "$SEARCH" --db "$T/db" -l kangaroo; expect_eq "$(cat "$T/out")" "stdin-article" "stdin article found under its --name"
expect_status 2 "$INDEX" --db "$T/db" - && ok "stdin without --name is an error"

# A record whose metadata would pass 1 MiB (a title gone wild) is skipped
# with its line; its neighbour is indexed.
python3 -c '
import json
print(json.dumps({"id": "huge", "title": "T" * 1200000, "text": "A dugong report."}))
print(json.dumps({"id": "fine", "title": "Fine", "text": "Another dugong report."}))' > "$T/huge.jsonl"
expect_status 1 "$INDEX" --db "$T/db" "$T/huge.jsonl"
grep -q 'huge.jsonl:1: metadata over 1 MiB (skipped)' "$T/err" && ok "oversized metadata reported as file:line" ||
  fail "no oversized-metadata message in: $(cat "$T/err")"
expect_status 0 "$SEARCH" --db "$T/db" -c dugong; expect_eq "$(cat "$T/out")" 1 "the neighbour of an oversized record is indexed"
expect_status 0 "$SEARCH" --db "$T/db" --show fine
expect_status 1 "$SEARCH" --db "$T/db" --show huge && ok "the oversized record is not in the index"

# Undecoded base64 that a JSON record carries (a mail's attachment) is not
# text: its prose is indexed, the encoded block is not.
python3 -c '
import base64, json, re, sys
blob = base64.encodebytes(bytes(range(256)) * 8).decode()
text = "A bandicoot paragraph before the data.\n\n" + blob + "\nAnd a quoll paragraph after it."
print(json.dumps({"id": "b64", "title": "Carried data", "text": text}))
# a piece of the block that would be a term (between "+" and "/")
piece = [p for p in re.split("[^A-Za-z0-9]", blob) if 8 <= len(p) <= 60 and p.isalnum()][0]
open(sys.argv[1], "w").write(piece.lower())' "$T/piece" > "$T/b64.jsonl"
expect_status 0 "$INDEX" --db "$T/db" "$T/b64.jsonl"
for w in bandicoot quoll; do
  expect_status 0 "$SEARCH" --db "$T/db" -c "$w"; expect_eq "$(cat "$T/out")" 1 "prose around base64 indexed: $w"
done
expect_status 1 "$SEARCH" --db "$T/db" -c "$(cat "$T/piece")" && ok "no term from the base64 block"
"$INDEX" --dry-run --json "$T/b64.jsonl" > "$T/dry" 2>&1
grep -qi "$(cat "$T/piece")" "$T/dry" && fail "base64 block in the clean text" || ok "base64 block not in the clean text"

# No title: the first line makes one, cut after a word (or, in a script
# written without spaces, after a character), marked "…".
python3 -c '
import json
long = "Regulators in several capitals weighed the evidence on telecoms suppliers for months, and the decision came late on a Friday evening. More text."
print(json.dumps({"id": "en", "text": long}))
print(json.dumps({"id": "ja", "text": "通信機器の調達について各国の規制当局は数か月にわたり証拠を検討し結論は金曜日の夜遅くに出された" * 2}))
print(json.dumps({"id": "short", "text": "A short first line.\n\nThe body goes on."}))
print(json.dumps({"id": "rule", "text": "-" * 130 + "\n\nThe line after the rule.\n\nMore."}))
print(json.dumps({"id": "dots", "text": "・" * 50 + "\n\nThe line after the dots.\n\nMore."}))' > "$T/untitled.jsonl"
"$INDEX" --dry-run --json "$T/untitled.jsonl" > "$T/dry" 2> "$T/err"
python3 - "$T/dry" <<'PY' && ok "titles from the first line" || fail "titles from the first line"
import json, sys
r = {a["id"]: a for a in map(json.loads, open(sys.argv[1]))}
en, ja = r["en"]["title"], r["ja"]["title"]
assert en.endswith("…") and len(en.encode()) <= 123, en
assert r["en"]["text"].startswith(en[:-1]) and r["en"]["text"][len(en) - 1] == " ", en
assert ja.endswith("…") and r["ja"]["text"].startswith(ja[:-1]) and len(ja[:-1].encode()) <= 120, ja
assert r["short"]["title"] == "A short first line.", r["short"]["title"]
assert r["rule"]["title"] == "The line after the rule.", r["rule"]["title"]
assert r["dots"]["title"] == "The line after the dots.", r["dots"]["title"]
PY
# Plain text in Windows-1252 (as old scrapers saved it) is decoded, not
# turned into U+FFFD: its accented words and curly quotes are found; a
# UTF-8 byte order mark does not end up in the title.
printf 'Caf\351 owners and the \223tapir\224 rule\n\nBy Ana Ruiz\n\nThe caf\351\222s owner read the r\351sum\351 of the tapir rule, a paragraph long enough to be kept as body text.\n' > "$T/cp1252.txt"
printf '\357\273\277The margay headline\n\nA margay paragraph, long enough to be kept as the body text of this article.\n' > "$T/bom.txt"
expect_status 0 "$INDEX" --db "$T/db" "$T/cp1252.txt" "$T/bom.txt"
expect_status 0 "$SEARCH" --db "$T/db" -c 'résumé'; expect_eq "$(cat "$T/out")" 1 "a Windows-1252 word is found"
expect_status 0 "$SEARCH" --db "$T/db" --json --show "$(cd "$T" && pwd -P)/cp1252.txt"
python3 - "$T/out" <<'PY' && ok "Windows-1252 text decoded" || fail "Windows-1252 text: $(cat "$T/out")"
import json, sys
h = json.load(open(sys.argv[1]))["article"]
s = json.dumps(h, ensure_ascii=False)
assert "\ufffd" not in s, s
assert h["title"] == "Café owners and the “tapir” rule", h["title"]
assert "café’s owner" in s, s
PY
expect_status 0 "$SEARCH" --db "$T/db" --json --show "$(cd "$T" && pwd -P)/bom.txt"
grep -q '"title":"The margay headline"' "$T/out" && ok "no BOM in a title" || fail "BOM title: $(cat "$T/out")"

# UTF-16 with its byte order mark (as Windows' "Unicode" save writes it)
# is read in any format, not skipped as binary.
python3 - "$T" <<'PY'
import sys
body = "A {w} paragraph about caf\u00e9 owners, long enough to be kept as the body text of it."
open(sys.argv[1] + "/u16le.txt", "wb").write(("The ocelot headline\n\n" + body.format(w="ocelot") + "\n").encode("utf-16"))
open(sys.argv[1] + "/u16be.html", "wb").write(b"\xfe\xff" + ("<html><head><title>The serval page</title></head><body><p>" + body.format(w="serval") + "</p></body></html>").encode("utf-16-be"))
PY
expect_status 0 "$INDEX" --db "$T/db" "$T/u16le.txt" "$T/u16be.html"
for w in ocelot serval; do
  expect_status 0 "$SEARCH" --db "$T/db" -c "$w café"; expect_eq "$(cat "$T/out")" 1 "UTF-16 indexed: $w"
done
expect_status 0 "$SEARCH" --db "$T/db" --json --show "$(cd "$T" && pwd -P)/u16le.txt"
grep -q '"title":"The ocelot headline"' "$T/out" && ok "UTF-16 title" || fail "UTF-16 title: $(cat "$T/out")"

# Mail in its own charset: 8-bit Latin-1 as sent (once read as U+FFFD and
# then again as Latin-1, "caf\303\257\302\277\302\275"), KOI8-R.
printf 'Subject: R\351sum\351 of the jerboa meeting\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\nThe caf\351 owner read the jerboa r\351sum\351.\n' > "$T/latin1.eml"
printf 'Subject: =?koi8-r?B?8NLJ18XU?= from the saiga desk\nContent-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: quoted-printable\n\n=F0=D2=C9=D7=C5=D4 from the saiga desk.\n' > "$T/koi8.eml"
expect_status 0 "$INDEX" --db "$T/db" "$T/latin1.eml" "$T/koi8.eml"
expect_status 0 "$SEARCH" --db "$T/db" -c 'jerboa résumé café'; expect_eq "$(cat "$T/out")" 1 "Latin-1 mail decoded"
expect_status 0 "$SEARCH" --db "$T/db" -c 'saiga привет'; expect_eq "$(cat "$T/out")" 1 "KOI8-R mail decoded"
expect_status 0 "$SEARCH" --db "$T/db" --json --show "$(cd "$T" && pwd -P)/latin1.eml"
grep -q '"title":"Résumé of the jerboa meeting"' "$T/out" && ok "Latin-1 mail subject" || fail "Latin-1 subject: $(cat "$T/out")"

# A file gzipped twice is one skip that says so, not lines of junk read
# as malformed records.
printf '{"id":"gg1","title":"Twice","text":"The tayra story."}\n{"id":"gg2","text":"More."}\n' | gzip -c | gzip -c > "$T/twice.jsonl.gz"
printf 'The kinkajou headline\n\nA kinkajou paragraph long enough to be kept as body text here.\n' | gzip -c | gzip -c > "$T/twice.txt.gz"
expect_status 1 "$INDEX" --db "$T/db" "$T/twice.jsonl.gz" "$T/twice.txt.gz"
expect_eq "$(grep -c 'gzip inside gzip' "$T/err")" 2 "gzip inside gzip reported once per file"
grep -q 'malformed' "$T/err" && fail "twice-gzipped lines read as records: $(cat "$T/err")" || ok "no junk records from a gzip inside gzip"

# An index kept inside the tree it indexes is not walked for articles:
# its files were a dozen "binary or unknown format" skips, exit 1.
mkdir -p "$T/tree"
printf 'Title: Okapi\n\nThe okapi report.\n' > "$T/tree/okapi.eml"
expect_status 0 "$INDEX" --db "$T/tree/db" "$T/tree"
expect_status 0 "$INDEX" --db "$T/tree/db" "$T/tree"
grep -q 'glass\|skipped (' "$T/err" && fail "walked into its own index: $(head -3 "$T/err")" || ok "own index inside the tree not walked"
expect_status 0 "$SEARCH" --db "$T/tree/db" -c okapi; expect_eq "$(cat "$T/out")" 1 "the tree's article indexed"

# --dry-run: a line per article without --json, a versioned object with
# it; the summary says nothing changed.
printf 'Title: Quokka\nDate: 2020-05-01\n\nThe quokka note.\n' > "$T/quokka.eml"
expect_status 0 "$INDEX" --dry-run "$T/quokka.eml"
expect_eq "$(cat "$T/out")" "quokka.eml: Quokka (2020-05-01)" "--dry-run: one line per article"
grep -q '1 documents would be indexed (dry run: nothing changed)' "$T/err" && ok "--dry-run summary" || fail "--dry-run summary: $(cat "$T/err")"
expect_status 0 "$INDEX" --dry-run --json "$T/quokka.eml"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["format_version"]==3 and "v" not in d and d["title"]=="Quokka", d' "$T/out" \
  && ok "--dry-run --json: format_version" || fail "--dry-run --json: $(cat "$T/out")"

# JSON Lines with old Mac line ends (a CR alone): a record per line, as
# with LF or CR LF, not one line of "trailing garbage" and all lost.
printf '{"id":"m1","text":"The margay file."}\r{"id":"m2","text":"The margay again."}\r\r{"id":"m3","text":"A third margay."}\r' > "$T/mac.jsonl"
expect_status 0 "$INDEX" --db "$T/macdb" "$T/mac.jsonl"
expect_status 0 "$SEARCH" --db "$T/macdb" -c margay; expect_eq "$(cat "$T/out")" 3 "CR-only JSON Lines: three records"
gzip -c "$T/mac.jsonl" > "$T/mac2.jsonl.gz"
expect_status 0 "$INDEX" --db "$T/macdb2" "$T/mac2.jsonl.gz"
expect_status 0 "$SEARCH" --db "$T/macdb2" -c margay; expect_eq "$(cat "$T/out")" 3 "CR-only JSON Lines, gzipped: three records"

finish
