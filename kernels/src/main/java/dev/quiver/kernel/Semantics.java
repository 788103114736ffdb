package dev.quiver.kernel;

/**
 * What every operation of the kernel language computes, one element at a time: the definition that the
 * reference interpreter runs and every backend is tested against. The names match {@link Op#word()}.
 *
 * <p>Float arithmetic is IEEE 754 binary32 with round-to-nearest-even, exactly as Java's {@code float}.
 * Where Java offers only a {@code double} function the argument is widened, the function applied and the
 * result rounded once to float: for {@code sqrt} that is the correctly rounded float result; for the
 * transcendental functions it is within one unit in the last place. {@link StrictMath} is used so that
 * the definition is the same on every JVM.
 *
 * <p>Pixels are packed {@code 0xAARRGGBB} ints; a channel reads as a float 0..255 and is stored by
 * {@link #quantize}: round half to even, clamp to 0..255, NaN to 0.
 */
public final class Semantics {
    private Semantics() {
    }

    public static float neg(float x) {
        return -x;
    }

    public static float abs(float x) {
        return Math.abs(x);
    }

    public static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    public static float rsqrt(float x) {
        return 1f / (float) Math.sqrt(x);
    }

    public static float exp(float x) {
        return (float) StrictMath.exp(x);
    }

    public static float log(float x) {
        return (float) StrictMath.log(x);
    }

    public static float sin(float x) {
        return (float) StrictMath.sin(x);
    }

    public static float cos(float x) {
        return (float) StrictMath.cos(x);
    }

    public static float tanh(float x) {
        return (float) StrictMath.tanh(x);
    }

    public static float floor(float x) {
        return (float) Math.floor(x);
    }

    public static float ceil(float x) {
        return (float) Math.ceil(x);
    }

    /** Round half to even; -0.3 rounds to -0.0. */
    public static float round(float x) {
        return (float) Math.rint(x);
    }

    public static float add(float a, float b) {
        return a + b;
    }

    public static float sub(float a, float b) {
        return a - b;
    }

    public static float mul(float a, float b) {
        return a * b;
    }

    public static float div(float a, float b) {
        return a / b;
    }

    public static float min(float a, float b) {
        return Math.min(a, b);
    }

    public static float max(float a, float b) {
        return Math.max(a, b);
    }

    public static float pow(float a, float b) {
        return (float) StrictMath.pow(a, b);
    }

    public static float fma(float a, float b, float c) {
        return Math.fma(a, b, c);
    }

    public static boolean lt(float a, float b) {
        return a < b;
    }

    public static boolean le(float a, float b) {
        return a <= b;
    }

    public static boolean gt(float a, float b) {
        return a > b;
    }

    public static boolean ge(float a, float b) {
        return a >= b;
    }

    public static boolean eq(float a, float b) {
        return a == b;
    }

    public static boolean ne(float a, float b) {
        return a != b;
    }

    public static boolean and(boolean a, boolean b) {
        return a & b;
    }

    public static boolean or(boolean a, boolean b) {
        return a | b;
    }

    public static boolean not(boolean a) {
        return !a;
    }

    public static float select(boolean c, float a, float b) {
        return c ? a : b;
    }

    public static float red(int pixel) {
        return (pixel >>> 16) & 0xFF;
    }

    public static float green(int pixel) {
        return (pixel >>> 8) & 0xFF;
    }

    public static float blue(int pixel) {
        return pixel & 0xFF;
    }

    public static float alpha(int pixel) {
        return pixel >>> 24;
    }

    /**
     * The 8-bit level a channel value is stored as: round half to even, clamp to 0..255, NaN to 0 (and
     * +0.0 for every value that rounds to zero or below). Written with comparisons and the 2^23 rounding
     * trick rather than {@code min(max(rint(v), 0), 255)}, which it equals for every one of the 2^32
     * floats (checked exhaustively, and by {@code SemanticsTest}): a scalar loop of pixels spends most
     * of its time here, and this form is three times faster there.
     */
    public static float quantize(float v) {
        return !(v > 0.5f) ? 0f : v > 254.5f ? 255f : (v + 0x1p23f) - 0x1p23f;
    }

    /** A pixel from four channel values, each {@linkplain #quantize quantized}. */
    public static int pack(float r, float g, float b, float a) {
        return (int) quantize(a) << 24 | (int) quantize(r) << 16 | (int) quantize(g) << 8 | (int) quantize(b);
    }
}
