package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiver.decompress.Tools.Tool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * bzip2's blocks decoded ahead on spare threads give what {@code bzip2 -dc} gives, on files of several
 * blocks and streams read in pieces of any size; and on damaged files (flipped bits, overwritten bytes,
 * stretches zeroed or cut off, the block magic or a whole block planted at any bit) exactly what decoding
 * on one thread gives: the same output, or the same failure, kind and message.
 */
class Bzip2ParallelPropertyTest {
    private static final Path DIR = TestData.newDirectory("quiver-bzip2-parallel");
    private static final byte[] GOOD;
    private static final List<Long> MAGICS;

    static {
        GOOD = TestData.concat(Tool.BZIP2.compress(DIR, TestData.concat(TestData.text(330_000, 231), TestData.random(20_000, 232)), "-1"),
                Tool.BZIP2.compress(DIR, TestData.text(60_000, 233), "-9"), Tool.BZIP2.compress(DIR, TestData.text(220_000, 234), "-1"));
        MAGICS = Bzip2ParallelTest.magics(GOOD);
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        TestData.deleteDirectory(DIR);
    }

    @Property(tries = 60)
    void likeTheTool(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int level, @ForAll @IntRange(min = 1, max = 3) int streams,
            @ForAll @IntRange(min = 2, max = 5) int threads) throws IOException {
        var random = new SplittableRandom(seed);
        var file = new ByteArrayOutputStream();
        for (int s = 0; s < streams; s++) {
            file.writeBytes(Tool.BZIP2.compress(DIR, data(random), "-" + level));
        }
        byte[] compressed = file.toByteArray();
        byte[] expected = Tool.BZIP2.decompress(DIR, compressed);
        Options options = Options.defaults().withThreads(threads);
        assertArrayEquals(expected, Decompress.bytes(compressed, Limits.forBytes(), options));
        try (InputStream in = Decompress.open(new ByteArrayInputStream(compressed), Limits.forStreams(), options)) {
            assertArrayEquals(expected, TestData.inPieces(in, random));
        }
    }

    @Property(tries = 400)
    void damageFailsAsOnOneThread(@ForAll long seed) {
        var random = new SplittableRandom(seed);
        byte[] damaged = GOOD.clone();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            int at = random.nextInt(damaged.length);
            switch (random.nextInt(6)) {
                case 0 -> damaged[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> damaged[at] = (byte) random.nextInt(256);
                case 2 -> Arrays.fill(damaged, at, Math.min(damaged.length, at + random.nextInt(64)), (byte) 0);
                case 3 -> damaged = Arrays.copyOf(damaged, Math.max(1, at));
                case 4 -> {
                    byte[] magic = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
                    damaged = Bzip2ParallelTest.plant(damaged, random.nextLong(8L * damaged.length), magic, 0, 48);
                }
                default -> {
                    // a whole block, from its magic to the next, at any bit: a false candidate that decodes
                    int b = random.nextInt(MAGICS.size() - 1);
                    damaged = Bzip2ParallelTest.plant(damaged, random.nextLong(8L * damaged.length), GOOD, MAGICS.get(b), MAGICS.get(b + 1));
                }
            }
        }
        assertEquals(Bzip2ParallelTest.outcome(damaged, 1), Bzip2ParallelTest.outcome(damaged, 2 + random.nextInt(3)));
    }

    /** Up to 600 kB of text, random bytes and runs, in pieces. */
    private static byte[] data(SplittableRandom random) {
        int size = random.nextInt(4) == 0 ? random.nextInt(50_000) : random.nextInt(600_000);
        var out = new ByteArrayOutputStream(size);
        while (out.size() < size) {
            int n = Math.min(size - out.size(), 1 + random.nextInt(200_000));
            switch (random.nextInt(3)) {
                case 0 -> out.writeBytes(TestData.text(n, random.nextLong()));
                case 1 -> out.writeBytes(TestData.random(n, random.nextLong()));
                default -> {
                    byte[] run = new byte[n];
                    Arrays.fill(run, (byte) random.nextInt(256));
                    out.writeBytes(run);
                }
            }
        }
        return out.toByteArray();
    }
}
