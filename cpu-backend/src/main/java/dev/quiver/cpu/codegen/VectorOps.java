package dev.quiver.cpu.codegen;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.F2I;
import static jdk.incubator.vector.VectorOperators.GE;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.I2F;
import static jdk.incubator.vector.VectorOperators.IS_INFINITE;
import static jdk.incubator.vector.VectorOperators.IS_NAN;
import static jdk.incubator.vector.VectorOperators.IS_NEGATIVE;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.NEG;
import static jdk.incubator.vector.VectorOperators.SUB;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The operations of the kernel language that the Vector API has no single method for, written as
 * vector code with exactly the results of {@link dev.quiver.kernel.Semantics}. Generated loops call
 * these; each is small so that C2 inlines it into the loop and keeps the vectors in registers.
 */
public final class VectorOps {
    private static final float TWO_TO_23 = 0x1p23f;

    private VectorOps() {
    }

    /** Round half to even, as {@link Math#rint}: adding and subtracting 2^23 rounds in the FPU's mode. */
    public static FloatVector round(FloatVector x) {
        FloatVector magnitude = x.abs();
        FloatVector rounded = magnitude.add(TWO_TO_23).sub(TWO_TO_23).lanewise(NEG, x.test(IS_NEGATIVE));
        // From 2^23 up every float is an integer already; NaN stays NaN either way.
        return rounded.blend(x, magnitude.compare(GE, TWO_TO_23));
    }

    public static FloatVector floor(FloatVector x) {
        FloatVector r = round(x);
        return r.lanewise(SUB, 1f, r.compare(GT, x));
    }

    /** {@code ceil(x) = -floor(-x)}, which also gives -0.0 for -1 &lt; x &lt; 0 as {@link Math#ceil} does. */
    public static FloatVector ceil(FloatVector x) {
        return floor(x.neg()).neg();
    }

    /**
     * {@link Math#pow} for vectors. The Vector API computes C's pow, which differs from Java's in two
     * cases: Java gives NaN for a NaN exponent even with base 1, and for base ±1 with an infinite
     * exponent, where C gives 1.
     */
    public static FloatVector pow(FloatVector a, FloatVector b) {
        var javaNaN = b.test(IS_NAN).or(a.abs().compare(EQ, 1f).and(b.test(IS_INFINITE)));
        return a.pow(b).blend(Float.NaN, javaNaN);
    }

    public static FloatVector rsqrt(FloatVector x) {
        return x.broadcast(1f).div(x.sqrt());
    }

    public static FloatVector red(IntVector pixel) {
        return (FloatVector) pixel.lanewise(LSHR, 16).and(0xFF).convert(I2F, 0);
    }

    public static FloatVector green(IntVector pixel) {
        return (FloatVector) pixel.lanewise(LSHR, 8).and(0xFF).convert(I2F, 0);
    }

    public static FloatVector blue(IntVector pixel) {
        return (FloatVector) pixel.and(0xFF).convert(I2F, 0);
    }

    public static FloatVector alpha(IntVector pixel) {
        return (FloatVector) pixel.lanewise(LSHR, 24).convert(I2F, 0);
    }

    /** Round half to even, clamp to 0..255, NaN to 0. */
    public static FloatVector quantize(FloatVector v) {
        FloatVector r = round(v).max(0f).min(255f);
        return r.blend(0f, r.test(IS_NAN));
    }

    public static IntVector pack(FloatVector r, FloatVector g, FloatVector b, FloatVector a) {
        return level(a).lanewise(LSHL, 24).or(level(r).lanewise(LSHL, 16)).or(level(g).lanewise(LSHL, 8)).or(level(b));
    }

    private static IntVector level(FloatVector channel) {
        return (IntVector) quantize(channel).convert(F2I, 0);
    }

    /** Adds the lower half of the float lanes, widened, to a double accumulator of half as many lanes. */
    public static DoubleVector addLow(DoubleVector sum, FloatVector terms) {
        return sum.add((DoubleVector) terms.convertShape(VectorOperators.F2D, sum.species(), 0));
    }

    /** Adds the upper half of the float lanes, widened. */
    public static DoubleVector addHigh(DoubleVector sum, FloatVector terms) {
        return sum.add((DoubleVector) terms.convertShape(VectorOperators.F2D, sum.species(), 1));
    }
}
