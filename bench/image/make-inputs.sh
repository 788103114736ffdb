#!/usr/bin/env bash
# The inputs of issue 5's speed requirement, made by ImageMagick so that anyone can make the same ones:
#   DIR/jpg/img01.jpg .. img50.jpg   50 JPEGs of 1920x1080, quality 90 (4:2:0), photo-like plasma fractals
#   DIR/png/big.png                  one 6000x4000 RGB PNG of the same kind of content
#   DIR/v/big.v, DIR/v/gray.v        the PNG in libvips' native format (3 bands, and one band), for compute-only runs
#   bench/image/make-inputs.sh [DIR]     (default /tmp/quiver-image-bench; existing files are kept)
set -euo pipefail
dir=${1:-/tmp/quiver-image-bench}
mkdir -p "$dir/jpg" "$dir/png" "$dir/v"
for i in $(seq -w 1 50); do
    f="$dir/jpg/img$i.jpg"
    [ -s "$f" ] || convert -seed "$((10#$i))" -size 1920x1080 plasma:fractal -quality 90 -sampling-factor 2x2 "$f"
done
[ -s "$dir/png/big.png" ] || convert -seed 7 -size 6000x4000 plasma:fractal -depth 8 -type TrueColor "PNG24:$dir/png/big.png"
[ -s "$dir/v/big.v" ] || vips copy "$dir/png/big.png" "$dir/v/big.v"
[ -s "$dir/v/gray.v" ] || vips extract_band "$dir/v/big.v" "$dir/v/gray.v" 1
ls -la "$dir/jpg" | tail -3
ls -la "$dir/png" "$dir/v"
