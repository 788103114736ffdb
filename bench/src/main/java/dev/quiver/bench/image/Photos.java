package dev.quiver.bench.image;

import dev.quiver.cli.image.Picture;
import dev.quiver.cli.image.SampleImage;
import java.util.SplittableRandom;

/**
 * Stand-ins for photographs, made in code so that every machine measures the same inputs: the demo's
 * sample image (gradients, shapes, edges), shifted in colour per seed, with fine grain and texture on top
 * so that JPEG and PNG have as much detail to code as in a photo.
 */
public final class Photos {
    private Photos() {
    }

    public static Picture photo(int width, int height, long seed) {
        Picture base = SampleImage.of(width, height);
        int[] argb = base.argb();
        var r = new SplittableRandom(seed);
        double phase = r.nextDouble() * Math.PI * 2;
        int tint = r.nextInt(40) - 20;
        for (int y = 0; y < height; y++) {
            double wy = Math.cos(y / 23.0 + phase);
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                double texture = 14 * Math.sin(x / 37.0 + phase) * wy;
                int p = argb[i];
                int red = clamp(((p >> 16) & 0xFF) + tint + texture + r.nextInt(17) - 8);
                int green = clamp(((p >> 8) & 0xFF) + texture + r.nextInt(17) - 8);
                int blue = clamp((p & 0xFF) - tint + texture + r.nextInt(17) - 8);
                argb[i] = 0xFF000000 | red << 16 | green << 8 | blue;
            }
        }
        return base.withPixels(argb);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
