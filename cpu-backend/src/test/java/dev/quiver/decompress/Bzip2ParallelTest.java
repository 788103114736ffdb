package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import dev.quiver.tasks.Result;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bzip2's blocks decoded ahead on spare threads ({@link Bzip2Speculation}): the same output as
 * {@code bzip2 -dc}, and on damaged data the very failure (kind and message) that decoding on one thread
 * gives, whether or not a block was decoded ahead; blocks really are decoded ahead; memory and threads go
 * back at close. {@code bzip2 -1} makes blocks of 100 kB, so a few hundred kB give several.
 */
class Bzip2ParallelTest {
    @TempDir
    Path dir;

    /** Three streams, of 5, 1 and 3 blocks. */
    private byte[] multiBlock() {
        return TestData.concat(Tool.BZIP2.compress(dir, TestData.concat(TestData.text(420_000, 201), TestData.random(30_000, 202)), "-1"),
                Tool.BZIP2.compress(dir, TestData.text(150_000, 203), "-2"), Tool.BZIP2.compress(dir, TestData.text(250_000, 204), "-1"));
    }

    private static Bzip2Stream parallel(byte[] compressed, SpareThreads spare) {
        return new Bzip2Stream(new CompressedInput(new ByteArrayInputStream(compressed), CompressedInput.MAX_BUFFER), spare);
    }

    /** The bit offsets where the blocks of a sound file start, and where its streams end, in order. */
    static List<Long> magics(byte[] file) {
        var found = new ArrayList<Long>();
        new Bzip2BlockFinder().feed(file, 0, file.length, (bit, block) -> found.add(bit));
        return found;
    }

    /** What decoding gives, on {@code threads} threads: the output, or the failure's kind and message. */
    static String outcome(byte[] file, int threads) {
        try {
            byte[] out = Decompress.bytes(file, Limits.forBytes().withMaxOutputBytes(8 << 20), Options.defaults().withCodec(Codec.BZIP2).withThreads(threads));
            return "output " + Arrays.hashCode(out) + ", " + out.length + " bytes";
        } catch (DecompressionException e) {
            return e.kind() + ": " + e.getMessage();
        }
    }

    /** {@code file} with the bits {@code [from, to)} of {@code source} written over it from bit {@code at}. */
    static byte[] plant(byte[] file, long at, byte[] source, long from, long to) {
        byte[] b = file.clone();
        for (long k = 0; k < to - from && at + k < 8L * b.length; k++) {
            long s = from + k;
            int bit = source[(int) (s >>> 3)] >>> (7 - (s & 7)) & 1;
            long t = at + k;
            int mask = 1 << (7 - (t & 7));
            b[(int) (t >>> 3)] = (byte) (bit == 1 ? b[(int) (t >>> 3)] | mask : b[(int) (t >>> 3)] & ~mask);
        }
        return b;
    }

    /** Waits until every helper has ended and given its permit back: after the block each was on. */
    static void awaitPermits(SpareThreads spare, int permits) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (spare.available() != permits && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(permits, spare.available(), "every helper ends after the block it was on, and gives its thread back");
    }

    @Test
    void severalStreamsOfSeveralBlocksAreDecodedAhead() throws IOException {
        byte[] file = multiBlock();
        assertEquals(12, magics(file).size(), "9 blocks and 3 ends of stream");
        byte[] expected = Tool.BZIP2.decompress(dir, file);
        int taken = 0;
        for (int round = 0; round < 5; round++) {
            try (Bzip2Stream in = parallel(file, SpareThreads.of(2))) {
                assertArrayEquals(expected, in.readAllBytes());
                taken += in.ahead().taken();
                assertEquals(0, in.ahead().wasted(), "a sound file has no false candidates");
            }
        }
        assertTrue(taken > 0, "no block was decoded ahead in 5 rounds");
    }

    @Test
    void blocksOfLongRunsComeOutWhole() throws IOException {
        // a block of zeros holds about 5 MB of output, more than a block decoded ahead is given: the walk undoes its runs
        byte[] data = TestData.concat(TestData.text(300_000, 206), new byte[12_000_000], TestData.text(300_000, 207));
        byte[] file = Tool.BZIP2.compress(dir, data, "-1");
        for (int round = 0; round < 3; round++) {
            try (Bzip2Stream in = parallel(file, SpareThreads.of(2))) {
                assertArrayEquals(data, in.readAllBytes());
            }
        }
    }

