#!/usr/bin/env bash
# The issue's decompression batch, side by side: Quiver's Decompress.batch, Python's
# ProcessPoolExecutor(THREADS).map(bz2.decompress) (libbz2 in THREADS processes), and the best native
# parallel tool (lbzip2 -d -n THREADS; pigz -d -p THREADS for gzip, zstd -d -T for zstd). For bzip2 also
# THREADS bzip2 -dc processes, each over its share of the items: libbz2 without Python.
# Rounds alternate the sides, each round in a new order; each side warms up in its own process and reports
# the median of 3 timed batches (the tool: 3 timed runs of `cat DIR/items/*.X | TOOL > /dev/null`).
# Prints every round, then per side the median over rounds and the median over rounds of Quiver's ratio.
#   bench/decompress/compare.sh [DIR] [docs|vim] [ROUNDS] [FORMAT: bz2|gz|zst] [THREADS]   (after ./quiver build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpus=${2:-docs}
dir=${1:-/tmp/quiver-batch-$corpus}
rounds=${3:-5}; format=${4:-bz2}; threads=${5:-2}
source <(sed -n '/^jdk_major()/,/^}/p;/^find_jdk()/,/^}/p;/^die()/,/^}/p' "$root/quiver")
JAVA_HOME=$(find_jdk)
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || die "no $jar: run ./quiver build first"
"$here/make-batch.sh" "$dir" "$corpus"
items="$dir/items"
case "$format" in
    bz2) tool="lbzip2 -d -n $threads" ;;
    gz) tool="pigz -d -p $threads" ;;
    zst) tool="zstd -q -d -T$threads" ;;
    *) die "unknown format '$format' (bz2, gz or zst)" ;;
esac
expected=$(cat "$items"/*."$format" | $tool | wc -c)

side() {
    case "$1" in
        quiver) "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
            -cp "$jar" dev.quiver.bench.DecompressBatchRun "$items" "$format" "$threads" 3 2>/dev/null ;;
        bzip2-P) timed sh -c "ls '$items'/*.bz2 | xargs -P $threads -n $(( ($(ls "$items"/*.bz2 | wc -l) + threads - 1) / threads )) bzip2 -dc > /dev/null" ;;
        python) python3 "$here/pool.py" "$items" "$format" "$threads" 3 ;;
        tool) timed sh -c "cat '$items'/*.$format | $tool > /dev/null" ;;
    esac
}
# The median wall time of 3 runs of a command, as the Java and Python sides print theirs.
timed() {
    local t=() t0 t1
    for _ in 1 2 3; do
        t0=$(date +%s%N); "$@"; t1=$(date +%s%N)
        t+=("$(( (t1 - t0) / 1000 ))")
    done
    printf '%s\n' "${t[@]}" | sort -n | sed -n 2p | awk -v b="$expected" '{ printf "%.4f %d\n", $1 / 1e6, b }'
}
sides=(quiver python tool)
[ "$format" = bz2 ] && sides=(quiver python bzip2-P tool)
[ "$format" = zst ] && sides=(quiver tool)
out=$(mktemp)
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(ls "$items"/*."$format" | wc -l) items, $(cat "$items"/*."$format" | wc -c) bytes in, $expected out; tool: $tool"
for r in $(seq "$rounds"); do
    n=${#sides[@]}
    for i in $(seq 0 $((n - 1))); do
        s=${sides[$(( (i + r) % n ))]}
        read -r seconds bytes < <(side "$s")
        [ "$bytes" = "$expected" ] || die "$s produced $bytes bytes, not $expected"
        echo "round $r $s $seconds" | tee -a "$out"
    done
done
python3 - "$out" "$expected" <<'PY'
import collections, statistics, sys
t = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    _, r, side, s = line.split()
    t[side][int(r)] = float(s)
mb = int(sys.argv[2]) / 1e6
print()
for side, runs in t.items():
    m = statistics.median(runs.values())
    line = f"{side:15s} median {m:7.3f} s  {mb / m:7.1f} MB/s  (rounds {min(runs.values()):.3f}..{max(runs.values()):.3f} s)"
    if side != "quiver":
        ratios = [runs[r] / t["quiver"][r] for r in runs]
        line += f"  quiver/{side} {statistics.median(ratios):.2f}x (rounds {min(ratios):.2f}..{max(ratios):.2f})"
    print(line)
PY
rm -f "$out"
