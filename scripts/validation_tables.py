#!/usr/bin/env python3
"""Markdown tables for docs/validation.md from a `fusesim paper` results folder.

Usage: python3 scripts/validation_tables.py RESULTS_DIR
Reads speedups.csv and the per-network *_layers.csv files only (never logs).
"""
import csv
import glob
import os
import sys
from collections import defaultdict


def main(d):
    rows = list(csv.DictReader(open(os.path.join(d, "speedups.csv"))))
    print("### Network totals\n")
    print("| network | variant | simulated | project closed form | authors (published) | authors (public) | SCALE-Sim formula | sim / authors | sim speed-up | authors speed-up | paper |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        lay = list(csv.DictReader(open(os.path.join(d, f"{r['network']}_{r['variant']}_layers.csv"))))
        pub = sum(int(x["authors_public_cycles"]) for x in lay)
        ss = sum(int(x["scalesim_cycles"]) for x in lay)
        sim = int(r["sim_cycles"])
        auth = int(r["authors_cycles"])
        print(f"| {r['network']} | {r['variant']} | {sim:,} | {int(r['model_cycles']):,} | {auth:,} | {pub:,} | {ss:,} | "
              f"{sim / auth:.3f} | {float(r['sim_speedup']):.2f}× | {float(r['authors_speedup']):.2f}× | "
              f"{(r['paper_speedup'] + '×') if r['paper_speedup'] else '-'} |")
    print("\n### Where simulated and authors' cycles differ, by operator (all 25 networks)\n")
    agg = defaultdict(lambda: [0, 0, 0, 0])
    for f in sorted(glob.glob(os.path.join(d, "*_layers.csv"))):
        for x in csv.DictReader(open(f)):
            a = agg[(x["op"], x["mapping"])]
            a[0] += 1
            a[1] += int(x["sim_cycles"])
            a[2] += int(x["authors_published_cycles"])
            a[3] += int(x["folds"])
    print("| op | mapping | layers | simulated | authors (published) | sim − authors | per fold |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (op, mp), (n, s, a, f) in sorted(agg.items(), key=lambda kv: -abs(kv[1][1] - kv[1][2])):
        print(f"| {op} | {mp} | {n} | {s:,} | {a:,} | {s - a:+,} | {(s - a) / f:+.2f} |")
    ok = all(r["verified"] == "true" for r in rows)
    print(f"\nAll layers verified bit-exactly: {'yes' if ok else 'NO'}.")


if __name__ == "__main__":
    main(sys.argv[1])
