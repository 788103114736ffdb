package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.DeviceArray;
import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Type;
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

/** Data that stays on the device: upload once, run many kernels, download once — with the reference's bits. */
class OpenClDeviceArrayTest {
    private static final ParallelMap OPENCL = ParallelMap.on("opencl");
    private static final ParallelMap REFERENCE = ParallelMap.on("reference");

    @Property(tries = 100) // each try builds a new program, ~0.2 s on PoCL
    void kernelsOnDeviceArraysGiveTheReferenceBits(@ForAll long seed) {
        var r = new Random(seed);
        Kernel k = r.nextBoolean() ? RandomKernels.floats(r, 1 + r.nextInt(3), 1 + r.nextInt(5)) : RandomKernels.pixels(r, 1 + r.nextInt(4));
        int n = Conformance.SIZES[r.nextInt(Conformance.SIZES.length)];
        List<Object> inputs = Conformance.inputs(k, r, n);
        boolean pixels = k.program().outputType() == Type.PIXEL;
        Object expected = pixels ? new int[n] : new float[n];
        run(REFERENCE, k, inputs, expected);

        var arrays = new ArrayList<DeviceArray>();
        try {
            for (Object in : inputs) {
                arrays.add(in instanceof float[] f ? OPENCL.upload(f) : OPENCL.upload((int[]) in));
            }
            DeviceArray out = OPENCL.allocate(k.program().outputType(), n);
            arrays.add(out);
            assertTrue(out.onDevice(), out.toString());
            ParallelMap.auto().map(k, arrays.toArray(DeviceArray[]::new)); // auto() runs where the data is
            if (pixels) {
                assertArrayEquals((int[]) expected, out.toIntArray(), k.toString());
            } else {
                assertArrayEquals((float[]) expected, out.toFloatArray(), k.toString());
            }
        } finally {
            arrays.forEach(DeviceArray::close);
        }
    }

