#!/bin/sh
# The query language end to end: index samples/ and run every case of
# tests/data/search-cases.tsv (its header gives the format), checking the
# exact result set, ranked list or first hit, or the exit status of a query
# that finds nothing (1) or is malformed (2).  The expectations come from
# reading the articles, not from the engine's output.
. "$top_srcdir/tests/e2e/lib.sh"

CASES="$top_srcdir/tests/data/search-cases.tsv"
DB="$T/db"
command -v python3 > /dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
[ -r "$CASES" ] || { fail "cannot read $CASES"; finish; }

expect_status 0 "$INDEX" --db "$DB" -q "$SAMPLES" && ok "index samples/ (exit 0)"
# The hits carry real absolute paths: key them against the real samples/.
SAMPLES_REAL=$(cd "$SAMPLES" && pwd -P)

# keys FILE: the result keys of a --json answer, one per line, in rank order:
# the path under samples/, or the record id for a JSON Lines file.
keys() {
  python3 - "$SAMPLES_REAL" "$1" <<'EOF'
import json, os, sys
root, path = sys.argv[1], sys.argv[2]
try:
    with open(path, encoding="utf-8") as f:
        answer = json.load(f)
except (OSError, ValueError) as e:
    print("<bad JSON: %s>" % e)
    sys.exit(0)
for hit in answer.get("hits", []):
    p = hit.get("path") or ""
    if p.endswith(".jsonl"):
        print(hit.get("id"))
        continue
    rp = os.path.realpath(p)
    print(os.path.relpath(rp, root) if rp.startswith(root + os.sep) else p)
EOF
}

# sorted_csv: comma-separated list from lines, sorted (for set comparison)
sorted_csv() { LC_ALL=C sort | paste -sd, -; }

n=0
tab=$(printf '\t')
while IFS="$tab" read -r mode query expected opts; do
  case "$mode" in ''|'#'*) continue ;; esac
  n=$((n + 1))
  what="[$n] $mode '$query'${opts:+ $opts}"
  # shellcheck disable=SC2086 # opts is a space-separated option list
  "$SEARCH" --db "$DB" --json -n 1000 ${opts:-} -- "$query" > "$T/out" 2> "$T/err"
  status=$?
  case "$mode" in
    set|order|first) want=0 ;;
    none) want=1 ;;
    error) want=2 ;;
    *) fail "$what: unknown mode '$mode'"; continue ;;
  esac
  if [ "$status" != "$want" ]; then
    got=$(keys "$T/out" | paste -sd, -)
    fail "$what: exit status $status, want $want (got: ${got:-nothing}; stderr: $(head -1 "$T/err"))"
    continue
  fi
  keys "$T/out" > "$T/keys"
  case "$mode" in
    set)
      expect_eq "$(sorted_csv < "$T/keys")" \
        "$(printf '%s\n' "$expected" | tr ',' '\n' | sorted_csv)" "$what" ;;
    order)
      expect_eq "$(paste -sd, - < "$T/keys")" "$expected" "$what" ;;
    first)
      expect_eq "$(head -1 "$T/keys")" "$expected" "$what" ;;
    none)
      expect_eq "$(paste -sd, - < "$T/keys")" "" "$what" ;;
    error)
      if grep -q '"error"' "$T/out"; then ok "$what"; else fail "$what: no error object in the JSON answer"; fi ;;
  esac
done < "$CASES"

if [ "$n" -ge 45 ]; then ok "$n cases run"; else fail "only $n cases in $CASES"; fi

# XOR over two shards, where both operands end on one article of a shard
# and the other shard goes on: Xapian's own OP_XOR crashed here (SIGSEGV).
python3 - "$T/sea.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(40):
        w = []
        if i % 2:
            w.append("walruses" if i % 4 == 1 else "walrus")
        if i % 3 == 0:
            w.append("narwhals" if i % 6 == 0 else "narwhal")
        if i >= 36:
            w = ["walrus", "narwhal"]
        title = "Note %d%s" % (i, " walrus" if i % 5 == 0 else "")
        f.write(json.dumps({"id": "x%d" % i, "title": title,
                            "text": "A note about the sea: %s swim here." % " ".join(w)}) + "\n")
