#!/usr/bin/env bash
# quiver image's operations, compute only, against libvips' and against the machine's memory bandwidth, on
# the 6000x4000 photo of make-inputs.sh, in rounds that alternate the three programs:
#   - the machine's copy bandwidth: bench/stream/stream.c's copy (C, OpenMP, every core, 256 MiB arrays);
#   - Quiver: bench/image/ComputeRate.java, the decoded picture through OPS into an array made once, warm;
#   - libvips: bench/image/vips_compute.c, the same operations on the picture in libvips' memory, written
#     into memory (vips recomb + cast for grayscale; then vips gamma and vips linear for the pipeline).
# Prints every run, then per operation the medians over rounds of each program's median, Quiver against
# libvips, and Quiver's bytes a second (4 read and 4 written a pixel) as a share of the copy bandwidth.
#   bench/image/compute.sh [ROUNDS] [DIR]     (after ./quiver build and bench/image/make-inputs.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-3}
dir=${2:-/tmp/quiver-image-bench}
source <(sed -n '/^jdk_major()/,/^}/p;/^find_jdk()/,/^}/p;/^die()/,/^}/p' "$root/quiver")
JAVA_HOME=$(find_jdk)
bin=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$bin" "$log"' EXIT
gcc -O3 -march=native -fopenmp "$root/bench/stream/stream.c" -o "$bin/stream"
gcc -O2 "$here/vips_compute.c" -o "$bin/vips_compute" -l:libvips.so.42 -l:libgobject-2.0.so.0 -l:libglib-2.0.so.0
[ -s "$dir/v/big.v" ] || { echo "no $dir/v/big.v: run bench/image/make-inputs.sh $dir first" >&2; exit 1; }
echo "machine: $(nproc) cores, $(vips --version), $(date -u +%FT%TZ)"
for r in $(seq "$rounds"); do
    OMP_NUM_THREADS=$(nproc) OMP_PROC_BIND=close "$bin/stream" 67108864 10 | grep '^copy' | sed 's/^/stream /' | tee -a "$log"
    for ops in gray pipe; do
        q=$([ $ops = gray ] && echo grayscale || echo grayscale,gamma=2.2,contrast=1.2)
        "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g \
            -cp "$root/image-demo/target/quiver.jar" "$here/ComputeRate.java" "$dir/png/big.png" "$q" 15 simd 4 2>/dev/null \
            | sed "s/^quiver simd $q /quiver $ops /" | tee -a "$log"
        "$bin/vips_compute" "$dir/v/big.v" $ops 15 | tee -a "$log"
    done
done
python3 - "$log" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"(stream|quiver|vips) (\w+).*median [\d.]+ ms \(([\d.]+) (GB|Mpx)/s", line)
    if m:
        rows.setdefault((m[1], m[2]), []).append(float(m[3]))
copy = statistics.median(rows[("stream", "copy")])
print(f"\ncopy bandwidth (C, median of medians): {copy:.1f} GB/s, so a point operation moving 8 bytes a pixel is limited to {copy / 8 * 1000:.0f} Mpx/s")
for ops in ["gray", "pipe"]:
    q = statistics.median(rows[("quiver", ops)])
    v = statistics.median(rows[("vips", ops)])
    print(f"{ops}: quiver {q:7.1f} Mpx/s, libvips {v:6.1f} Mpx/s, quiver/libvips {q / v:5.1f}x; "
          f"quiver moves {q * 8 / 1000:5.1f} GB/s, {100 * q * 8 / 1000 / copy:4.1f}% of the copy bandwidth")
PY
