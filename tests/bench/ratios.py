#!/usr/bin/env python3
"""dossier's figures as ratios to each peer's, from a bench OUTDIR."""
import statistics
import sys

out, peers = sys.argv[1], sys.argv[2:]

def kv(engine):
    d = {}
    for line in open("%s/%s.index.txt" % (out, engine)):
        if "=" in line:
            k, v = line.strip().split("=", 1)
            d[k] = v
    lat = sorted(float(l.split("\t")[2]) for l in open("%s/%s.search.tsv" % (out, engine))
                 if l.startswith("Q\t"))
    d["p50"] = statistics.median(lat) if lat else float("nan")
    d["p95"] = lat[min(len(lat) - 1, int(round(0.95 * len(lat) + 0.5)) - 1)] if lat else float("nan")
    return d

me = kv("dossier")
try:
    bare = kv("dossier-nosnip")
except OSError:
    bare = None
mbs = lambda d: float(d["corpus_bytes"]) / 1e6 / float(d["index_s"])
print("\n## dossier / peer ratios (higher is better for MB/s; lower for the rest)\n")
print("query p50/p95: full answers (snippets); in brackets without snippets.\n")
print("| peer | index MB/s | peak RSS | index size | query p50 | query p95 |")
print("|---|--:|--:|--:|--:|--:|")
for p in peers:
    try:
        d = kv(p)
    except OSError:
        continue
    extra = lambda k: " (%.2fx)" % (bare[k] / d[k]) if bare else ""
    print("| %s | %.2fx | %.2fx | %.2fx | %.2fx%s | %.2fx%s |" % (
        p, mbs(me) / mbs(d),
        float(me["index_maxrss_kb"]) / float(d["index_maxrss_kb"]),
        float(me["compact_bytes"]) / float(d["compact_bytes"]),
        me["p50"] / d["p50"], extra("p50"), me["p95"] / d["p95"], extra("p95")))
