#!/usr/bin/env bash
# Quiver against the C STREAM-style control, run alternately so that both see the same machine: the
# memory bandwidth of a shared host drifts by half between minutes. Prints each pair and, per kernel,
# the median over pairs of Quiver's median GB/s as a share of C's.
#   bench/stream/compare.sh [PAIRS] [ELEMENTS] [RUNS] [BACKEND]     (after ./quiver build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pairs=${1:-5}; n=${2:-67108864}; runs=${3:-20}; backend=${4:-simd}
threads=$(nproc)
source <(sed -n '/^jdk_major()/,/^}/p;/^find_jdk()/,/^}/p;/^die()/,/^}/p' "$root/quiver")
JAVA_HOME=$(find_jdk)
gcc -O3 -march=native -fopenmp "$here/stream.c" -o "$here/stream"
out=$(mktemp)
for p in $(seq "$pairs"); do
    OMP_NUM_THREADS=$threads OMP_PROC_BIND=close "$here/stream" "$n" "$runs" | sed "s/^/pair $p c      /" | tee -a "$out"
    # Quiver's side is quiver bench stream on the same kernels and size; its CSV rows are printed as stream.c prints its lines.
    "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx6g -cp "$root/bench/target/benchmarks.jar" \
        dev.quiver.bench.run.Bench stream --backends "$backend" --sizes "$n" --runs "$runs" --kernels square,triad,copy,dot \
        --peak-size 1Mi --no-progress --csv "$out.csv" >/dev/null 2>&1
    python3 - "$out.csv" <<'PY' | sed "s/^/pair $p quiver /" | tee -a "$out"
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["tool"] == "quiver" and r["valid"] == "true":
        best, median, gbs = float(r["best_s"]), float(r["median_s"]), float(r["throughput"])
        print(f"{r['workload']:8s} n={r['size']} threads={r['threads']} best {best*1e3:.3f} ms ({gbs:.2f} GB/s) median {median*1e3:.3f} ms ({gbs*best/median:.2f} GB/s)")
PY
done
python3 - "$out" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"pair (\d+) (\w+)\s+(\w+)\s.*median [\d.]+ ms \(([\d.]+) GB/s\)", line)
    if m:
        rows.setdefault((m[3], int(m[1])), {})[m[2]] = float(m[4])
print()
for kernel in ["square", "triad", "copy", "dot"]:
    shares = [v["quiver"] / v["c"] for (k, p), v in sorted(rows.items()) if k == kernel and len(v) == 2]
    c = [v["c"] for (k, p), v in rows.items() if k == kernel]
    q = [v["quiver"] for (k, p), v in rows.items() if k == kernel]
    print(f"{kernel:7s} median over {len(shares)} pairs: quiver {statistics.median(q):6.2f} GB/s, C {statistics.median(c):6.2f} GB/s, "
          f"quiver/C {100 * statistics.median(shares):5.1f}% (pairs {min(shares)*100:.0f}%..{max(shares)*100:.0f}%)")
PY
rm -f "$out" "$out.csv"
