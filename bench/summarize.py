#!/usr/bin/env python3
"""Turns JMH JSON results (-rf json) of KernelBenchmarks and ControlBenchmarks into the Markdown tables
of bench/RESULTS.md: time per call and GB/s (bytes counted as BabelStream does).

    python3 bench/summarize.py kernels.json controls.json
"""
import json
import sys

BYTES = {"square": 8, "triad": 12, "dot": 8, "grayscale": 8}


def rows(files):
    for f in files:
        for r in json.load(open(f)):
            bench = r["benchmark"].rsplit(".", 1)[1]
            kernel = next(k for k in BYTES if bench.startswith(k))
            p = r["params"]
            who = p.get("backend", "") if "backend" in p else bench[len(kernel):]
            threads = int(p.get("threads", 0))
            yield kernel, int(p["size"]), who, threads, r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"]


def main():
    table = sorted(rows(sys.argv[1:]), key=lambda r: (list(BYTES).index(r[0]), r[1], r[3], r[2]))
    print("| kernel | size | code | threads | time per call (us) | GB/s |")
    print("|---|---:|---|---:|---:|---:|")
    for kernel, size, who, threads, score, error in table:
        gbs = BYTES[kernel] * size / (score * 1e-6) / 1e9
        label = {"Scalar": "scalar loop", "FloatVector": "hand FloatVector loop"}.get(who, "quiver " + who)
        print(f"| {kernel} | {size:,} | {label} | {threads if threads else 'all (2)'} | {score:,.3f} ± {error:,.3f} | {gbs:,.1f} |")


if __name__ == "__main__":
    main()
