package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.cli.image.Ops;
import dev.quiver.cli.image.PictureReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo (its kernel table and its sample image), devices and help run as users run them. */
class CommandsTest {

    private static String[] run(int expectedCode, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(expectedCode, r.code(), r.out() + "\n" + r.err());
        return new String[] {r.out(), r.err()};
    }

    @Test
    void demoRunsEveryBuiltinOnEveryBackendAndMatches() {
        String out = run(0, "demo", "--size", "4Ki", "--runs", "1")[0];
        for (String line : new String[] {"square        simd", "triad         threads", "gamma         reference", "dot           simd"}) {
            assertTrue(out.contains(line), out);
        }
        assertTrue(out.contains("Every result matched the reference"), out);
        assertTrue(!out.contains("NO"), out);
    }

    @Test
    void demoRunsTheSampleImageOnEveryBackendWritesTheOutputsAndReportsMatches(@TempDir Path dir) throws IOException {
        String out = run(0, "demo", "--size", "4Ki", "--runs", "1", "--kernels", "square", "--image-size", "64x48",
                "--out-dir", dir.toString())[0];
        assertTrue(out.contains("Sample image: 64 x 48 (0.0 megapixels), grayscale,contrast=1.2,gamma=2.2; outputs in " + dir), out);
        var reader = new PictureReader(1 << 20);
        int[] sample = reader.read(dir.resolve("sample.png")).argb();
        int[] expected = new int[sample.length];
        ParallelMap.on("reference").map(Ops.parse("grayscale,contrast=1.2,gamma=2.2"), sample, expected);
        for (String backend : new String[] {"simd", "threads", "reference"}) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(backend + " ") && l.contains("sample." + backend + ".png") && l.endsWith(" yes")), out);
            assertArrayEquals(expected, reader.read(dir.resolve("sample." + backend + ".png")).argb(), backend);
        }
        assertTrue(out.contains("Every result matched the reference"), out);
    }

    @Test
    void demoRejectsABadImageSize() {
        String err = run(Quiver.USAGE, "demo", "--image-size", "big")[1];
        assertTrue(err.contains("--image-size must be WIDTHxHEIGHT, such as 2048x1536, or 0; got big"), err);
    }

    @Test
    void demoRejectsABadSize() {
        String err = run(Quiver.USAGE, "demo", "--size", "lots")[1];
        assertTrue(err.contains("'lots' is not a size"), err);
    }

    @Test
    void devicesListsUsableAndUnusableBackendsWithReasons() {
        String out = run(0, "devices")[0];
        assertTrue(out.contains("simd       usable    Vector API"), out);
        assertTrue(out.contains("threads    usable"), out);
        assertTrue(out.contains("reference  by name"), out);
        assertTrue(out.contains("opencl     measured  1 device; 'opencl' alone runs on the one marked *"), out);
        assertTrue(out.matches("(?s).*\\n {23}\\* opencl:0 CPU .* compute units, .* global \\(the host's\\), .* max buffer; OpenCL .*"), out);
    }

    @Test
    void helpListsTheCommandsAndTheBuiltins() {
        String help = run(0, "--help")[0];
        assertTrue(help.matches("(?s).*\\n +devices +List every backend.*"), help);
        assertTrue(help.matches("(?s).*\\n +decompress +Decompress files on every core.*"), help);
        String map = run(0, "map", "--help")[0];
        assertTrue(map.contains("gamma(p; gamma)"), map);
        assertTrue(map.contains("triad(b, c; s=0.4)"), map);
    }

    @Test
    void unknownCommand() {
        String err = run(Quiver.USAGE, "frobnicate")[1];
        assertTrue(err.contains("Unmatched argument"), err);
    }
}
