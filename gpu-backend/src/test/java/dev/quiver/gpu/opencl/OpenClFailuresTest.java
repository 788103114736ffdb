package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the OpenCL backend says when the device will not do what it is asked. */
class OpenClFailuresTest {

    @Test
    void aSourceThatDoesNotBuildReportsTheDevicesBuildLog() {
        OpenClContext context = OpenClContext.of(OpenClDevices.discover().devices().getFirst());
        var e = assertThrows(IllegalStateException.class, () -> context.build("__kernel void broken(__global float *x) { x[0] = undefined_name; }"));
        assertTrue(e.getMessage().startsWith("OpenCL could not build the kernel on "), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_name"), "the build log names the problem: " + e.getMessage());
    }

    @Test
    void tenThousandCallsDoNotGrowNativeMemory() throws Exception {
        var opencl = dev.quiver.ParallelMap.on("opencl");
        float[] x = new float[1000];
        float[] y = new float[1000];
        // the first calls grow the Java heap and the JIT's code cache; what must not grow is what follows
        for (int i = 0; i < 10_000; i++) {
            opencl.map(dev.quiver.library.Kernels.square(), x, y);
        }
        System.gc();
        long before = residentKib();
        for (int i = 0; i < 10_000; i++) {
            opencl.map(dev.quiver.library.Kernels.square(), x, y);
        }
        System.gc();
        long grown = residentKib() - before;
        assertTrue(grown < 8 * 1024, "resident memory grew by " + grown + " KiB over 10,000 calls");
    }

    /** This process's resident set, from /proc (Linux). */
    private static long residentKib() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
