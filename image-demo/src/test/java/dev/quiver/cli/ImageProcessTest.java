package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.cli.image.PictureReader;
import dev.quiver.library.Kernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver image} as a user runs it: a separate JVM process with the launcher's flags, on real files
 * written here, one of them truncated. Its exit code and outputs are what scripts see.
 */
class ImageProcessTest {
    @TempDir
    Path dir;

    @Test
    void aRealProcessWritesTheGoodFilesAndExitsOneForTheTruncatedOne() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        byte[] png = Files.readAllBytes(Path.of("src/test/resources/images/interlaced.png"));
        Files.write(in.resolve("a.png"), png);
        Files.write(in.resolve("b.png"), Arrays.copyOf(png, png.length / 2));
        Files.write(in.resolve("c.png"), png);
        Path out = dir.resolve("out");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Quiver.class.getName(),
                "image", "grayscale,blur=1", in + "/*.png", "--out-dir", out.toString(), "--no-progress")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), log);

        assertEquals(1, p.exitValue(), log);
        assertTrue(log.contains("b.png"), "the truncated file is named: " + log);
        assertFalse(Files.exists(out.resolve("b.png")), "no output for the truncated file");
        try (var written = Files.list(out)) {
            assertEquals(List.of("a.png", "c.png"), written.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary files left behind");
        }
        var reader = new PictureReader(1 << 24);
        var source = reader.read(in.resolve("a.png"));
        int[] gray = new int[source.pixels()];
        ParallelMap.on("reference").map(Kernels.grayscale(), source.argb(), gray);
        int[] expected = new int[gray.length];
        ParallelMap.on("reference").map(dev.quiver.kernel.Stencil.gaussian(1), gray, source.width(), source.height(), expected);
        assertArrayEquals(expected, reader.read(out.resolve("a.png")).argb());
    }
}
