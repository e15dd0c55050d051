#!/usr/bin/env python3
"""Warm per-query latency of dossier-search through one --stdio process.

Runs every query WARMUP times untimed, then REPS times, and prints the TSV
lines the peer adapters print:
  Q <n> <median us> <exact hits> <estimate> <top-10 ids> <query>
Latency is dossier's own in-process "time_ms" (parse, match, top 10 with
their metadata and, unless DOSSIER_SNIPPETS=0, snippets and match
positions), the counterpart of the peers' in-process clocks.  With
DOSSIER_SNIPPETS=0 the answer reads no article text: the closest to the
peers' work, which is the top-10 ids.
Plain words are joined with OR (--any), as the peers' parsers do.
Exact hit counts come from dossier-search -c, untimed.
"""
import json
import os
import statistics
import subprocess
import sys

search, db, qfile = sys.argv[1:4]
reps = int(sys.argv[4]) if len(sys.argv) > 4 else 5
warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 30
queries = [l.rstrip("\n") for l in open(qfile, encoding="utf-8")
           if l.strip() and not l.startswith("#")]

p = subprocess.Popen([search, "--db", db, "--stdio", "--any", "-n", "10"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

snippets = os.environ.get("DOSSIER_SNIPPETS", "1") != "0"


def ask(q):
    p.stdin.write(json.dumps({"query": q, "snippets": snippets}) + "\n")
    p.stdin.flush()
    return json.loads(p.stdout.readline())

times = {q: [] for q in queries}
last = {}
for _ in range(warmup):
    for q in queries:
        ask(q)
for _ in range(reps):
    for q in queries:
        a = ask(q)
        if "error" in a:
            print("error on %r: %s" % (q, a["error"]), file=sys.stderr)
            times[q].append(0.0)
        else:
            times[q].append(a["time_ms"] * 1000.0)
        last[q] = a
p.stdin.close()
p.wait()

for n, q in enumerate(queries, 1):
    a = last[q]
    c = subprocess.run([search, "--db", db, "--any", "-c", q], capture_output=True, text=True)
    exact = c.stdout.strip() or "0"
    est = a.get("total", {}).get("value", 0)
    ids = ",".join(h["id"] for h in a.get("hits", []))
    print("Q\t%d\t%d\t%s\t%s\t%s\t%s" % (n, statistics.median(times[q]), exact, est, ids, q))
