#!/usr/bin/env bash
# One large bzip2 file, end to end, wall time: quiver decompress on 2 threads and on 1 against lbzip2 -d -n 2
# and bzip2 -dc, each writing the file out, in an order that turns by one each round. Checks every output
# against bzip2 -dc's; prints each round's seconds, then the median and range of each.
#   bench/decompress/one-file.sh FILE.bz2 [ROUNDS]     (after ./quiver build)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
file=$(readlink -f "${1:?usage: one-file.sh FILE.bz2 [ROUNDS]}")
rounds=${2:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
name=$(basename "$file" .bz2)
bzip2 -dc "$file" > "$dir/expected"
sides=("quiver-t2" "lbzip2-n2" "quiver-t1" "bzip2")
run() {
    case $1 in
        quiver-t2) "$root/quiver" decompress "$file" --out-dir "$dir/q" --threads 2 --force --no-progress > /dev/null 2>&1 ;;
        quiver-t1) "$root/quiver" decompress "$file" --out-dir "$dir/q" --threads 1 --force --no-progress > /dev/null 2>&1 ;;
        lbzip2-n2) lbzip2 -d -n 2 -c "$file" > "$dir/q/$name" ;;
        bzip2) bzip2 -dc "$file" > "$dir/q/$name" ;;
    esac
}
mkdir -p "$dir/q"
for r in $(seq "$rounds"); do
    line="round $r"
    for k in 0 1 2 3; do
        side=${sides[$(( (k + r - 1) % 4 ))]}
        rm -f "$dir/q/$name"
        t0=$(date +%s%N)
        run "$side"
        t1=$(date +%s%N)
        cmp -s "$dir/expected" "$dir/q/$name" || { echo "$side: the output differs from bzip2 -dc's" >&2; exit 1; }
        line="$line $side $(awk -v n=$(( (t1 - t0) / 1000 )) 'BEGIN { printf "%.3f", n / 1e6 }')"
    done
    echo "$line" | tee -a "$dir/rounds"
done
python3 -c "
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    f = line.split()[2:]
    for side, t in zip(f[::2], f[1::2]):
        times.setdefault(side, []).append(float(t))
for side in ('quiver-t2', 'lbzip2-n2', 'quiver-t1', 'bzip2'):
    t = times[side]
    print(f'{side:10s} median {statistics.median(t):6.2f} s  range {min(t):.2f}-{max(t):.2f} s')
" "$dir/rounds"
