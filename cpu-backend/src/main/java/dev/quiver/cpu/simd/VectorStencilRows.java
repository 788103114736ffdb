package dev.quiver.cpu.simd;

import dev.quiver.kernel.Semantics;
import dev.quiver.kernel.Stencil;
import dev.quiver.kernel.StencilBands;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A {@link Stencil}'s row passes on the Vector API, a vector of adjacent pixels at a time, with exactly
 * the products and sums of the definition in the same order, so the bytes are the reference's. Pixels
 * whose neighbourhood crosses an edge, and the rest of a row past the last whole vector, take the scalar
 * path.
 *
 * <p>One subclass per vector width, each with its species in {@code static final} fields: C2
 * intrinsifies a conversion between lane types only for a species it knows as a constant, and boxes
 * every vector otherwise (measured: a blur with the species in instance fields ran slower than the
 * scalar rows).
 */
abstract sealed class VectorStencilRows implements StencilBands.Rows {
    private final Stencil stencil;
    private final float[] taps;
    private final int radius;

    private VectorStencilRows(Stencil stencil) {
        this.stencil = stencil;
        this.taps = stencil.tapsShared();
        this.radius = stencil.radius();
    }

    static VectorStencilRows of(Stencil stencil, int bits) {
        return switch (bits) {
            case 512 -> new Rows512(stencil);
            case 256 -> new Rows256(stencil);
            case 128 -> new Rows128(stencil);
            default -> throw new IllegalArgumentException("no " + bits + "-bit vectors");
        };
    }

    abstract VectorSpecies<Integer> ints();

    abstract VectorSpecies<Float> floats();

    private static final class Rows512 extends VectorStencilRows {
        private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_512;
        private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_512;

        Rows512(Stencil stencil) {
            super(stencil);
        }

        @Override
        VectorSpecies<Integer> ints() {
            return INTS;
        }

        @Override
        VectorSpecies<Float> floats() {
            return FLOATS;
        }
    }

    private static final class Rows256 extends VectorStencilRows {
        private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
        private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;

        Rows256(Stencil stencil) {
            super(stencil);
        }

        @Override
        VectorSpecies<Integer> ints() {
            return INTS;
        }

        @Override
        VectorSpecies<Float> floats() {
            return FLOATS;
        }
    }

    private static final class Rows128 extends VectorStencilRows {
        private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_128;
        private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_128;

        Rows128(Stencil stencil) {
            super(stencil);
        }

        @Override
        VectorSpecies<Integer> ints() {
            return INTS;
        }

        @Override
        VectorSpecies<Float> floats() {
            return FLOATS;
        }
    }

    @Override
    public void horizontal(int[] pixels, int width, int y, float[] out) {
        VectorSpecies<Integer> ints = ints();
        VectorSpecies<Float> floats = floats();
        int row = y * width;
        int lanes = ints.length();
        int x = 0;
        for (; x < Math.min(radius, width); x++) {
            stencil.horizontalPixel(pixels, width, row, x, out);
        }
        for (; x + lanes + radius <= width; x += lanes) {
            FloatVector cr = FloatVector.zero(floats);
            FloatVector cg = FloatVector.zero(floats);
            FloatVector cb = FloatVector.zero(floats);
            FloatVector ca = FloatVector.zero(floats);
            for (int k = 0; k < taps.length; k++) {
                IntVector p = IntVector.fromArray(ints, pixels, row + x + k - radius);
                float t = taps[k];
                cr = cr.add(channel(p.lanewise(VectorOperators.LSHR, 16).and(0xFF)).mul(t));
                cg = cg.add(channel(p.lanewise(VectorOperators.LSHR, 8).and(0xFF)).mul(t));
                cb = cb.add(channel(p.and(0xFF)).mul(t));
                ca = ca.add(channel(p.lanewise(VectorOperators.LSHR, 24)).mul(t));
            }
            cr.intoArray(out, x);
            cg.intoArray(out, width + x);
            cb.intoArray(out, 2 * width + x);
            ca.intoArray(out, 3 * width + x);
        }
        for (; x < width; x++) {
            stencil.horizontalPixel(pixels, width, row, x, out);
        }
    }

    private FloatVector channel(IntVector v) {
        return (FloatVector) v.convert(VectorOperators.I2F, 0);
    }

    @Override
    public void vertical(float[][] rows, int width, int[] out, int offset) {
        VectorSpecies<Float> floats = floats();
        int lanes = floats.length();
        int x = 0;
        for (; x + lanes <= width; x += lanes) {
            FloatVector cr = FloatVector.zero(floats);
            FloatVector cg = FloatVector.zero(floats);
            FloatVector cb = FloatVector.zero(floats);
            FloatVector ca = FloatVector.zero(floats);
            for (int k = 0; k < taps.length; k++) {
                float[] h = rows[k];
                float t = taps[k];
                cr = cr.add(FloatVector.fromArray(floats, h, x).mul(t));
                cg = cg.add(FloatVector.fromArray(floats, h, width + x).mul(t));
                cb = cb.add(FloatVector.fromArray(floats, h, 2 * width + x).mul(t));
                ca = ca.add(FloatVector.fromArray(floats, h, 3 * width + x).mul(t));
            }
            quantize(ca).lanewise(VectorOperators.LSHL, 24)
                    .or(quantize(cr).lanewise(VectorOperators.LSHL, 16))
                    .or(quantize(cg).lanewise(VectorOperators.LSHL, 8))
                    .or(quantize(cb))
                    .intoArray(out, offset + x);
        }
        for (; x < width; x++) {
            out[offset + x] = stencil.verticalPixel(rows, width, x);
        }
    }

    /**
     * {@link Semantics#quantize} for lanes: clamping to 0..255 first leaves the result unchanged and
     * makes adding and subtracting 2^23 round half to even exactly (NaN becomes 0 in the conversion).
     */
    private IntVector quantize(FloatVector v) {
        FloatVector rounded = v.max(0f).min(255f).add(8388608f).sub(8388608f);
        return (IntVector) rounded.convert(VectorOperators.F2I, 0);
    }

    @Override
    public String toString() {
        return "vector rows of " + stencil;
    }
}
