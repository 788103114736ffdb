package dev.quiver.kernel;

/**
 * How closely a backend must agree with {@link Semantics}, written down once for the tests, the demo
 * and the documentation.
 *
 * <ul>
 *   <li>A program of {@linkplain Op#exact() exact} operations (everything but {@code exp log sin cos
 *       tanh pow}) gives the same float32 bits on every backend; NaNs compare equal whatever their
 *       payload, as {@link Float#floatToIntBits} has it. Pixel kernels of exact operations give the
 *       same bytes.</li>
 *   <li>Each transcendental function is within {@link #TRANSCENDENTAL_ULPS} units in the last place of
 *       the reference, NaN where the reference is NaN. Expressions that combine
 *       them can amplify the difference as any floating-point code does; a pixel channel computed with
 *       them can land one level away where the exact value sits on a rounding boundary.</li>
 *   <li>A {@link Reduction#SUM} computes the same float32 terms as the reference. The reference adds
 *       them one by one in double; a backend may add up to {@value #SUM_BLOCK} consecutive terms in
 *       float32 lanes (at most 256 per lane) and add those partial sums in double, in any order. The
 *       result is within {@link #sumTolerance} of the reference's, and infinite or NaN only where the
 *       reference's is. {@link Reduction#MIN} and {@link Reduction#MAX} are exact.</li>
 * </ul>
 */
public final class Accuracy {
    /** The most units in the last place a transcendental function may differ from the reference. */
    public static final int TRANSCENDENTAL_ULPS = 2;

    private Accuracy() {
    }

    /** Whether two floats are the same value: equal bits, or both NaN. */
    public static boolean same(float a, float b) {
        return Float.floatToIntBits(a) == Float.floatToIntBits(b);
    }

    /**
     * The number of representable floats between {@code a} and {@code b}: 0 for the same value or two
     * NaNs (and for -0.0 and +0.0), {@link Long#MAX_VALUE} when only one is NaN.
     */
    public static long ulps(float a, float b) {
        boolean nanA = Float.isNaN(a);
        if (nanA || Float.isNaN(b)) {
            return nanA && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
        }
        return Math.abs(ordered(a) - ordered(b));
    }

    /** Maps float bits to a number line where adjacent floats are adjacent integers. */
    private static long ordered(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits >= 0 ? bits : (long) Integer.MIN_VALUE - bits;
    }

    /** The most consecutive terms a backend may add in float32 before adding in double. */
    public static final int SUM_BLOCK = 1024;

    /**
     * The largest difference allowed between a backend's sum of {@code n} terms and the reference's:
     * float32 partial sums of at most 256 terms per lane, combined across at most 16 lanes, are each off
     * by at most {@code 262 * 2^-24} of their terms' magnitudes, under {@code 2^-16 * sum(|term|)} in
     * all; reassociating the double additions adds at most {@code n * 2^-52 * sum(|term|)}; terms
     * computed with transcendental functions may each differ by their own bound.
     */
    public static double sumTolerance(long n, double sumOfMagnitudes, boolean exactTerms) {
        double reassociation = (0x1p-16 + Math.max(n, 1) * 0x1p-52) * sumOfMagnitudes;
        double terms = exactTerms ? 0 : TRANSCENDENTAL_ULPS * 0x1p-23 * sumOfMagnitudes;
        return reassociation + terms + Double.MIN_NORMAL;
    }

    /** Whether {@code actual} is an acceptable result for an element where the reference gave {@code expected}. */
    public static boolean acceptable(Program program, float expected, float actual) {
        if (program.isExact()) {
            return same(expected, actual);
        }
        return ulps(expected, actual) <= allowedUlps(program);
    }

    /** Whether {@code actual} is an acceptable pixel where the reference gave {@code expected}. */
    public static boolean acceptable(Program program, int expected, int actual) {
        if (program.isExact()) {
            return expected == actual;
        }
        for (int shift = 0; shift < 32; shift += 8) {
            int e = expected >>> shift & 0xFF;
            int a = actual >>> shift & 0xFF;
            if (Math.abs(e - a) > 1) {
                return false;
            }
        }
        return true;
    }

    /** Transcendental bound times the number of transcendental operations in the program. */
    static long allowedUlps(Program program) {
        return (long) TRANSCENDENTAL_ULPS * program.nodes().stream().filter(n -> !n.op().exact()).count();
    }
}
