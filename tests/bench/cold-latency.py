#!/usr/bin/env python3
"""Cold whole-process query latency: one new process per query.

usage: cold-latency.py OUTDIR DOSSIER_SEARCH QUERIES [N [REPS]]

For each of the first N queries of QUERIES (default 20), starts a fresh
process REPS times (default 3) per engine and takes the median wall time:
process start, opening the index, one query, top 10 written out.  The page
cache is warm (the indexes were just built and searched); what is measured
is start-up, not the disk.  dossier answers in full (--json: titles,
entities, snippets); the peers' programs print their top-10 ids.  Engines
whose index is not in OUTDIR (run-peers with KEEP_INDEXES=1) are skipped.
Prints one markdown table: p50 and p95 in milliseconds per engine.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

out, search, qfile = sys.argv[1:4]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 20
reps = int(sys.argv[5]) if len(sys.argv) > 5 else 3
bench = os.environ["BENCH_SHARED"]
build = os.environ.get("BENCH_BUILD", "/tmp/bench-build")
queries = [l.rstrip("\n") for l in open(qfile, encoding="utf-8")
           if l.strip() and not l.startswith("#")][:n]


def peer_cmd(engine, qpath):
    work = os.path.join(out, engine)
    if engine == "xapian":
        db, exe = os.path.join(work, "db.compact"), os.path.join(build, "xapian-search")
        return [exe, db, qpath, "1", "0"] if os.path.isdir(db) and os.access(exe, os.X_OK) else None
    if engine == "fts5":
        db = os.path.join(work, "fts.db")
        return ["python3", os.path.join(bench, "peers/fts5/fts5.py"), "search", db,
                qpath, "1", "0"] if os.path.exists(db) else None
    if engine == "lucene":
        # through its run script: the JVM's start dwarfs the wrapper's
        idx = os.path.join(work, "index")
        return [os.path.join(bench, "peers/lucene/run"), "search", work, qpath,
                "1", "0"] if os.path.isdir(idx) else None
    return None


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - t) * 1000.0


rows = []
with tempfile.TemporaryDirectory() as tmp:
    for engine in ["dossier", "xapian", "fts5", "lucene"]:
        lat = []
        for i, q in enumerate(queries):
            qpath = os.path.join(tmp, "q%d.txt" % i)
            with open(qpath, "w", encoding="utf-8") as f:
                f.write(q + "\n")
            if engine == "dossier":
                cmd = [search, "--db", os.path.join(out, "dossier", "db"), "--any",
                       "-n", "10", "--json", q]
            else:
                cmd = peer_cmd(engine, qpath)
                if cmd is None:
                    break
            lat.append(statistics.median(timed(cmd) for _ in range(reps)))
        if lat:
            lat.sort()
            rows.append((engine, statistics.median(lat),
                         lat[min(len(lat) - 1, int(0.95 * len(lat) + 0.5))]))

print("\n## Cold whole-process latency (%d queries, median of %d runs each; warm page cache)\n"
      % (len(queries), reps))
print("| engine | p50 ms | p95 ms |")
print("|---|--:|--:|")
for e, p50, p95 in rows:
    print("| %s | %.1f | %.1f |" % (e, p50, p95))