    @Test
    void aChainOfKernelsAndAReductionRunWithoutLeavingTheDevice() {
        int n = 100_003;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i % 1000) / 7f;
        }
        float[] squared = new float[n];
        float[] expected = new float[n];
        REFERENCE.map(Kernels.square(), x, squared);
        REFERENCE.map(Kernels.triad().with("s", 3f), squared, x, expected);
        double dot = REFERENCE.reduce(Kernels.dot(), expected, x);
        try (DeviceArray dx = OPENCL.upload(x); DeviceArray dy = OPENCL.allocate(Type.FLOAT, n)) {
            OPENCL.map(Kernels.square(), dx, dy);
            OPENCL.map(Kernels.triad().with("s", 3f), dy, dx, dy); // in place
            assertEquals(dot, OPENCL.reduce(Kernels.dot(), dy, dx), Math.abs(dot) * 1e-12);
            assertArrayEquals(expected, dy.toFloatArray());
        }
    }

    @Test
    void arraysCopyBetweenTheDeviceAndTheHost() {
        float[] x = {1, 2, 3, 4, 5};
        try (DeviceArray a = OPENCL.upload(x); DeviceArray b = OPENCL.allocate(Type.FLOAT, 5);
             DeviceArray host = ParallelMap.auto().allocate(Type.FLOAT, 5)) {
            assertFalse(host.onDevice());
            assertEquals("host memory", host.where());
            b.copyFrom(a); // on the device
            host.copyFrom(b); // device to host
            assertArrayEquals(x, host.toFloatArray());
            ParallelMap.auto().map(Kernels.square(), host, host);
            a.copyFrom(host); // host to device
            assertArrayEquals(new float[] {1, 4, 9, 16, 25}, a.toFloatArray());
            var e = assertThrows(IllegalArgumentException.class, () -> ParallelMap.auto().map(Kernels.square(), a, host));
            assertTrue(e.getMessage().contains("must be in one place"), e.getMessage());
        }
    }

    @Test
    void aClosedArrayIsRefusedWithAClearMessage() {
        DeviceArray a = OPENCL.upload(new float[] {1, 2, 3});
        DeviceArray out = OPENCL.allocate(Type.FLOAT, 3);
        a.close();
        a.close(); // a second close does nothing
        assertTrue(a.isClosed());
        var e = assertThrows(IllegalStateException.class, () -> OPENCL.map(Kernels.square(), a, out));
        assertTrue(e.getMessage().matches("a DeviceArray of 3 floats in opencl:\\d+ .* is closed"), e.getMessage());
        assertThrows(IllegalStateException.class, a::toFloatArray);
        assertThrows(IllegalStateException.class, () -> a.copyFrom(new float[3]));
        out.close();
    }

    @Test
    void wrongTypesAndLengthsAreRefusedBeforeAnythingRuns() {
        try (DeviceArray floats = OPENCL.upload(new float[4]); DeviceArray pixels = OPENCL.upload(new int[4]);
             DeviceArray shorter = OPENCL.allocate(Type.FLOAT, 3)) {
            assertThrows(IllegalArgumentException.class, () -> OPENCL.map(Kernels.grayscale(), floats, pixels));
            assertThrows(IllegalArgumentException.class, () -> OPENCL.map(Kernels.square(), floats, shorter));
            assertThrows(IllegalArgumentException.class, () -> floats.copyFrom(new int[4]));
            assertThrows(IllegalArgumentException.class, () -> floats.copyFrom(new float[5]));
            var e = assertThrows(IllegalArgumentException.class, () -> ParallelMap.on("reference").map(Kernels.square(), floats, floats));
            assertTrue(e.getMessage().contains("runs on reference"), e.getMessage());
        }
    }

    @Test
    void anArrayLargerThanTheDeviceAllowsIsRefusedSayingHowMuchItTakes() {
        OpenClDevice device = OpenClDevices.discover().devices().getFirst();
        long tooMany = device.maxAllocation() / 4 + 1;
        var e = assertThrows(IllegalArgumentException.class, () -> ParallelMap.on("opencl:0").allocate(Type.FLOAT, tooMany));
        assertTrue(e.getMessage().contains("takes at most " + OpenClDevice.bytes(device.maxAllocation()) + " in one buffer"), e.getMessage());
    }

    @Test
    void eightThreadsShareTheDeviceSafely() throws Exception {
        try (var pool = Executors.newFixedThreadPool(8)) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                float s = t;
                results.add(pool.submit((Callable<float[]>) () -> {
                    float[] expected = new float[10_000];
                    java.util.Arrays.fill(expected, 1 + 2 * s);
                    try (DeviceArray b = OPENCL.upload(filled(1)); DeviceArray c = OPENCL.upload(filled(2));
                         DeviceArray out = OPENCL.allocate(Type.FLOAT, 10_000)) {
                        for (int k = 0; k < 20; k++) {
                            OPENCL.map(Kernels.triad().with("s", s), b, c, out);
                            OPENCL.map(Kernels.triad().with("s", s), filled(1), filled(2), new float[10_000]); // host arrays meanwhile
                        }
                        return out.toFloatArray();
                    }
                }));
            }
            for (int t = 0; t < 8; t++) {
                float[] expected = new float[10_000];
                java.util.Arrays.fill(expected, 1 + 2f * t);
                assertArrayEquals(expected, results.get(t).get());
            }
        }
    }

    @Test
    void tenThousandArraysAllocatedAndClosedDoNotGrowNativeMemory() throws Exception {
        float[] x = filled(3);
        for (int i = 0; i < 2_000; i++) { // warm up: heap, JIT and the driver's own pools
            try (DeviceArray a = OPENCL.upload(x)) {
                OPENCL.map(Kernels.square(), a, a);
            }
        }
        System.gc();
        long before = residentKib();
        for (int i = 0; i < 10_000; i++) {
            try (DeviceArray a = OPENCL.upload(x)) {
                OPENCL.map(Kernels.square(), a, a);
            }
        }
        System.gc();
        long grown = residentKib() - before;
        // 10,000 leaked arrays of 40 KB would be 400 MB
        assertTrue(grown < 16 * 1024, "resident memory grew by " + grown + " KiB over 10,000 arrays");
    }

    private static float[] filled(float value) {
        float[] a = new float[10_000];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private static void run(ParallelMap map, Kernel k, List<Object> inputs, Object out) {
        if (inputs.getFirst() instanceof int[] pixels) {
            map.map(k, pixels, (int[]) out);
            return;
        }
        float[][] in = inputs.toArray(float[][]::new);
        switch (in.length) {
            case 1 -> map.map(k, in[0], (float[]) out);
            case 2 -> map.map(k, in[0], in[1], (float[]) out);
            default -> map.map(k, in[0], in[1], in[2], (float[]) out);
        }
    }

    static long residentKib() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
