package dev.quiver.cli.image;

/**
 * The demo's built-in photograph stand-in, made in code so that nothing is bundled: a colour gradient
 * with a soft vignette, a disc, a ring, a diagonal band and a checkered square, opaque, 8 bits per sample.
 * The same size always gives the same pixels.
 */
public final class SampleImage {
    private SampleImage() {
    }

    /**
     * @throws IllegalArgumentException if a side is under 1 or the image would have over 2^31 - 9 pixels
     */
    public static Picture of(int width, int height) {
        if (width < 1 || height < 1 || (long) width * height > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a sample image needs 1 to 2^31 - 9 pixels, got " + width + " x " + height);
        }
        int[] argb = new int[width * height];
        double cx = width * 0.62;
        double cy = height * 0.45;
        double disc = Math.min(width, height) * 0.22;
        for (int y = 0; y < height; y++) {
            double v = (double) y / height;
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double dx = x - cx;
                double dy = y - cy;
                double d = Math.sqrt(dx * dx + dy * dy);
                double vignette = 1 - 0.45 * ((u - 0.5) * (u - 0.5) + (v - 0.5) * (v - 0.5));
                double r = 255 * u * vignette;
                double g = 255 * v * vignette;
                double b = 255 * (1 - u * v) * vignette;
                if (d < disc) {
                    double shade = 1 - d / disc * 0.6;
                    r = 230 * shade;
                    g = 180 * shade;
                    b = 40 * shade;
                } else if (Math.abs(d - disc * 1.4) < disc * 0.08) {
                    r = 20;
                    g = 40;
                    b = 90;
                }
                if (Math.abs(u - v - 0.3) < 0.03) {
                    r = 250;
                    g = 250;
                    b = 250;
                }
                if (u > 0.08 && u < 0.3 && v > 0.55 && v < 0.85 && ((x / Math.max(1, width / 64) + y / Math.max(1, width / 64)) & 1) == 0) {
                    r = 0;
                    g = 0;
                    b = 0;
                }
                argb[y * width + x] = 0xFF000000 | channel(r) << 16 | channel(g) << 8 | channel(b);
            }
        }
        return new Picture(width, height, argb, false, ImageFormat.PNG, 8);
    }

    private static int channel(double c) {
        return (int) Math.clamp(Math.round(c), 0, 255);
    }
}
