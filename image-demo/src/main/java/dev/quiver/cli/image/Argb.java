package dev.quiver.cli.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Decoded images to packed ARGB and back, by one rule for every format:
 *
 * <ul>
 *   <li>samples of any depth become 8 bits by {@code round(v * 255 / (2^bits - 1))}, so 16-bit 0..65535
 *       maps exactly onto 0..255 and 257 * k becomes k;
 *   <li>gray and sRGB samples are taken as stored, without colour conversion. (The JDK's own
 *       {@link BufferedImage#getRGB} treats a PNG's gray as linear light and brightens it: gray 19
 *       comes out as 77. No image tool reads gray that way, and neither does Quiver);
 *   <li>palette images are looked up, with the palette's transparency;
 *   <li>anything else (CMYK from the JDK's reader, an embedded non-sRGB profile) is converted to sRGB
 *       by Java2D's colour management; premultiplied alpha is divided out.
 * </ul>
 */
final class Argb {
    private Argb() {
    }

    /** The image's pixels as packed ARGB; alpha is 255 where the image has none. */
    static int[] of(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        int[] out = new int[Math.multiplyExact(w, h)];
        if (cm instanceof IndexColorModel palette) {
            fromPalette(raster, palette, out);
        } else if (asStored(cm)) {
            fromSamples(raster, cm, out);
        } else {
            if (cm.isAlphaPremultiplied()) {
                image.coerceData(false);
            }
            image.getRGB(0, 0, w, h, out, 0, w);
        }
        return out;
    }

    /** Whether the samples are gray or sRGB values that only need scaling to 8 bits. */
    private static boolean asStored(ColorModel cm) {
        if (!(cm instanceof ComponentColorModel || cm instanceof DirectColorModel) || cm.isAlphaPremultiplied()) {
            return false;
        }
        for (int bits : cm.getComponentSize()) {
            // Float samples, and integers wider than 16 bits (rare TIFFs), go through colour management.
            if (bits > 16 || cm.getTransferType() == java.awt.image.DataBuffer.TYPE_FLOAT
                    || cm.getTransferType() == java.awt.image.DataBuffer.TYPE_DOUBLE) {
                return false;
            }
        }
        ColorSpace cs = cm.getColorSpace();
        int colours = cm.getNumColorComponents();
        return cs.getType() == ColorSpace.TYPE_GRAY && colours == 1 || cs.isCS_sRGB() && colours == 3;
    }

    private static void fromPalette(Raster raster, IndexColorModel palette, int[] out) {
        int[] colours = new int[palette.getMapSize()];
        palette.getRGBs(colours);
        int w = raster.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int index = row[x];
                // An index past the palette's end is a damaged file; it reads as transparent black rather than failing.
                out[y * w + x] = index < colours.length ? colours[index] : 0;
            }
        }
    }

    private static void fromSamples(Raster raster, ColorModel cm, int[] out) {
        int w = raster.getWidth();
        int bands = raster.getNumBands();
        boolean gray = cm.getNumColorComponents() == 1;
        boolean alpha = cm.hasAlpha();
        int[][] scale = new int[bands][];
        for (int b = 0; b < bands; b++) {
            scale[b] = scaleTo8Bits(cm.getComponentSize(b));
        }
        int[] row = new int[w * bands];
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            int at = y * w;
            for (int x = 0, i = 0; x < w; x++, i += bands) {
                int r = lookUp(scale[0], row[i]);
                int g = gray ? r : lookUp(scale[1], row[i + 1]);
                int b = gray ? r : lookUp(scale[2], row[i + 2]);
                int a = alpha ? lookUp(scale[bands - 1], row[i + bands - 1]) : 255;
                out[at + x] = a << 24 | r << 16 | g << 8 | b;
            }
        }
    }

    /** A table from every sample value of {@code bits} bits to 8 bits, or null where the samples are 8 bits already. */
    private static int[] scaleTo8Bits(int bits) {
        if (bits == 8) {
            return null;
        }
        int max = (1 << bits) - 1;
        int[] table = new int[max + 1];
        for (int v = 0; v <= max; v++) {
            table[v] = (int) ((v * 255L * 2 + max) / (2L * max));
        }
        return table;
    }

    private static int lookUp(int[] table, int sample) {
        return table == null ? sample & 0xFF : table[sample];
    }

    /**
     * The pixels composited on an opaque background colour ({@code 0xRRGGBB}), for formats without
     * alpha: {@code c * a/255 + background * (1 - a/255)}, rounded half up. Opaque pixels are unchanged.
     */
    static int[] flatten(int[] argb, int background) {
        int br = background >>> 16 & 0xFF;
        int bg = background >>> 8 & 0xFF;
        int bb = background & 0xFF;
        int[] out = new int[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int a = p >>> 24;
            if (a == 255) {
                out[i] = p;
                continue;
            }
            int r = (((p >>> 16) & 0xFF) * a + br * (255 - a) + 127) / 255;
            int g = (((p >>> 8) & 0xFF) * a + bg * (255 - a) + 127) / 255;
            int b = ((p & 0xFF) * a + bb * (255 - a) + 127) / 255;
            out[i] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        return out;
    }

    /**
     * The pixels' gray levels, one byte each, if every pixel is opaque gray (alpha 255, r = g = b); else
     * null, found at the first pixel that is not.
     */
    static byte[] graySamples(int[] argb) {
        byte[] gray = new byte[argb.length];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            int v = p & 0xFF;
            if (p != (0xFF000000 | v * 0x010101)) {
                return null;
            }
            gray[i] = (byte) v;
        }
        return gray;
    }
}