    @Test
    void aBlockPlantedInsideAnotherIsNeverTaken() throws InterruptedException {
        byte[] good = multiBlock();
        List<Long> m = magics(good);
        // the whole of block 4 (its magic, CRC and data), 3 bits off the byte grid, inside the data of block 2
        byte[] file = plant(good, m.get(1) + 1003, good, m.get(3), m.get(4));
        String sequential = outcome(file, 1);
        assertTrue(sequential.startsWith("CHECKSUM: ") || sequential.startsWith("CORRUPT: "), sequential);
        int wasted = 0;
        for (int round = 0; round < 5; round++) {
            assertEquals(sequential, outcome(file, 3));
            SpareThreads spare = SpareThreads.of(2);
            Bzip2Stream in = parallel(file, spare);
            assertThrows(DecompressionException.class, in::readAllBytes);
            in.close();
            awaitPermits(spare, 2);
            wasted += in.ahead().wasted();
        }
        assertTrue(wasted > 0, "the planted block was never decoded ahead in 5 rounds");
    }

    @Test
    void blocksInDataAfterTheLastStreamAreNeverTaken() {
        byte[] good = multiBlock();
        byte[] file = TestData.concat(good, "not bzip2".getBytes(java.nio.charset.StandardCharsets.US_ASCII), good);
        String sequential = outcome(file, 1);
        assertEquals("TRAILING_DATA: bzip2: unexpected data after the last bzip2 stream: it is not another bzip2 stream "
                + "(bzip2 -dc ignores it with a warning)", sequential);
        for (int round = 0; round < 3; round++) {
            assertEquals(sequential, outcome(file, 3));
        }
    }

    @Test
    void cutInsideALaterBlock() {
        byte[] good = multiBlock();
        List<Long> m = magics(good);
        byte[] file = Arrays.copyOf(good, (int) ((m.get(3) + m.get(4)) / 16));
        String sequential = outcome(file, 1);
        assertTrue(sequential.startsWith("TRUNCATED: bzip2: truncated input: it ends inside a bzip2 stream, after "), sequential);
        for (int round = 0; round < 3; round++) {
            assertEquals(sequential, outcome(file, 3));
        }
    }

    @Test
    void aByteFlippedInALaterBlock() {
        byte[] good = multiBlock();
        List<Long> m = magics(good);
        for (long at : List.of(m.get(3) / 8 + 30, (m.get(3) + m.get(4)) / 16, m.get(7) / 8 + 9)) {
            byte[] file = TestData.flip(good, (int) at, 0x10);
            String sequential = outcome(file, 1);
            assertTrue(!sequential.startsWith("output "), sequential);
            for (int round = 0; round < 3; round++) {
                assertEquals(sequential, outcome(file, 3), "flipped at byte " + at);
            }
        }
    }

    @Test
    void aBombFailsAtTheItemLimit() throws IOException {
        byte[] bomb = Tool.BZIP2.compress(dir, new byte[30_000_000], "-1"); // 100 kB blocks of runs: about 4 MB each
        assertTrue(magics(bomb).size() > 3, "several blocks");
        long limit = 10 << 20;
        var sequential = Failures.expect(Kind.OUTPUT_LIMIT, Codec.BZIP2,
                () -> Decompress.bytes(bomb, Limits.forBytes().withMaxOutputBytes(limit), Options.defaults()));
        var parallel = Failures.expect(Kind.OUTPUT_LIMIT, Codec.BZIP2,
                () -> Decompress.bytes(bomb, Limits.forBytes().withMaxOutputBytes(limit), Options.defaults().withThreads(4)));
        assertEquals(sequential.getMessage(), parallel.getMessage());
        long delivered = delivered(bomb, limit, 4);
        assertTrue(delivered <= limit && delivered > limit - (1 << 16), "up to the limit, nothing past it: " + delivered);
        assertEquals(delivered(bomb, limit, 1), delivered, "the same reads on one thread");
    }

