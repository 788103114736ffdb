package dev.quiver.cli.image;

import java.util.Objects;

/**
 * A decoded image as Quiver's pixel kernels take it: {@code width * height} packed {@code 0xAARRGGBB}
 * ints, row by row from the top left, 8 bits per channel, sRGB values as stored (gamma-encoded), alpha
 * not premultiplied. The array is shared, not copied: whoever holds a picture may hand its pixels to a
 * kernel as input or output.
 *
 * @param hasAlpha whether the source had transparency (an alpha channel, or a transparent palette entry
 *                 or canvas area); when false every alpha byte is 255
 * @param format   the format the pixels were decoded from
 * @param bitDepth bits per sample in the source: 1, 2, 4 or 8 for palette and gray images, 8 or 16
 *                 otherwise. Sources of more than 8 bits were rounded to 8 on reading ({@link Argb})
 */
public record Picture(int width, int height, int[] argb, boolean hasAlpha, ImageFormat format, int bitDepth) {

    public Picture {
        Objects.requireNonNull(argb, "argb");
        Objects.requireNonNull(format, "format");
        if (width < 1 || height < 1 || (long) width * height != argb.length) {
            throw new IllegalArgumentException("a picture of " + width + " x " + height + " needs " + (long) width * height
                    + " pixels, got " + argb.length);
        }
    }

    /** The number of pixels. */
    public int pixels() {
        return argb.length;
    }

    /** The same picture with other pixels of the same size, such as a kernel's output. */
    public Picture withPixels(int[] pixels) {
        return new Picture(width, height, pixels, hasAlpha, format, bitDepth);
    }

    /** Whether the source held more than 8 bits per sample, which were rounded to 8. */
    public boolean reducedFromDeeperSamples() {
        return bitDepth > 8;
    }

    @Override
    public String toString() {
        return width + "x" + height + " " + format + " " + bitDepth + "-bit" + (hasAlpha ? " with alpha" : "");
    }

    /** Pictures are equal when they have the same size, pixels and description. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Picture p && width == p.width && height == p.height && hasAlpha == p.hasAlpha
                && format == p.format && bitDepth == p.bitDepth && java.util.Arrays.equals(argb, p.argb);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, hasAlpha, format, bitDepth) * 31 + java.util.Arrays.hashCode(argb);
    }
}
