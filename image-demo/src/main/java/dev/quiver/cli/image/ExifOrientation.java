package dev.quiver.cli.image;

import java.io.IOException;
import javax.imageio.stream.ImageInputStream;

/**
 * The EXIF Orientation tag of a JPEG (TIFF tag 274 in the APP1 "Exif" segment), and how to turn the
 * stored pixels upright. The JPEG decoders return pixels as stored; cameras store them sideways and
 * record how to turn them, so {@code quiver image} applies the tag on reading and writes upright pixels
 * without it (outputs carry no EXIF).
 *
 * <p>Values 1 to 8 as the EXIF 2.3 specification numbers them: each is an optional transpose (swapping
 * x and y) followed by optional flips of the stored image.
 */
enum ExifOrientation {
    /** Stored upright. */
    NORMAL(false, false, false),
    MIRROR_HORIZONTAL(false, true, false),
    ROTATE_180(false, true, true),
    MIRROR_VERTICAL(false, false, true),
    /** Mirrored along the top-left to bottom-right diagonal. */
    TRANSPOSE(true, false, false),
    /** Shown turned 90 degrees clockwise from how it is stored: what a phone held upright records. */
    ROTATE_90_CW(true, false, true),
    /** Mirrored along the top-right to bottom-left diagonal. */
    TRANSVERSE(true, true, true),
    ROTATE_270_CW(true, true, false);

    private static final int SOI = 0xFFD8;
    private static final int APP1 = 0xFFE1;
    private static final int SOS = 0xFFDA;
    private static final int EOI = 0xFFD9;
    private static final int ORIENTATION_TAG = 0x0112;

    private final boolean transpose;
    private final boolean flipX;
    private final boolean flipY;

    ExifOrientation(boolean transpose, boolean flipX, boolean flipY) {
        this.transpose = transpose;
        this.flipX = flipX;
        this.flipY = flipY;
    }

    /** The orientation of EXIF value 1..8; any other value is {@link #NORMAL}, as viewers treat it. */
    static ExifOrientation of(int exifValue) {
        return exifValue >= 1 && exifValue <= 8 ? values()[exifValue - 1] : NORMAL;
    }

    /** The EXIF value, 1..8. */
    int exifValue() {
        return ordinal() + 1;
    }

    /**
     * The orientation recorded in a JPEG stream's EXIF, read from the segments before the image data,
     * then the stream is put back at its start. A missing, damaged or unusual EXIF block is
     * {@link #NORMAL}: it never makes the image unreadable.
     */
    static ExifOrientation read(ImageInputStream in) throws IOException {
        try {
            in.seek(0);
            if (in.readUnsignedShort() != SOI) {
                return NORMAL;
            }
            while (true) {
                int marker = in.readUnsignedShort();
                // Fill bytes (0xFF) may pad between segments.
                while (marker == 0xFFFF) {
                    marker = 0xFF00 | in.readUnsignedByte();
                }
                if (marker == SOS || marker == EOI || (marker & 0xFF00) != 0xFF00) {
                    return NORMAL;
                }
                int length = in.readUnsignedShort();
                if (length < 2) {
                    return NORMAL;
                }
                long next = in.getStreamPosition() + length - 2;
                if (marker == APP1 && length >= 8) {
                    byte[] segment = new byte[length - 2];
                    in.readFully(segment);
                    if (isExif(segment)) {
                        return of(orientationIn(segment, 6));
                    }
                }
                in.seek(next);
            }
        } catch (java.io.EOFException e) {
            return NORMAL;
        } finally {
            in.seek(0);
        }
    }

    private static boolean isExif(byte[] s) {
        return s.length >= 6 && s[0] == 'E' && s[1] == 'x' && s[2] == 'i' && s[3] == 'f' && s[4] == 0 && s[5] == 0;
    }

    /** The Orientation value in the TIFF structure starting at {@code tiff}, or 1. */
    private static int orientationIn(byte[] s, int tiff) {
        if (s.length < tiff + 8) {
            return 1;
        }
        boolean little;
        if (s[tiff] == 'I' && s[tiff + 1] == 'I') {
            little = true;
        } else if (s[tiff] == 'M' && s[tiff + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (u16(s, tiff + 2, little) != 42) {
            return 1;
        }
        long ifd = tiff + u32(s, tiff + 4, little);
        if (ifd + 2 > s.length) {
            return 1;
        }
        int entries = u16(s, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            long e = ifd + 2 + 12L * i;
            if (e + 12 > s.length) {
                return 1;
            }
            int at = (int) e;
            // A SHORT (type 3) with count 1 keeps its value in the first two bytes of the value field.
            if (u16(s, at, little) == ORIENTATION_TAG) {
                return u16(s, at + 2, little) == 3 && u32(s, at + 4, little) == 1 ? u16(s, at + 8, little) : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] s, int at, boolean little) {
        int a = s[at] & 0xFF;
        int b = s[at + 1] & 0xFF;
        return little ? b << 8 | a : a << 8 | b;
    }

    private static long u32(byte[] s, int at, boolean little) {
        long hi = u16(s, little ? at + 2 : at, little);
        long lo = u16(s, little ? at : at + 2, little);
        return hi << 16 | lo;
    }

    /** The picture turned upright: the same object if {@link #NORMAL}, else new pixels (width and height swap for 5..8). */
    Picture apply(Picture p) {
        if (this == NORMAL) {
            return p;
        }
        int w = p.width();
        int h = p.height();
        int outW = transpose ? h : w;
        int outH = transpose ? w : h;
        int[] in = p.argb();
        int[] out = new int[in.length];
        // Output (dx, dy) reads stored (sx, sy): (dx, dy), or (dy, dx) when transposed, then flipped.
        // Within an output row sx or sy moves by one, so the stored index moves by a fixed step.
        for (int dy = 0; dy < outH; dy++) {
            int sx0 = transpose ? dy : 0;
            int sy0 = transpose ? 0 : dy;
            if (flipX) {
                sx0 = w - 1 - sx0;
            }
            if (flipY) {
                sy0 = h - 1 - sy0;
            }
            int step = transpose ? (flipY ? -w : w) : (flipX ? -1 : 1);
            int src = sy0 * w + sx0;
            int dst = dy * outW;
            for (int dx = 0; dx < outW; dx++, src += step) {
                out[dst + dx] = in[src];
            }
        }
        return new Picture(outW, outH, out, p.hasAlpha(), p.format(), p.bitDepth());
    }
}
