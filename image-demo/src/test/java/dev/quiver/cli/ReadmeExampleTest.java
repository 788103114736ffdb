package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The library example in README.md, line for line between the markers, so that it keeps compiling and working. */
class ReadmeExampleTest {

    @Test
    void theReadmeShowsThisExample() throws java.io.IOException {
        var source = java.nio.file.Files.readAllLines(java.nio.file.Path.of("src/test/java/dev/quiver/cli/ReadmeExampleTest.java"));
        var example = source.subList(source.indexOf("            // README begin") + 1, source.indexOf("            // README end")).stream()
                .map(line -> line.length() >= 12 ? line.substring(12) : line.strip()).toList();
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
        assertTrue(readme.contains(String.join("\n", example)), "README.md's library example differs from this test's:\n" + String.join("\n", example));
    }

    @Test
    void theReadmeExampleRuns() {
        float[] x = {1, 4, 9, 16};
        float[] y = new float[4];
        int[] pixels = {0x80C86432, 0xFF102030};
        int[] out = new int[2];
        var printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed));
        try {
            // README begin
            ParallelMap map = ParallelMap.auto();                       // or ParallelMap.on("simd"), .withThreads(4)
            map.map(Kernels.square(), x, y);                            // y[i] = x[i] * x[i], every core, SIMD lanes

            Kernel scaled = Kernel.parse("y = sqrt(x) * s + 1").with("s", 2f);
            map.map(scaled, x, y);
            Kernel softplus = Kernel.map("softplus", v -> v.exp().add(1).log());
            map.map(softplus, x, y);

            double dot = map.reduce(Kernels.dot(), x, y);
            map.map(Kernels.grayscale().then(Kernels.gamma(2.2f)), pixels, out);   // fused: one pass over memory
            System.out.println(map.explain(Kernels.triad(), 1 << 26));
            // README end
            assertEquals((float) Math.log(Math.exp(16) + 1), y[3], 1e-5f);
            assertTrue(dot > 0);
        } finally {
            System.setOut(stdout);
        }
        assertTrue(printed.toString().contains("kernel 'triad' on 67,108,864 elements runs on simd"), printed.toString());
        assertEquals(0x80, out[0] >>> 24);
    }
}
