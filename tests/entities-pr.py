#!/usr/bin/env python3
"""entities-pr.py - precision and recall of extracted entities against labels.

Usage:
    dossier-index --dry-run --json CORPUS | tests/entities-pr.py LABELS.tsv \\
        [MIN_PRECISION [MIN_RECALL]] [-v]

LABELS.tsv holds one line per (article, type, canonical name):

    <article key> TAB <org|person|place> TAB <canonical name>

where the article key is the file path relative to the corpus root, with
"#N" appended for the Nth record (1-based) of a multi-record file
("feed.jsonl#3").  Blank lines and lines starting with '#' are ignored.

Standard input is JSON Lines, one object per article, with at least "key"
and "entities": {"org": [...], "person": [...], "place": [...]} (names, or
objects with a "name" member).  Other lines (progress, summaries) are
ignored.  Keys are compared after dropping a leading "./" or "samples/".

Only labelled articles are scored: an article in the labels but missing
from the input counts as all missed; an unlabelled article is ignored.
Precision and recall are micro-averages over (article, type, name)
triples.  Exit status: 0 when every type with data is at or above both
floors (default precision 0.9, recall 0.7), 1 when one is below, 2 on a
usage or input error.
"""

import json
import sys

TYPES = ("org", "person", "place")


def norm_key(key):
    key = key.strip()
    while key.startswith("./"):
        key = key[2:]
    if key.startswith("samples/"):
        key = key[len("samples/"):]
    return key


def read_labels(path):
    gold = set()
    keys = set()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or parts[1] not in TYPES or not parts[2]:
                raise ValueError("%s:%d: want KEY<TAB>TYPE<TAB>NAME with "
                                 "TYPE one of %s" % (path, lineno,
                                                     ", ".join(TYPES)))
            key = norm_key(parts[0])
            keys.add(key)
            gold.add((key, parts[1], parts[2].strip()))
    return keys, gold


def read_predictions(stream, keys):
    pred = set()
    seen = set()
    for lineno, line in enumerate(stream, 1):
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            obj = json.loads(line)
        except ValueError as e:
            raise ValueError("stdin:%d: bad JSON: %s" % (lineno, e))
        if not isinstance(obj, dict) or "key" not in obj:
            continue
        key = norm_key(str(obj["key"]))
        if key not in keys:
            continue
        seen.add(key)
        ents = obj.get("entities") or {}
        if not isinstance(ents, dict):
            raise ValueError("stdin:%d: \"entities\" is not an object"
                             % lineno)
        for t in TYPES:
            for e in ents.get(t) or []:
                name = e.get("name") if isinstance(e, dict) else e
                if isinstance(name, str) and name.strip():
                    pred.add((key, t, name.strip()))
    return seen, pred


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("-")]
    verbose = "-v" in argv[1:] or "--verbose" in argv[1:]
    if not args or len(args) > 3 or "-h" in argv[1:] or "--help" in argv[1:]:
        sys.stderr.write(__doc__)
        return 2
    try:
        min_p = float(args[1]) if len(args) > 1 else 0.9
        min_r = float(args[2]) if len(args) > 2 else 0.7
        keys, gold = read_labels(args[0])
        seen, pred = read_predictions(sys.stdin, keys)
    except (OSError, ValueError) as e:
        sys.stderr.write("entities-pr: %s\n" % e)
        return 2

    failed = False
    print("%-8s %9s %7s %6s %6s %6s" % ("type", "precision", "recall",
                                        "tp", "pred", "gold"))
    totals = [0, 0, 0]
    for t in TYPES + ("all",):
        if t == "all":
            tp, npred, ngold = totals
        else:
            p = {x for x in pred if x[1] == t}
            g = {x for x in gold if x[1] == t}
            tp, npred, ngold = len(p & g), len(p), len(g)
            totals = [totals[0] + tp, totals[1] + npred, totals[2] + ngold]
        prec = tp / npred if npred else None
        rec = tp / ngold if ngold else None
        below = ((prec is not None and prec < min_p) or
                 (rec is not None and rec < min_r))
        if below and t != "all":
            failed = True
        print("%-8s %9s %7s %6d %6d %6d%s" % (
            t, "-" if prec is None else "%.3f" % prec,
            "-" if rec is None else "%.3f" % rec, tp, npred, ngold,
            "  BELOW FLOOR" if below else ""))
    missing = sorted(keys - seen)
    if missing:
        print("articles labelled but absent from the input: %d" % len(missing))
        for k in missing:
            print("  %s" % k)
    if verbose:
        for x in sorted(pred - gold):
            print("false positive\t%s\t%s\t%s" % x)
        for x in sorted(gold - pred):
            print("missed\t%s\t%s\t%s" % x)
    print("floors: precision %.2f, recall %.2f: %s" % (
        min_p, min_r, "FAIL" if failed else "ok"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