EOF
"$INDEX" --db "$T/seadb" -q -j 2 "$T/sea.jsonl" || fail "index the XOR articles"
# 18: walrus in body or title (odd i, i >= 36, i % 5 == 0) or narwhal
# (i % 3 == 0, i >= 36), not both; every article says "sea"
expect_status 0 "$SEARCH" --db "$T/seadb" -n 3 'walrus XOR narwhal' && ok "XOR over shards answers"
expect_status 0 "$SEARCH" --db "$T/seadb" -c 'walrus XOR narwhal'
expect_eq "$(cat "$T/out")" 18 "XOR over shards: articles with one of the two words"
expect_status 0 "$SEARCH" --db "$T/seadb" -c 'walrus XOR narwhal XOR sea'
expect_eq "$(cat "$T/out")" 22 "XOR of three: an odd number of the words"
# XORs nested in XORs multiply the postlists matched: bounded, an error
# past it (20 levels took 65 s and 7 GB before).
q=walrus; for i in 1 2 3 4 5 6; do q="(($q XOR narwhal) AND sea)"; done
expect_status 0 "$SEARCH" --db "$T/seadb" -c "$q" && ok "six nested XORs"
q="(($q XOR narwhal) AND sea)"
expect_status 2 "$SEARCH" --db "$T/seadb" -c "$q" && ok "seven nested XORs: too deep"
# What NOT takes away has no AND_MAYBE: Xapian's leaves its maxweights
# unset there, and with garbage in the heap (glibc's MALLOC_PERTURB_, or
# ASan's fill) "a XOR b" matched as "a OR b" (30) and "walrus NOT
# (narwhal AND sea)" took nothing away (26, not 14).
for qn in 'walrus XOR narwhal=18' 'walrus NOT (narwhal AND sea)=14'; do
  MALLOC_PERTURB_=1 "$SEARCH" --db "$T/seadb" -c "${qn%=*}" > "$T/perturbed"
  expect_eq "$(cat "$T/perturbed")" "${qn#*=}" "${qn%=*} with garbage in the heap"
done
# A date known to its month or year is in a range only when all of it
# is, at either end: "2019" was in ..2019-02 (it sorts as 2019-00-00)
# though never in 2019-03-16..; "2019-03" was in ..2019-03-30.  A range
# from the 1st holds the month ("2019-03" was not in 2019-03-01..), one
# from 1 January the year.
python3 - "$T/prec.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i, d in [("a", "2019-03-15"), ("b", "2019-03"), ("c", "2019"), ("d", "2019-12-31"),
                 ("e", None), ("f", "2019-01-01"), ("g", "2020-02")]:
        r = {"id": i, "title": "Note " + i, "text": "A walrus report."}
        if d:
            r["date"] = d
        f.write(json.dumps(r) + "\n")
EOF
"$INDEX" --db "$T/precdb" -q "$T/prec.jsonl" || fail "index the articles of partial dates"
for qw in 'date:..2019-02=f' 'date:..2019-03-30=a,f' 'date:..2019-03-31=a,b,f' \
          'date:2019-03-16..=d,g' 'date:2019-03..2019-12-31=a,b,d' 'date:..2019-12-31=a,b,c,d,f' \
          'date:..2019-12=a,b,c,d,f' 'date:2019..2020-02-28=a,b,c,d,f' 'date:2019..2020-02-29=a,b,c,d,f,g' \
          'date:..2019=a,b,c,d,f' 'NOT date:..2019-02=a,b,c,d,e,g' \
          'date:2019-03-01..2019-03-31=a,b' 'date:2019-03-01..=a,b,d,g' 'date:2019-03-02..=a,d,g' \
          'date:2019-01-01..=a,b,c,d,f,g' 'date:2019-01..=a,b,c,d,f,g' 'date:2019-01-02..=a,b,d,g' \
          'date:2019-01-01..2019-12-31=a,b,c,d,f' 'date:2020-02-01..=g'; do
  q=${qw%%=*}
  got=$("$SEARCH" --db "$T/precdb" --json -n 100 "walrus $q" | python3 -c 'import json,sys; print(",".join(sorted(h["id"] for h in json.load(sys.stdin)["hits"])))')
  expect_eq "$got" "${qw#*=}" "partial dates in walrus $q"
done
# A combining accent is the precomposed letter, in the index and in the
# query: "se\u0301curite\u0301" (as some Mac software writes it) is
# sécurité, and either spelling finds the other, without accents too.
mkdir -p "$T/nfd"
printf 'Note\n\nLa se\314\201curite\314\201 des re\314\201seaux 5G, dit la pre\314\201fe\314\200te.\n' > "$T/nfd/nfd.txt"
"$INDEX" --db "$T/nfddb" -q "$T/nfd" "$SAMPLES/html/loi-5g-anssi-poupard-fr-2019.html" || fail "index a text with combining accents"
for q in 'sécurité' "$(printf 'se\314\201curite\314\201')" securite "$(printf '"SE\314\201CURITE\314\201"')"; do
  expect_eq "$("$SEARCH" --db "$T/nfddb" -c -- "$q")" 2 "combining accents: $q finds both spellings"
done
expect_eq "$("$SEARCH" --db "$T/nfddb" -c -- préfète)" 1 "combining accents: préfète (grave)"
# A wildcard is folded as words are: case, combining accents, and one
# typed with accents also finds the word written without them (as
# élysée finds Elysee), those with them ranking first.
python3 - "$T/wild.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i, t in [("b", "LE PALAIS DE L\u2019\u00c9LYS\u00c9E."), ("c", "The Elysee palace said."),
                 ("d", "La s\u00e9curisation des r\u00e9seaux, dit M. POUPARD."), ("e", "Les \u00c9lys\u00e9es.")]:
        f.write(json.dumps({"id": i, "title": "Note", "text": t}) + "\n")
