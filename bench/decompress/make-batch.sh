#!/usr/bin/env bash
# Makes the issue's decompression batch: 300 slices of 600,000 bytes of a text corpus, at evenly spread
# offsets, each compressed on its own by the real tools (bzip2 -9, gzip -6, zstd -3).
#   bench/decompress/make-batch.sh DIR [docs|vim]
# docs: the first 32,000,000 bytes of /usr/share/doc's README*, copyright, NEWS* and changelog* files
#       (gzipped ones decompressed), in sorted order: English, but repetitive (licences, changelog lines).
# vim:  Vim's manual, /usr/share/vim/vim*/doc/*.txt (9.5 MB): English prose, less repetitive.
# Writes DIR/corpus.txt and DIR/items/NNN.{bz2,gz,zst}; does nothing if DIR/items is complete.
set -euo pipefail
dir=${1:?usage: make-batch.sh DIR [docs|vim]}
corpus=${2:-docs}
items=300
size=600000
mkdir -p "$dir/items"
if [ "$(find "$dir/items" -name '*.zst' | wc -l)" -eq "$items" ]; then
    exit 0
fi
case "$corpus" in
    docs)
        find /usr/share/doc -type f \( -name 'README*' -o -name copyright -o -name 'NEWS*' -o -name 'changelog*' \) | LC_ALL=C sort |
            while read -r f; do case "$f" in *.gz) zcat -- "$f" ;; *) cat -- "$f" ;; esac; done | head -c 32000000 > "$dir/corpus.txt" || true
        ;;
    vim)
        LC_ALL=C ls /usr/share/vim/vim*/doc/*.txt | xargs cat > "$dir/corpus.txt"
        ;;
    *) echo "make-batch.sh: unknown corpus '$corpus' (docs or vim)" >&2; exit 2 ;;
esac
length=$(stat -c %s "$dir/corpus.txt")
[ "$length" -ge "$size" ] || { echo "make-batch.sh: the $corpus corpus has only $length bytes" >&2; exit 1; }
export dir size length items
seq 0 $((items - 1)) | xargs -P "$(nproc)" -I{} sh -c '
    i={}; name=$(printf "%03d" "$i"); offset=$((i * (length - size) / (items - 1)))
    dd if="$dir/corpus.txt" bs=64K iflag=skip_bytes,count_bytes skip="$offset" count="$size" status=none > "$dir/items/$name.txt"
    bzip2 -9 -c "$dir/items/$name.txt" > "$dir/items/$name.bz2"
    gzip -6 -c "$dir/items/$name.txt" > "$dir/items/$name.gz"
    zstd -q -3 -c "$dir/items/$name.txt" > "$dir/items/$name.zst"
    rm "$dir/items/$name.txt"'
