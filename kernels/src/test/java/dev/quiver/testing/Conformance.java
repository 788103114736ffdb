package dev.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Accuracy;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Reduction;
import dev.quiver.kernel.Type;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Runs a kernel on a backend and on the reference interpreter over the same data and fails with the
 * first element where they disagree beyond {@link Accuracy}: the index, the inputs there, both results
 * and the kernel's text. Each operand can be placed anywhere a caller may put it.
 */
public final class Conformance {
    private static final ParallelMap REFERENCE = ParallelMap.on("reference");

    private Conformance() {
    }

    /** Random inputs of length {@code n}: floats, or pixels for a pixel kernel. */
    public static List<Object> inputs(Kernel k, Random r, int n) {
        var inputs = new ArrayList<Object>();
        for (var in : k.program().inputs()) {
            inputs.add(in.type() == Type.PIXEL ? AwkwardValues.pixels(r, n) : AwkwardValues.floats(r, n));
        }
        return inputs;
    }

    /** Checks a map kernel with every operand in a random placement. */
    public static void checkMap(ParallelMap backend, Kernel k, List<Object> inputs, int n, Random r) {
        var placements = new ArrayList<Placement>();
        for (int i = 0; i <= inputs.size(); i++) {
            placements.add(Placement.random(r));
        }
        checkMap(backend, k, inputs, n, placements, r);
    }

    /** Checks a map kernel with operand {@code i} (the last is the output) placed as {@code placements[i]}. */
    public static void checkMap(ParallelMap backend, Kernel k, List<Object> inputs, int n, List<Placement> placements, Random r) {
        boolean pixels = k.outputType() == Type.PIXEL;
        Object expected = pixels ? new int[n] : new float[n];
        run(REFERENCE, k, inputs, expected);
        try (Arena arena = Arena.ofConfined()) {
            var segments = new ArrayList<MemorySegment>();
            for (int i = 0; i < inputs.size(); i++) {
                segments.add(inputs.get(i) instanceof int[] p ? placements.get(i).segmentOf(p, arena, r)
                        : placements.get(i).segmentOf((float[]) inputs.get(i), arena, r));
            }
            Placement outPlacement = placements.get(inputs.size());
            MemorySegment out = pixels ? outPlacement.segmentOf(new int[n], arena, r) : outPlacement.segmentOf(garbage(n, r), arena, r);
            segments.add(out);
            backend.map(k, segments.toArray(MemorySegment[]::new));
            compare(k, inputs, expected, pixels ? Placement.ints(out) : Placement.floats(out), placements);
        }
    }

    /** The reference interpreter's output of a map kernel over {@code inputs}: an {@code int[]} or a {@code float[]}. */
    public static Object expected(Kernel k, List<Object> inputs, int n) {
        Object expected = k.outputType() == Type.PIXEL ? new int[n] : new float[n];
        run(REFERENCE, k, inputs, expected);
        return expected;
    }

    /** Checks a map kernel on plain arrays through the array overloads. */
    public static void checkMapOnArrays(ParallelMap backend, Kernel k, List<Object> inputs, int n) {
        boolean pixels = k.outputType() == Type.PIXEL;
        Object expected = pixels ? new int[n] : new float[n];
        Object actual = pixels ? new int[n] : new float[n];
        run(REFERENCE, k, inputs, expected);
        run(backend, k, inputs, actual);
        compare(k, inputs, expected, actual, List.of());
    }

    /** Checks a reduction: MIN and MAX exactly, SUM within {@link Accuracy#sumTolerance}. */
    public static void checkReduce(ParallelMap backend, Kernel k, List<Object> inputs, int n, Random r) {
        float[][] arrays = inputs.stream().map(float[].class::cast).toArray(float[][]::new);
        double expected = REFERENCE.reduce(k, arrays);
        double actual;
        try (Arena arena = Arena.ofConfined()) {
            if (r.nextBoolean()) {
                actual = backend.reduce(k, arrays);
            } else {
                actual = backend.reduce(k, Arrays.stream(arrays).map(a -> Placement.random(r).segmentOf(a, arena, r)).toArray(MemorySegment[]::new));
            }
        }
        Reduction reduction = k.program().reduction().orElseThrow();
        if (reduction == Reduction.SUM) {
            double magnitude = sumOfMagnitudes(k, arrays);
            double tolerance = Accuracy.sumTolerance(n, magnitude, k.program().isExact());
            boolean ok = Double.doubleToLongBits(expected) == Double.doubleToLongBits(actual) || Math.abs(expected - actual) <= tolerance;
            assertTrue(ok, () -> "sum of " + n + " terms: reference " + expected + ", got " + actual + " (tolerance " + tolerance + ")\n  kernel: " + k);
        } else {
            assertEquals(Float.floatToIntBits((float) expected), Float.floatToIntBits((float) actual),
                    () -> reduction.word() + " of " + n + " terms: reference " + expected + ", got " + actual + "\n  kernel: " + k);
        }
    }

