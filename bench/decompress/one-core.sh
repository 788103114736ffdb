#!/usr/bin/env bash
# One core, one bzip2 file: Quiver's decoder in process (DecompressBatchRun on one thread, the median of 5
# after a warm-up) against bzip2 -dc (libbz2) and lbzip2 -d -n 1, all under taskset -c 1, rounds alternated.
# Prints each round's MB/s of output and the medians.
#   bench/decompress/one-core.sh FILE.bz2 [ROUNDS]     (after ./quiver build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
file=${1:?usage: one-core.sh FILE.bz2 [ROUNDS]}
rounds=${2:-3}
source <(sed -n '/^jdk_major()/,/^}/p;/^find_jdk()/,/^}/p;/^die()/,/^}/p' "$root/quiver")
JAVA_HOME=$(find_jdk)
jar="$root/bench/target/benchmarks.jar"
[ -f "$jar" ] || die "no $jar: run ./quiver build first"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ln -s "$(readlink -f "$file")" "$dir/item.bz2"
bytes=$(bzip2 -dc "$file" | wc -c)
seconds() {
    local t0 t1
    t0=$(date +%s%N); taskset -c 1 "$@" > /dev/null; t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000 ))" | awk '{ printf "%.4f\n", $1 / 1e6 }'
}
for r in $(seq "$rounds"); do
    q=$(taskset -c 1 "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector -cp "$jar" dev.quiver.bench.DecompressBatchRun "$dir" bz2 1 5 2>/dev/null | cut -d' ' -f1)
    b=$(seconds bzip2 -dc "$file")
    l=$(seconds lbzip2 -d -n 1 -c "$file")
    echo "round $r quiver $q bzip2 $b lbzip2 $l"
done | tee /dev/stderr | python3 -c "
import statistics, sys
rows = [l.split() for l in sys.stdin]
mb = $bytes / 1e6
for i, name in ((3, 'quiver'), (5, 'bzip2 -dc'), (7, 'lbzip2 -d -n 1')):
    print(f'{name:15s} median {mb / statistics.median(float(r[i]) for r in rows):6.1f} MB/s')
"
