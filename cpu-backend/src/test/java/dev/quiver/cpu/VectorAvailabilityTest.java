package dev.quiver.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The simd backend reports why it cannot run instead of failing, checked in real child JVMs started
 * the ways users get it wrong; and kernels still run, on threads.
 */
class VectorAvailabilityTest {

    /** Prints each backend's status and runs a kernel with auto(). */
    public static void main(String[] args) {
        for (var b : ParallelMap.backends()) {
            System.out.println(b.name() + " " + b.usable() + " " + b.detail());
        }
        float[] y = new float[3];
        ParallelMap.auto().map(dev.quiver.library.Kernels.square(), new float[] {1, 2, 3}, y);
        System.out.println("square " + y[2] + " on " + ParallelMap.auto().explain(dev.quiver.library.Kernels.square(), 3).chosen());
    }

    private static String child(String... jvmFlags) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), VectorAvailabilityTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void withoutTheIncubatorModule() throws Exception {
        String out = child();
        assertTrue(out.contains("simd false the JVM was started without --add-modules jdk.incubator.vector"), out);
        assertEquals(1, out.split("the simd backend is unusable", -1).length - 1, "the reason is logged once: " + out);
        assertTrue(out.contains("square 9.0 on threads"), out);
    }

    @Test
    void withTheJitOff() throws Exception {
        String out = child("--add-modules=jdk.incubator.vector", "-Xint");
        assertTrue(out.contains("simd false the JIT is off (-Xint)"), out);
        assertTrue(out.contains("square 9.0 on threads"), out);
    }

    @Test
    void withC2Disabled() throws Exception {
        String out = child("--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1");
        assertTrue(out.contains("simd false C2 is disabled (-XX:TieredStopAtLevel=1)"), out);
    }

    @Test
    void whenUsable() throws Exception {
        String out = child("--add-modules=jdk.incubator.vector");
        assertTrue(out.contains("simd true Vector API"), out);
        assertTrue(out.contains("square 9.0 on simd"), out);
    }
}
