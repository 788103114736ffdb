#!/usr/bin/env bash
# `quiver image` end to end against ImageMagick 6 (`mogrify`, and a `convert` loop) on issue 5's workloads,
# run in turns so that every tool sees the same machine: each round runs every tool once, in an order
# that rotates from round to round, each into an emptied output directory. Prints every run, then per
# workload the median and best over rounds and Quiver's time as a share of each ImageMagick command's.
#   bench/image/make-inputs.sh [DIR]            (once: 50 JPEGs of 1920x1080, one 6000x4000 PNG)
#   bench/image/compare.sh [ROUNDS] [DIR] [CASES]   (after ./quiver build)
# CASES is a comma-separated subset of jpg-gray,jpg-pipe,png-gray,png-pipe (default: all four).
# Extra options for Quiver come from QUIVER_IMAGE_OPTS (e.g. "--threads 2"), for its JVM from QUIVER_JAVA_OPTS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-5}
dir=${2:-/tmp/quiver-image-bench}
cases=${3:-jpg-gray,jpg-pipe,png-gray,png-pipe}
[ -d "$dir/jpg" ] && [ -s "$dir/png/big.png" ] || { echo "no inputs in $dir: run bench/image/make-inputs.sh $dir first" >&2; exit 1; }
out=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$out" "$log"' EXIT

# The same operations in both tools: Quiver's grayscale is Rec.601 luma of the stored values, its gamma=G
# is v^(1/G) and its contrast=C is (v - 0.5) * C + 0.5 on 0..1, which ImageMagickAgreementTest holds to within
# one level of these ImageMagick options.
quiver_ops() { case $1 in gray) echo grayscale ;; pipe) echo grayscale,gamma=2.2,contrast=1.2 ;; esac; }
magick_ops() { case $1 in gray) echo -grayscale Rec601Luma ;; pipe) echo -grayscale Rec601Luma -gamma 2.2 -function Polynomial 1.2,-0.1 ;; esac; }

# One timed run: NAME CASE COMMAND...; the output directory is emptied first (and not timed).
timed() {
    local name=$1 case=$2
    shift 2
    rm -rf "$out/$name" && mkdir -p "$out/$name"
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$out/$name.log" 2>&1 || { echo "$name failed:" >&2; cat "$out/$name.log" >&2; exit 1; }
    t1=$(date +%s.%N)
    local s
    s=$(echo "$t1 - $t0" | bc)
    printf '%-9s %-16s %7.3f s\n' "$case" "$name" "$s" | tee -a "$log"
}

run_tool() {
    local tool=$1 case=$2 kind=${2%-*} ops=${2#*-}
    local quality=(-quality 90)
    case "$tool:$kind" in
        quiver:jpg) timed quiver "$case" "$root/quiver" image "$(quiver_ops "$ops")" "$dir/jpg" --out-dir "$out/quiver" --no-progress --time ${QUIVER_IMAGE_OPTS:-} ;;
        quiver:png) timed quiver "$case" "$root/quiver" image "$(quiver_ops "$ops")" "$dir/png/big.png" -o "$out/quiver/big.png" --no-progress --time ${QUIVER_IMAGE_OPTS:-} ;;
        mogrify:jpg) timed mogrify "$case" mogrify -path "$out/mogrify" $(magick_ops "$ops") "${quality[@]}" "$dir"/jpg/*.jpg ;;
        mogrify:png) timed mogrify "$case" mogrify -path "$out/mogrify" $(magick_ops "$ops") "$dir/png/big.png" ;;
        convert:jpg) timed convert-loop "$case" bash -c 'for f in "$1"/*.jpg; do convert "$f" '"$(magick_ops "$ops")"' -quality 90 "$2/$(basename "$f")" || exit 1; done' _ "$dir/jpg" "$out/convert-loop" ;;
        convert:png) timed convert-loop "$case" convert "$dir/png/big.png" $(magick_ops "$ops") "$out/convert-loop/big.png" ;;
    esac
}

"$root/quiver" --version >/dev/null   # builds the jar if it is stale, untimed
echo "machine: $(nproc) cores, $(convert -version | head -1 | cut -d' ' -f2-4), $(date -u +%FT%TZ)"
tools=(quiver mogrify convert)
for case in ${cases//,/ }; do
    for r in $(seq 0 $((rounds - 1))); do
        for i in 0 1 2; do
            run_tool "${tools[$(((i + r) % 3))]}" "$case"
        done
    done
    echo "  quiver's last --time: $(grep -E 'decode|compute|encode' "$out/quiver.log" | tr -s ' \n' ' ')"
done
python3 - "$log" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    case, tool, s, _ = line.split()
    runs[(case, tool)].append(float(s))
print(f"\n{'case':9s} {'tool':13s} {'median':>8s} {'best':>8s}  quiver/tool (median)")
for case in dict.fromkeys(c for c, _ in runs):
    q = statistics.median(runs[(case, 'quiver')])
    for tool in ['quiver', 'mogrify', 'convert-loop']:
        t = runs[(case, tool)]
        m = statistics.median(t)
        share = '' if tool == 'quiver' else f"{q / m:6.2f}"
        print(f"{case:9s} {tool:13s} {m:7.3f}s {min(t):7.3f}s  {share}")
PY
