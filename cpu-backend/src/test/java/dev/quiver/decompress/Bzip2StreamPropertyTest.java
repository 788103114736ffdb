package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.quiver.decompress.Tools.Tool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Our bzip2 decoder gives what the real {@code bzip2 -dc} gives, on data the real {@code bzip2} made of
 * every shape that exercises another part of the format: text, random bytes, long runs (bzip2's two
 * run-length codings), few and all byte values, sizes from nothing to several blocks, every level, and
 * several streams one after another; read whole and in small pieces.
 */
class Bzip2StreamPropertyTest {
    private static final Path DIR = TestData.newDirectory("quiver-bzip2");

    @AfterContainer
    static void removeDirectory() throws IOException {
        TestData.deleteDirectory(DIR);
    }

    @Property(tries = 120)
    void likeTheTool(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int level, @ForAll @IntRange(min = 1, max = 3) int streams)
            throws IOException {
        var random = new SplittableRandom(seed);
        var file = new ByteArrayOutputStream();
        for (int s = 0; s < streams; s++) {
            file.writeBytes(Tool.BZIP2.compress(DIR, data(random), "-" + level));
        }
        byte[] compressed = file.toByteArray();
        byte[] expected = Tool.BZIP2.decompress(DIR, compressed);
        assertArrayEquals(expected, Decompress.bytes(compressed, Limits.forBytes(), Options.defaults()));
        try (InputStream in = Codec.BZIP2.open(new ByteArrayInputStream(compressed))) {
            assertArrayEquals(expected, TestData.inPieces(in, random));
        }
    }

    /** Up to 1.2 MB, of one shape or of pieces of several. */
    private static byte[] data(SplittableRandom random) {
        int size = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(100);
            case 1 -> random.nextInt(5_000);
            case 2 -> random.nextInt(120_000);
            default -> random.nextInt(1_200_000);
        };
        var out = new ByteArrayOutputStream(size);
        while (out.size() < size) {
            int n = Math.min(size - out.size(), 1 + random.nextInt(random.nextBoolean() ? 300 : 200_000));
            switch (random.nextInt(6)) {
                case 0 -> out.writeBytes(TestData.text(n, random.nextLong()));
                case 1 -> out.writeBytes(TestData.random(n, random.nextLong()));
                case 2 -> {
                    // a run: bzip2 codes 4 to 255 repeats as a count, and runs of the front byte as RUNA/RUNB
                    byte b = (byte) random.nextInt(256);
                    for (int i = 0; i < n; i++) {
                        out.write(b);
                    }
                }
                case 3 -> {
                    // few byte values, in short runs
                    for (int i = 0; i < n; i++) {
                        out.write('a' + random.nextInt(3));
                    }
                }
                case 4 -> {
                    for (int i = 0; i < n; i++) {
                        out.write(i);
                    }
                }
                default -> {
                    // runs of every length around bzip2's thresholds of 4 and 4 + 255
                    byte b = (byte) random.nextInt(256);
                    int run = random.nextInt(3) == 0 ? 255 + random.nextInt(10) : random.nextInt(9);
                    for (int i = 0; i < Math.min(run, n); i++) {
                        out.write(b);
                    }
                }
            }
        }
        return out.toByteArray();
    }
}
