package dev.quiver.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The definitions every backend is held to, checked against what the issue and Java say they mean. */
class SemanticsTest {

    private static void same(float expected, float actual) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), () -> "expected " + expected + ", got " + actual);
    }

    @Test
    void minAndMaxLetNaNWinAndOrderSignedZeros() {
        assertTrue(Float.isNaN(Semantics.min(Float.NaN, 1f)));
        assertTrue(Float.isNaN(Semantics.max(1f, Float.NaN)));
        same(-0f, Semantics.min(0f, -0f));
        same(-0f, Semantics.min(-0f, 0f));
        same(0f, Semantics.max(-0f, 0f));
    }

    @Test
    void roundIsHalfToEvenAndKeepsTheSign() {
        same(2f, Semantics.round(2.5f));
        same(-2f, Semantics.round(-2.5f));
        same(4f, Semantics.round(3.5f));
        same(-0f, Semantics.round(-0.3f));
        same(0x1p23f + 1, Semantics.round(0x1p23f + 1));
    }

    @Test
    void floorAndCeilFollowMath() {
        same(-1f, Semantics.floor(-0.5f));
        same(-0f, Semantics.ceil(-0.7f));
        same(-0f, Semantics.floor(-0f));
        same(1f, Semantics.ceil(0.2f));
    }

    @Test
    void rsqrtIsTheCorrectlyRoundedQuotient() {
        same(0.5f, Semantics.rsqrt(4f));
        same(1f / (float) Math.sqrt(3f), Semantics.rsqrt(3f));
        same(Float.POSITIVE_INFINITY, Semantics.rsqrt(0f));
        same(Float.NEGATIVE_INFINITY, Semantics.rsqrt(-0f));
    }

    @Test
    void powFollowsJavaNotC() {
        assertTrue(Float.isNaN(Semantics.pow(1f, Float.NaN)));
        assertTrue(Float.isNaN(Semantics.pow(-1f, Float.POSITIVE_INFINITY)));
        same(1f, Semantics.pow(Float.NaN, 0f));
    }

    @Test
    void comparisonsAreJavas() {
        assertTrue(Semantics.eq(0f, -0f));
        assertTrue(!Semantics.eq(Float.NaN, Float.NaN));
        assertTrue(Semantics.ne(Float.NaN, Float.NaN));
        assertTrue(!Semantics.lt(Float.NaN, 1f) && !Semantics.ge(Float.NaN, 1f));
    }

    @Test
    void quantizeRoundsHalfToEvenClampsAndMapsNaNToZero() {
        same(128f, Semantics.quantize(127.5f));
        same(126f, Semantics.quantize(126.5f));
        same(255f, Semantics.quantize(255.5f));
        same(255f, Semantics.quantize(1e30f));
        same(0f, Semantics.quantize(-0.4f));
        same(0f, Semantics.quantize(Float.NaN));
        same(255f, Semantics.quantize(Float.POSITIVE_INFINITY));
        same(0f, Semantics.quantize(Float.NEGATIVE_INFINITY));
    }

    /**
     * The fast form of quantize against its definition: a million floats spread over all bit patterns,
     * every quarter level from -2 to 260, and the floats on either side of each half level.
     */
    @Test
    void quantizeIsMinMaxOfRint() {
        for (long bits = 0; bits <= 0xFFFFFFFFL; bits += 4099) {
            quantizeAsDefined(Float.intBitsToFloat((int) bits));
        }
        for (float v = -2f; v <= 260f; v += 0.25f) {
            quantizeAsDefined(v);
            quantizeAsDefined(Math.nextUp(v));
            quantizeAsDefined(Math.nextDown(v));
        }
        for (float v : new float[] {-0f, 0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, Float.intBitsToFloat(0xFFC00001)}) {
            quantizeAsDefined(v);
        }
    }

    private static void quantizeAsDefined(float v) {
        float definition = v != v ? 0f : Math.min(Math.max((float) Math.rint(v), 0f), 255f);
        same(definition, Semantics.quantize(v));
    }

    @Test
    void channelsAndPackRoundTrip() {
        int p = 0x80FF0110;
        same(255f, Semantics.red(p));
        same(1f, Semantics.green(p));
        same(16f, Semantics.blue(p));
        same(128f, Semantics.alpha(p));
        assertEquals(p, Semantics.pack(Semantics.red(p), Semantics.green(p), Semantics.blue(p), Semantics.alpha(p)));
        assertEquals(0x00FF0000 | 0xFF000000, Semantics.pack(300f, -5f, Float.NaN, 255.4f));
    }

    @Test
    void ulpsCountRepresentableSteps() {
        assertEquals(0, Accuracy.ulps(Float.NaN, Float.intBitsToFloat(0x7fc12345)));
        assertEquals(0, Accuracy.ulps(0f, -0f));
        assertEquals(1, Accuracy.ulps(1f, Math.nextUp(1f)));
        assertEquals(2, Accuracy.ulps(-Float.MIN_VALUE, Float.MIN_VALUE));
        assertEquals(1, Accuracy.ulps(Float.MAX_VALUE, Float.POSITIVE_INFINITY));
        assertEquals(Long.MAX_VALUE, Accuracy.ulps(Float.NaN, 1f));
    }
}
