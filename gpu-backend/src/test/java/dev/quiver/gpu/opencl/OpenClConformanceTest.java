package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import dev.quiver.testing.Conformance;
import dev.quiver.testing.RandomKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The same property tests as the CPU backends', on a real OpenCL device (PoCL on the CPU in CI): random
 * kernels of exact operations on random awkward data give the reference's bits; transcendental ones stay
 * within the documented bound.
 */
class OpenClConformanceTest {
    private static final ParallelMap OPENCL = ParallelMap.on("opencl");

    private static int size(Random r) {
        return Conformance.SIZES[r.nextInt(Conformance.SIZES.length)];
    }

    @Property(tries = 60)
    void floatKernelsGiveTheReferenceBits(@ForAll long seed) {
        var r = new Random(seed);
        Kernel k = RandomKernels.floats(r, 1 + r.nextInt(3), 1 + r.nextInt(5));
        int n = size(r);
        Conformance.checkMapOnArrays(OPENCL, k, Conformance.inputs(k, r, n), n);
    }

    @Property(tries = 40)
    void pixelKernelsGiveTheReferenceBytes(@ForAll long seed) {
        var r = new Random(seed);
        Kernel k = RandomKernels.pixels(r, 1 + r.nextInt(4));
        int n = size(r);
        Conformance.checkMapOnArrays(OPENCL, k, Conformance.inputs(k, r, n), n);
    }

    @Test
    void everyBuiltinMapGivesTheReferenceResult() {
        var r = new Random(11);
        for (var b : Kernels.all()) {
            Kernel k = b.kernel();
            if (k.isReduction()) {
                continue;
            }
            if (!k.params().isEmpty()) {
                for (String p : k.params()) {
                    k = k.with(p, 2.2f);
                }
            }
            int n = 4099;
            Conformance.checkMapOnArrays(OPENCL, k, Conformance.inputs(k, r, n), n);
        }
    }

    @Test
    void arraySlicesAtOffsetsWork() {
        float[] x = new float[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        float[] y = new float[100];
        OPENCL.map(Kernels.square(), x, y);
        assertEquals(99f * 99f, y[99]);
    }

    @Property(tries = 60)
    void reductionsAgreeWithTheReference(@ForAll long seed) {
        var r = new Random(seed);
        var reduction = dev.quiver.kernel.Reduction.values()[r.nextInt(3)];
        Kernel k = RandomKernels.reduction(r, reduction, 1 + r.nextInt(2), r.nextInt(4));
        int n = size(r) + (r.nextInt(4) == 0 ? 70_000 : 0);
        Conformance.checkReduce(OPENCL, k, Conformance.inputs(k, r, n), n, r);
    }

    /**
     * PoCL is a CPU device, where each work-item of a reduction takes a stretch of elements of its own; a GPU's
     * work-items take every global-size-th element instead. Both ways run here, so that a GPU's is tested too.
     */
    @Test
    void bothWaysOfSharingAReductionCountEveryElementOnce() {
        float[] x = new float[100_000]; // several elements to each of PoCL's work-items, whichever way they share them
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 1000;
        }
        double exact = 100 * 332_833_500.0; // every square and every partial sum exact in float and double
        for (String way : new String[] {"stride", "stretch"}) {
            System.setProperty(OpenClContext.REDUCE_BY_PROPERTY, way);
            try {
                assertEquals(exact, OPENCL.reduce(Kernels.dot(), x, x), way);
                assertEquals(999.0, OPENCL.reduce(Kernels.max(), x), way);
            } finally {
                System.clearProperty(OpenClContext.REDUCE_BY_PROPERTY);
            }
        }
    }

    @Test
    void mapAndReduceTakeNativeSegments() {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var x = arena.allocate(4L * 1000, 4);
            var y = arena.allocate(4L * 1000, 4);
            for (int i = 0; i < 1000; i++) {
                x.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, i);
            }
            OPENCL.map(Kernels.square(), x, y);
            assertEquals(999f * 999f, y.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, 999));
            assertEquals(332_833_500.0, OPENCL.reduce(Kernels.dot(), x, x));
        }
    }

    @Test
    void anInPlaceCallOnNativeMemoryGivesTheReferenceResult() {
        // nstream's output is its first input: on a device that shares the host's memory it must be staged,
        // not handed to the device as two buffers over one memory
        int n = 100_003;
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
            b[i] = i % 7;
            c[i] = i % 3;
        }
        float[] expected = a.clone();
        ParallelMap.on("reference").map(Kernels.nstream(), expected, b, c, expected);
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            var segment = arena.allocate(4L * n, 64);
            java.lang.foreign.MemorySegment.copy(a, 0, segment, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, n);
            OPENCL.map(Kernels.nstream(), segment, arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_FLOAT, b),
                    arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_FLOAT, c), segment);
            assertArrayEquals(expected, segment.toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT));
        }
    }

    @Test
    void callsOfChangingSizesReuseStagingBuffersWithoutMixingThemUp() {
        // larger, smaller, then larger again: a kept buffer may be longer than the call, never shorter
        for (int n : new int[] {300_000, 1, 200_000, 150_001, 0, 299_999, 300_000}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = n - i;
            }
            float[] y = new float[n];
            OPENCL.map(Kernels.square(), x, y);
            for (int i = 0; i < n; i++) {
                assertEquals(x[i] * x[i], y[i], "n = " + n + ", i = " + i);
            }
            double sum = ParallelMap.on("reference").reduce(Kernels.dot(), x, x);
            assertEquals(sum, OPENCL.reduce(Kernels.dot(), x, x), sum * 1e-12, "n = " + n); // both add float terms in double
        }
    }

    @Test
    void unknownDevicesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> ParallelMap.on("opencl:99"));
        assertTrue(e.getMessage().contains("no device matches '99'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParallelMap.on("opencl:fast"));
        ParallelMap.on("opencl:cpu").map(Kernels.square(), new float[] {3}, new float[1]);
    }

    @Test
    void concurrentCallsFromEightThreadsAreSafe() throws Exception {
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                float s = t;
                results.add(pool.submit((Callable<float[]>) () -> {
                    float[] b = new float[5000];
                    float[] c = new float[5000];
                    java.util.Arrays.fill(b, 1);
                    java.util.Arrays.fill(c, 2);
                    float[] out = new float[5000];
                    for (int k = 0; k < 20; k++) {
                        OPENCL.map(Kernels.triad().with("s", s), b, c, out);
                    }
                    return out;
                }));
            }
            for (int t = 0; t < 8; t++) {
                float[] expected = new float[5000];
                java.util.Arrays.fill(expected, 1 + t * 2f);
                assertArrayEquals(expected, results.get(t).get());
            }
        }
    }

    @Test
    void blurGivesTheReferencesBytes() {
        var r = new Random(5);
        for (int[] size : new int[][] {{1, 1}, {1, 37}, {37, 1}, {61, 29}, {640, 480}}) {
            int[] in = new int[size[0] * size[1]];
            for (int i = 0; i < in.length; i++) {
                in[i] = r.nextInt();
            }
            for (double sigma : new double[] {0.6, 2, 4.5}) {
                var blur = dev.quiver.kernel.Stencil.gaussian(sigma);
                int[] expected = new int[in.length];
                int[] actual = new int[in.length];
                ParallelMap.on("reference").map(blur, in, size[0], size[1], expected);
                OPENCL.map(blur, in, size[0], size[1], actual);
                assertArrayEquals(expected, actual, blur + " on " + size[0] + "x" + size[1]);
            }
        }
    }
}