    /** How many bytes reads of 64 KiB get before the limit stops them. */
    private static long delivered(byte[] bomb, long limit, int threads) throws IOException {
        long delivered = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Decompress.open(new ByteArrayInputStream(bomb), Limits.forStreams().withMaxOutputBytes(limit),
                Options.defaults().withThreads(threads))) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                delivered += n;
            }
        } catch (DecompressionException e) {
            assertEquals(Kind.OUTPUT_LIMIT, e.kind(), e::getMessage);
        }
        return delivered;
    }

    @Test
    void closingEarlyStopsTheHelpersAndGivesTheirThreadsBack() throws Exception {
        byte[] file = Tool.BZIP2.compress(dir, TestData.text(2_000_000, 205), "-1");
        for (int round = 0; round < 3; round++) {
            SpareThreads spare = SpareThreads.of(3);
            Bzip2Stream in = parallel(file, spare);
            assertEquals(300_000, in.readNBytes(300_000).length);
            assertTrue(spare.available() < 3, "helpers were taken");
            in.close();
            assertThrows(IOException.class, in::read);
            awaitPermits(spare, 3);
        }
    }

    @Test
    void eightThreadsDecodeEightFilesAtOnce() throws Exception {
        List<byte[]> files = new ArrayList<>();
        List<byte[]> expected = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            byte[] file = Tool.BZIP2.compress(dir, TestData.concat(TestData.text(250_000 + 40_000 * f, 210 + f), TestData.random(10_000, 220 + f)), "-1");
            files.add(file);
            expected.add(Tool.BZIP2.decompress(dir, file));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<byte[]>> outputs = new ArrayList<>();
                for (byte[] file : files) {
                    outputs.add(pool.submit(() -> Decompress.bytes(file, Limits.forBytes(), Options.defaults().withThreads(3))));
                }
                for (int f = 0; f < 8; f++) {
                    assertArrayEquals(expected.get(f), outputs.get(f).get(), "file " + f);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBatchLendsItsIdleThreadsToItsItems() throws IOException {
        byte[] file = multiBlock();
        byte[] expected = Tool.BZIP2.decompress(dir, file);
        List<Result<byte[], byte[]>> results = Decompress.batch(List.of(file, file, file), BatchLimits.forBytes(), Options.defaults(),
                ParallelMap.auto().withThreads(5));
        for (var r : results) {
            assertArrayEquals(expected, ((Result.Success<byte[], byte[]>) r).value());
        }
        Path in = dir.resolve("one.bz2");
        Files.write(in, file);
        Path out = Files.createDirectory(dir.resolve("out"));
        var written = Decompress.files(List.of(in), out, BatchLimits.forFiles(), Options.defaults(), ParallelMap.auto().withThreads(3));
        assertTrue(written.getFirst() instanceof Result.Success, written.getFirst()::toString);
        assertArrayEquals(expected, Files.readAllBytes(out.resolve("one")));
    }

    @Test
    void aBatchThatFillsItsThreadsLendsNoneUntilItsEnd() {
        SpareThreads spare = SpareThreads.forBatch(2, 5);
        assertTrue(!spare.tryTake());
        spare.finished();
        spare.finished();
        spare.finished();
        assertTrue(!spare.tryTake(), "two items left on two threads");
        spare.finished();
        assertTrue(spare.tryTake(), "one item left on two threads");
        assertTrue(!spare.tryTake());
    }

    @Test
    void aBatchOnMoreThreadsThanCoresLendsOnlyTheIdleCores() {
        SpareThreads io = SpareThreads.forBatch(256, 3, 16); // ParallelMap.io() near the end of a batch
        assertEquals(13, io.available());
        for (int i = 0; i < 3; i++) {
            io.finished();
        }
        assertEquals(16, io.available());
        assertEquals(1, SpareThreads.forBatch(2, 1, 16).available(), "fewer threads than cores: the threads");
    }

    @Test
    void threadsMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class, () -> Options.defaults().withThreads(0));
        assertEquals("threads must be at least 1, not 0", e.getMessage());
        assertEquals(1, Options.defaults().threads());
        assertEquals(4, Options.defaults().withThreads(4).withVerify(true).withCodec(Codec.BZIP2).threads());
    }
}
