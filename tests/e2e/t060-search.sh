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
finish