    /** The sum of |term| over all elements, by the reference. */
    private static double sumOfMagnitudes(Kernel k, float[][] arrays) {
        float[] terms = new float[arrays.length == 0 ? 0 : arrays[0].length];
        Kernel termKernel = Kernel.of("terms", new dev.quiver.kernel.Program(k.program().inputs(), k.program().params(), k.program().nodes(), null));
        for (var e : k.values().entrySet()) {
            termKernel = termKernel.with(e.getKey(), e.getValue());
        }
        Object[] args = Arrays.copyOf(arrays, arrays.length + 1, Object[].class);
        args[arrays.length] = terms;
        runObjects(REFERENCE, termKernel, args);
        double sum = 0;
        for (float t : terms) {
            sum += Math.abs((double) t);
        }
        return sum;
    }

    private static void run(ParallelMap backend, Kernel k, List<Object> inputs, Object output) {
        Object[] args = new Object[inputs.size() + 1];
        for (int i = 0; i < inputs.size(); i++) {
            args[i] = inputs.get(i);
        }
        args[inputs.size()] = output;
        runObjects(backend, k, args);
    }

    private static void runObjects(ParallelMap backend, Kernel k, Object[] args) {
        switch (args.length) {
            case 2 -> {
                if (args[0] instanceof int[] p) {
                    backend.map(k, p, (int[]) args[1]);
                } else {
                    backend.map(k, (float[]) args[0], (float[]) args[1]);
                }
            }
            case 3 -> backend.map(k, (float[]) args[0], (float[]) args[1], (float[]) args[2]);
            case 4 -> backend.map(k, (float[]) args[0], (float[]) args[1], (float[]) args[2], (float[]) args[3]);
            default -> backend.map(k, Arrays.stream(args).map(a -> a instanceof int[] p ? MemorySegment.ofArray(p)
                    : MemorySegment.ofArray((float[]) a)).toArray(MemorySegment[]::new));
        }
    }

    private static void compare(Kernel k, List<Object> inputs, Object expected, Object actual, List<Placement> placements) {
        int n = java.lang.reflect.Array.getLength(expected);
        for (int i = 0; i < n; i++) {
            boolean ok = expected instanceof int[] e
                    ? Accuracy.acceptable(k.program(), e[i], ((int[]) actual)[i])
                    : Accuracy.acceptable(k.program(), ((float[]) expected)[i], ((float[]) actual)[i]);
            if (!ok) {
                fail(describe(k, inputs, expected, actual, i, n, placements));
            }
        }
    }

    private static String describe(Kernel k, List<Object> inputs, Object expected, Object actual, int i, int n, List<Placement> placements) {
        var sb = new StringBuilder("element " + i + " of " + n + " differs from the reference\n");
        var names = k.inputNames();
        for (int in = 0; in < inputs.size(); in++) {
            Object a = inputs.get(in);
            sb.append("  input ").append(names.get(in)).append(" = ")
                    .append(a instanceof int[] p ? "0x" + Integer.toHexString(p[i]) : bits(((float[]) a)[i])).append('\n');
        }
        if (expected instanceof int[] e) {
            sb.append("  reference 0x").append(Integer.toHexString(e[i])).append(", got 0x").append(Integer.toHexString(((int[]) actual)[i]));
        } else {
            float e = ((float[]) expected)[i];
            float a = ((float[]) actual)[i];
            sb.append("  reference ").append(bits(e)).append(", got ").append(bits(a)).append(" (").append(Accuracy.ulps(e, a)).append(" ulps)");
        }
        sb.append("\n  placements ").append(placements).append("\n  kernel: ").append(k);
        return sb.toString();
    }

    private static String bits(float f) {
        return f + " [0x" + Integer.toHexString(Float.floatToRawIntBits(f)) + "]";
    }

    /** Output contents that a backend must overwrite. */
    private static float[] garbage(int n, Random r) {
        float[] g = new float[n];
        Arrays.fill(g, Float.intBitsToFloat(0x7fbadbad));
        return g;
    }

    /** Sizes that find off-by-one errors around vector lengths, unrolling and chunking. */
    public static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 257, 1000, 4099};
}
