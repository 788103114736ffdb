#!/usr/bin/env bash
# Regenerates the image fixtures of ImageReadingTest from the patterns in make_pattern.py.
# Needs ImageMagick 6.9 (apt-get install imagemagick), exiftool (libimage-exiftool-perl) and python3.
# The fixtures were made with ImageMagick 6.9.11-60 Q16, exiftool 12.57 and Python 3.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && python3 "$OLDPWD/make_pattern.py")
p() { echo "$work/$1"; }
convert "$(p rgb16.pam)" -strip -depth 16 PNG48:rgb16.png
convert "$(p rgba16.pam)" -strip -depth 16 PNG64:rgba16.png
convert "$(p gray16.pam)" -strip -depth 16 -define png:color-type=0 -define png:bit-depth=16 gray16.png
convert "$(p graya8.pam)" -strip -define png:color-type=4 -define png:bit-depth=8 graya8.png
convert "$(p binalpha.pam)" -strip PNG8:palette.png
convert "$(p pal4.pam)" -strip -define png:bit-depth=4 PNG8:palette4.png
convert "$(p bw.pam)" -strip -define png:color-type=0 -define png:bit-depth=1 gray1.png
convert "$(p rgba8.pam)" -strip -interlace PNG PNG32:interlaced.png
convert "$(p rgb8.pam)" -strip -quality 95 -interlace Plane progressive.jpg
convert "$(p rgb8.pam)" -strip -quality 95 -colorspace CMYK cmyk.jpg
convert "$(p rgb8.pam)" -strip -quality 95 exif6.jpg
exiftool -q -overwrite_original -n -Orientation=6 exif6.jpg
convert "$(p rgb8.pam)" -strip BMP3:rgb24.bmp
convert "$(p rgba8.pam)" -strip BMP:rgba32.bmp
convert "$(p binalpha.pam)" \( "$(p binalpha.pam)" -channel RGB -negate \) -strip -loop 0 anim.gif
convert -size 8x6 xc:red -alpha set -page 16x12+4+2 offset.gif
convert "$(p rgba8.pam)" -strip -compress LZW rgba8.tif
convert "$(p rgba16.pam)" -strip -depth 16 -compress Zip rgba16.tif
convert "$(p rgba8.pam)" -strip -define webp:lossless=true lossless.webp
convert "$(p rgb8.pam)" -strip -quality 90 lossy.webp

# What other decoders make of the lossy files, to compare Quiver's decoding with: libjpeg through
# ImageMagick (with ImageMagick's own EXIF turn for exif6.jpg), and libwebp's dwebp (apt-get install webp,
# 1.2.4 here) without its "fancy" chroma upsampling, which the TwelveMonkeys WebP decoder does not do either.
convert progressive.jpg -strip PNG24:progressive.ref.png
convert cmyk.jpg -strip PNG24:cmyk.ref.png
convert exif6.jpg -auto-orient -strip PNG24:exif6.ref.png
dwebp -quiet -nofancy lossy.webp -o lossy.ref.png

# ycck.jpg is written by the JDK's JPEG writer (see MakeYcck.java: ImageMagick writes plain CMYK);
# its reference decoding is libjpeg's, through ImageMagick.
convert ycck.jpg -strip PNG24:ycck.ref.png
