package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.cli.npy.NpyType;
import dev.quiver.cli.npy.NpyWriter;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code quiver map} process, as a script runs it, in a fresh JVM: simd's kernel is cold in it, and the
 * process ends after one call. With a device whose memory is apart from the host's (a discrete GPU; PoCL made
 * to act as one with {@code -Dquiver.opencl.sharedMemory=false}), auto() has simd compile the kernel at once
 * and measures, so that even a one-call process decides on figures (and would leave them in the cache file
 * for the next); with PoCL as it is, sharing the host's memory, the call stays on the CPU unmeasured.
 */
class OneShotDispatchTest {
    private static final int N = 1 << 17;

    @TempDir
    Path dir;

    @BeforeEach
    void inputs() throws IOException {
        for (String name : List.of("b.npy", "c.npy")) {
            try (var writer = new NpyWriter(dir.resolve(name), NpyType.FLOAT32, new long[] {N})) {
                for (int i = 0; i < N; i++) {
                    writer.data().setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 0.5f);
                }
                writer.commit();
            }
        }
    }

    @Test
    void aDeviceWithMemoryOfItsOwnIsMeasuredInAOneCallProcess() throws Exception {
        String verdict = openclVerdict(run("-Dquiver.opencl.sharedMemory=false"));
        assertTrue(verdict.contains("measured to"), verdict);
        assertTrue(verdict.contains("to device"), "copies counted, as for a discrete GPU: " + verdict);
    }

    @Test
    void aDeviceSharingTheHostsMemoryIsNotWorthCompilingEarlyFor() throws Exception {
        String verdict = openclVerdict(run("-Dquiver.opencl.sharedMemory=true"));
        assertTrue(verdict.contains("not measured yet"), verdict);
    }

    private String run(String property) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dquiver.dispatch.cache=none", property, "-cp", System.getProperty("java.class.path"), Quiver.class.getName(),
                "map", "triad", "--in", dir.resolve("b.npy").toString(), "--in", dir.resolve("c.npy").toString(), "--param", "s=3",
                "--out", dir.resolve("a.npy").toString(), "--explain"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        return log;
    }

    private static String openclVerdict(String log) {
        return log.lines().filter(l -> l.strip().startsWith("opencl ")).findFirst().orElse(log);
    }
}
