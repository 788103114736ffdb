package dev.quiver.testing;

import java.util.Random;

/**
 * Float and pixel values chosen to break things: NaNs with any payload, signed zeros, infinities,
 * subnormals, the largest floats, halves that test rounding, whole numbers around 2^23 and 255, and
 * ordinary numbers across many magnitudes.
 */
public final class AwkwardValues {
    private static final float[] SPECIAL = {
        Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
        1f, -1f, 0.5f, -0.5f, 1.5f, -1.5f, 2.5f, -2.5f, 0.49999997f, -0.49999997f, 254.5f, 255.5f, 255f, 256f, -0.3f,
        0x1p23f, -0x1p23f, 0x1p23f - 0.5f, 0x1p23f + 1, 0x1p24f, 8388607.5f, -8388607.5f, 1e-30f, 1e30f,
        Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc12345), Float.intBitsToFloat(0x7f800001),
    };

    private AwkwardValues() {
    }

    /** One value: special a fifth of the time, otherwise spread over the kinds above. */
    public static float next(Random r) {
        return switch (r.nextInt(10)) {
            case 0, 1 -> SPECIAL[r.nextInt(SPECIAL.length)];
            case 2 -> (r.nextBoolean() ? 1 : -1) * Float.intBitsToFloat(1 + r.nextInt(0x007fffff));
            case 3 -> Float.intBitsToFloat(r.nextInt());
            case 4 -> r.nextInt(600) - 300 + 0.5f;
            case 5 -> r.nextInt(512) - 128;
            default -> (r.nextFloat() * 2 - 1) * (float) Math.pow(10, r.nextInt(13) - 6);
        };
    }

    /** A "tame" value: finite and of moderate size, for tests of transcendental functions' accuracy. */
    public static float moderate(Random r, float limit) {
        return switch (r.nextInt(6)) {
            case 0 -> SPECIAL[r.nextInt(SPECIAL.length)];
            case 1 -> (r.nextFloat() * 2 - 1) * 1e-3f;
            default -> (r.nextFloat() * 2 - 1) * limit;
        };
    }

    public static float[] floats(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = next(r);
        }
        return a;
    }

    /** Any 32 bits: every channel value, every alpha. */
    public static int[] pixels(Random r, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt();
        }
        return a;
    }
}
