package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.library.Kernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures behind auto()'s device choice, kept in a file for the next process: fresh JVMs, since a
 * JVM measures once. A second process takes them from the file without measuring (the file is not even
 * rewritten); a file from another machine is measured over and replaced.
 */
class DispatchCacheTest {

    /** Prints the verdict on opencl for a call large enough to be measured. */
    public static void main(String[] args) {
        var why = ParallelMap.auto().explain(Kernels.triad(), 1 << 22);
        System.out.println("verdict: " + why.candidates().stream().filter(c -> c.backend().equals("opencl")).findFirst().orElseThrow().reason());
    }

    @Test
    void aSecondProcessUsesTheFiguresTheFirstMeasured(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("sub").resolve("dispatch.properties");
        String first = verdict(cache);
        assertTrue(first.matches("verdict: .*measured to (win|lose).*round trip .*"), first);
        String written = Files.readString(cache);
        assertTrue(written.contains("machine=" + Runtime.getRuntime().availableProcessors() + " cpus"), written);
        assertTrue(written.contains("transfers\\ opencl"), written);
        assertTrue(written.contains("kernel\\ reference"), written); // the only CPU backend on this module's class path

        assertEquals(first, verdict(cache), "the same figures, from the file");
        assertEquals(written, Files.readString(cache), "nothing was measured, so nothing was written");
    }

    @Test
    void figuresFromAnotherMachineAreMeasuredAgain(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("dispatch.properties");
        verdict(cache);
        String written = Files.readString(cache);
        String elsewhere = written.replaceFirst("machine=[^\\n]*", "machine=64 cpus, aarch64, Java 25");
        Files.writeString(cache, elsewhere);
        verdict(cache);
        String rewritten = Files.readString(cache);
        assertNotEquals(elsewhere, rewritten);
        assertTrue(rewritten.contains("machine=" + Runtime.getRuntime().availableProcessors() + " cpus"), rewritten);
    }

    @Test
    void anUnreadableCacheOnlyCostsAMeasurement(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("dispatch.properties");
        Files.createDirectory(cache); // a directory where the file should be: neither readable nor writable as one
        assertTrue(verdict(cache).matches("verdict: .*measured to (win|lose).*"));
    }

    private static String verdict(Path cache) throws Exception {
        String out = ChildJvm.run(DispatchCacheTest.class, ChildJvm.classPath(), List.of("-Dquiver.dispatch.cache=" + cache), Map.of());
        return out.lines().filter(l -> l.startsWith("verdict: ")).findFirst().orElse(out);
    }
}
