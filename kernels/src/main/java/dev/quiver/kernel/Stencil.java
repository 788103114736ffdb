package dev.quiver.kernel;

import java.util.Arrays;

/**
 * A neighbourhood kernel over packed ARGB images: a separable filter, its taps applied along each row,
 * then down each column, to every channel (alpha included, straight, not premultiplied), with pixels
 * beyond an edge taken from the edge (clamping). {@link #gaussian} is the blur.
 *
 * <p>What every backend computes, bit for bit (written down here once):
 * <pre>
 * h(x, y, c) = (((0 + t[0]·p(x−r, y, c)) + t[1]·p(x−r+1, y, c)) + …) + t[2r]·p(x+r, y, c)      in float
 * v(x, y, c) = (((0 + t[0]·h(x, y−r, c)) + t[1]·h(x, y−r+1, c)) + …) + t[2r]·h(x, y+r, c)      in float
 * out(x, y) = pack of {@link Semantics#quantize}(v(x, y, c)) for c = r, g, b, a
 * </pre>
 * each product and sum rounded to float in that order, no FMA, with {@code p(x, y, c)} the channel as
 * 0..255 and coordinates clamped to the image.
 */
public final class Stencil {
    private final String name;
    private final float[] taps;

    private Stencil(String name, float[] taps) {
        this.name = name;
        this.taps = taps;
    }

    /**
     * A Gaussian blur of standard deviation {@code sigma} pixels: taps out to radius ⌈3σ⌉, normalized to
     * sum to 1 (computed in double, then rounded to float).
     *
     * @throws IllegalArgumentException unless {@code 0 < sigma <= 100}
     */
    public static Stencil gaussian(double sigma) {
        if (!(sigma > 0 && sigma <= 100)) {
            throw new IllegalArgumentException("blur sigma must be above 0 and at most 100 pixels, got " + sigma);
        }
        int radius = (int) Math.ceil(3 * sigma);
        double[] w = new double[2 * radius + 1];
        double total = 0;
        for (int k = -radius; k <= radius; k++) {
            w[k + radius] = Math.exp(-(k * (double) k) / (2 * sigma * sigma));
            total += w[k + radius];
        }
        float[] taps = new float[w.length];
        for (int k = 0; k < w.length; k++) {
            taps[k] = (float) (w[k] / total);
        }
        return new Stencil("blur=" + sigma, taps);
    }

    /**
     * A filter with these taps (odd in number, centre in the middle), applied along rows then columns.
     *
     * @throws IllegalArgumentException for an even count, more than 601 taps, or a tap that is not finite
     */
    public static Stencil separable(String name, float... taps) {
        if (taps == null || taps.length % 2 == 0 || taps.length > 601) {
            throw new IllegalArgumentException("a separable filter needs an odd number of taps, at most 601, got "
                    + (taps == null ? "null" : taps.length));
        }
        for (float t : taps) {
            if (!Float.isFinite(t)) {
                throw new IllegalArgumentException("filter taps must be finite, got " + Arrays.toString(taps));
            }
        }
        return new Stencil(name, taps.clone());
    }

    public String name() {
        return name;
    }

    /** Pixels on each side that a pixel's value depends on. */
    public int radius() {
        return taps.length / 2;
    }

    /** A copy of the taps. */
    public float[] taps() {
        return taps.clone();
    }

    /** The taps themselves, for backends, which must not change them. */
    public float[] tapsShared() {
        return taps;
    }

    /**
     * The horizontal pass over row {@code y}: {@code out} receives the four channel planes of
     * {@code h(·, y, c)}, {@code width} floats each, in the order r, g, b, a.
     */
    public void horizontalRow(int[] pixels, int width, int y, float[] out) {
        for (int x = 0; x < width; x++) {
            horizontalPixel(pixels, width, y * width, x, out);
        }
    }

    /** The horizontal pass for the pixel at {@code x} of the row starting at {@code row}, into the planes of {@code out}. */
    public void horizontalPixel(int[] pixels, int width, int row, int x, float[] out) {
        int r = radius();
        float cr = 0;
        float cg = 0;
        float cb = 0;
        float ca = 0;
        for (int k = 0; k < taps.length; k++) {
            int p = pixels[row + Math.clamp(x + k - r, 0, width - 1)];
            float t = taps[k];
            cr = cr + t * (p >> 16 & 0xFF);
            cg = cg + t * (p >> 8 & 0xFF);
            cb = cb + t * (p & 0xFF);
            ca = ca + t * (p >>> 24);
        }
        out[x] = cr;
        out[width + x] = cg;
        out[2 * width + x] = cb;
        out[3 * width + x] = ca;
    }

    /**
     * The vertical pass for one output row: {@code rows[k]} holds the horizontal pass of row
     * {@code y − r + k} (clamped), and {@code out[offset + x]} receives the pixels.
     */
    public void verticalRow(float[][] rows, int width, int[] out, int offset) {
        for (int x = 0; x < width; x++) {
            out[offset + x] = verticalPixel(rows, width, x);
        }
    }

    /** The vertical pass for the pixel at {@code x}: the output pixel. */
    public int verticalPixel(float[][] rows, int width, int x) {
        float cr = 0;
        float cg = 0;
        float cb = 0;
        float ca = 0;
        for (int k = 0; k < taps.length; k++) {
            float[] h = rows[k];
            float t = taps[k];
            cr = cr + t * h[x];
            cg = cg + t * h[width + x];
            cb = cb + t * h[2 * width + x];
            ca = ca + t * h[3 * width + x];
        }
        return Semantics.pack(cr, cg, cb, ca);
    }

    @Override
    public String toString() {
        return name + " (" + taps.length + " taps)";
    }
}