EOF
"$INDEX" --db "$T/wilddb" -q "$T/wild.jsonl" || fail "index the articles for accented wildcards"
# QUERY=IDS[;LAST]: the set of hits, and the last in rank order
for qw in 'élys*=b,c,e;c' 'Élys*=b,c,e;c' 'ÉLYS*=b,c,e;c' "$(printf 'e\314\201lys*')=b,c,e;c" 'elys*=b,c,e' \
          'sécur*=d' 'SÉCURIS*=d' 'poupar*=d' 'réseau*=d'; do
  q=${qw%%=*}
  "$SEARCH" --db "$T/wilddb" --json -n 10 -- "$q" > "$T/wild.json"
  got=$(python3 -c 'import json,sys; print(",".join(sorted(h["id"] for h in json.load(open(sys.argv[1]))["hits"])))' "$T/wild.json")
  case ${qw#*=} in
    *\;*) got="$got;$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["hits"][-1]["id"])' "$T/wild.json")" ;;
  esac
  expect_eq "$got" "${qw#*=}" "accented wildcard $q"
done
# A wildcard ranks the word typed whole first: huawei* finds the article
# that says huawei once above the one that says huaweiphone three times.
python3 - "$T/prefix.jsonl" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "x", "title": "Note", "text": "The huaweiphone launch: huaweiphone sales and huaweiphone rivals."}) + "\n")
    f.write(json.dumps({"id": "y", "title": "Note", "text": "A report on huawei and its suppliers, with many other words about the market this year."}) + "\n")
    f.write(json.dumps({"id": "z", "title": "Note", "text": "Walruses."}) + "\n")
EOF
"$INDEX" --db "$T/prefixdb" -q "$T/prefix.jsonl" || fail "index the articles for wildcard ranking"
for qw in 'huawei*=y,x' 'title:note huawei*=y,x' 'walrus* NOT huawei*=z'; do
  got=$("$SEARCH" --db "$T/prefixdb" --json -- "${qw%%=*}" | python3 -c 'import json,sys; print(",".join(h["id"] for h in json.load(sys.stdin)["hits"]))')
  expect_eq "$got" "${qw#*=}" "wildcard ranking of ${qw%%=*}"
done
# Chinese: the headline and the date line are read as such, its
# paragraphs kept, and a run of ideographs is a phrase of its characters.
mkdir -p "$T/zh"
printf '新华社\n\n华为被列入实体清单\n\n2019年5月16日\n\n美国商务部周四将华为技术有限公司列入实体清单，此举将限制该公司从美国企业购买零部件。\n\nThe US Commerce Department added Huawei to its Entity List on Thursday.\n' > "$T/zh/zh.txt"
"$INDEX" --db "$T/zhdb" -q "$T/zh" || fail "index a Chinese article"
expect_status 0 "$SEARCH" --db "$T/zhdb" --json '实体清单'
python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["hits"][0]; assert h["title"]=="华为被列入实体清单" and h["date"]=="2019-05-16", h' "$T/out" \
  && ok "Chinese headline and date" || fail "Chinese headline and date: $(head -c 400 "$T/out")"
expect_status 0 "$SEARCH" --db "$T/zhdb" -c '技术有限公司' && ok "a run of ideographs matches"
# a date line with a label; a quoted word; a Latin word glued to ideographs
printf '标题测试文章

发布时间：2019年5月16日

所谓'"'"'后门'"'"'问题引起关注，5G'"'"'华为网络。
' > "$T/zh/label.txt"
"$INDEX" --db "$T/zhdb" -q "$T/zh" || fail "index a second Chinese article"
expect_status 0 "$SEARCH" --db "$T/zhdb" --json '后门'
python3 -c 'import json,sys; h=json.load(open(sys.argv[1]))["hits"][0]; assert h["date"]=="2019-05-16" and h["line"]==5 and h["column"]==8, h' "$T/out" \
  && ok "a labelled date line; a quoted word's place" || fail "labelled date / quoted ideographs: $(head -c 400 "$T/out")"
expect_status 0 "$SEARCH" --db "$T/zhdb" -c '5g' && ok "a word glued to ideographs by an apostrophe"
expect_status 1 "$SEARCH" --db "$T/zhdb" -c '清单实体' && ok "the same characters in another order do not"
expect_status 0 "$SEARCH" --db "$T/zhdb" --vimgrep '列入实体清单'
python3 - "$T/out" <<'PY' && ok "--vimgrep at a run of ideographs" || fail "--vimgrep ideographs: $(cat "$T/out")"
import sys
path, l, c, text = open(sys.argv[1], encoding="utf-8").readline().split(":", 3)
src = open(path, "rb").read().split(b"\n")[int(l) - 1]
assert src[int(c) - 1:].decode().startswith("列入实体清单"), (l, c)
PY
finish
