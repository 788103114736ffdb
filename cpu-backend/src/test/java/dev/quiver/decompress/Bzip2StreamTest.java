package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What our bzip2 decoder does beyond what every codec's tests check: input in any pieces, streams that
 * move between threads, randomised blocks, failures that name the stream, and malformed blocks.
 */
class Bzip2StreamTest {
    @TempDir
    Path dir;

    /** A source that gives one byte per read, so that every header straddles the input's refills. */
    static final class Trickle extends FilterInputStream {
        Trickle(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }

    private static InputStream open(InputStream source) {
        return new Bzip2Stream(new CompressedInput(source, CompressedInput.MAX_BUFFER));
    }

    private static InputStream open(byte[] compressed) {
        return open(new ByteArrayInputStream(compressed));
    }

    private byte[] threeStreams() {
        return TestData.concat(Tool.BZIP2.compress(dir, TestData.text(200_000, 131), "-1"), Tool.BZIP2.compress(dir, new byte[0]),
                Tool.BZIP2.compress(dir, TestData.random(5_000, 132)));
    }

    @Test
    void inputOneByteAtATime() throws IOException {
        byte[] file = threeStreams();
        try (InputStream in = open(new Trickle(file))) {
            assertArrayEquals(Tool.BZIP2.decompress(dir, file), in.readAllBytes());
        }
    }

    @Test
    void aStreamMayMoveBetweenThreads() throws Exception {
        byte[] file = threeStreams();
        byte[] expected = Tool.BZIP2.decompress(dir, file);
        try (InputStream in = open(file)) {
            var out = new ByteArrayOutputStream();
            out.write(CompletableFuture.supplyAsync(() -> {
                try {
                    return in.readNBytes(100_000);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get());
            out.write(in.readAllBytes());
            assertArrayEquals(expected, out.toByteArray());
        }
    }

    /**
     * bzip2 since 0.9.5 writes no randomised blocks; this one is made from bzip2's own output. Text without
     * runs of four equal bytes passes bzip2's first run-length coding unchanged, so compressing the text
     * with the randomisation's bits flipped, then setting the block's randomised bit and putting the
     * text's CRC in place of the flipped text's, gives the block that old bzip2 would have written. The
     * real bzip2 decodes it to the text; so must we.
     */
    @Test
    void aRandomisedBlock() throws IOException {
        byte[] text = TestData.text(20_000, 141);
        byte[] flipped = text.clone();
        Bzip2Randomisation.undo(flipped, flipped.length);
        assertTrue(noRunsOfFour(text) && noRunsOfFour(flipped), "the text must pass the first run-length coding unchanged");
        byte[] bz2 = Tool.BZIP2.compress(dir, flipped, "-1");
        var crc = new Bzip2Crc();
        crc.update(text, 0, text.length);
        int textCrc = crc.value();
        bz2[14] |= (byte) 0x80; // the randomised bit, after "BZh1", the block magic and the block CRC
        putInt(bz2, 10, textCrc);
        // one block: the stream's combined CRC is the block's, in the 32 bits after the end-of-stream magic
        putBits(bz2, endOfStreamMagic(bz2) + 48, textCrc);
        assertArrayEquals(text, Tool.BZIP2.decompress(dir, bz2), "the real bzip2 decodes the randomised block");
        assertArrayEquals(text, Decompress.bytes(bz2));
    }

    @Test
    void theFailingStreamIsNamed() {
        byte[] second = TestData.flip(Tool.BZIP2.compress(dir, TestData.text(10_000, 133)), 12, 1);
        byte[] file = TestData.concat(Tool.BZIP2.compress(dir, TestData.text(10_000, 134)), second);
        var e = Failures.expect(Kind.CHECKSUM, Codec.BZIP2, () -> Decompress.bytes(file));
        assertEquals("bzip2: a block's CRC does not match its data, in bzip2 stream 2: the data is corrupt", e.getMessage());
    }

    @Test
    void cutInsideTheSecondStreamsHeader() {
        byte[] first = Tool.BZIP2.compress(dir, TestData.text(1000, 135));
        for (String cut : new String[] {"B", "BZ", "BZh"}) {
            byte[] file = TestData.concat(first, cut.getBytes(StandardCharsets.US_ASCII));
            var e = Failures.expect(Kind.TRUNCATED, Codec.BZIP2, () -> open(new Trickle(file)).readAllBytes());
            assertEquals("bzip2: truncated input: it ends inside the header of bzip2 stream 2, after " + String.format(Locale.ROOT, "%,d", file.length)
                    + " bytes", e.getMessage());
        }
    }

    @Test
    void aBadBlockSizeAfterAStreamIsNotAnotherStream() {
        byte[] file = TestData.concat(Tool.BZIP2.compress(dir, TestData.text(1000, 136)), "BZh0 and more".getBytes(StandardCharsets.US_ASCII));
        Failures.expect(Kind.TRAILING_DATA, Codec.BZIP2, () -> Decompress.bytes(file));
    }

    /** Detection turns this away before it reaches the decoder, which turns it away too. */
    @Test
    void aBadBlockSizeInTheFirstStream() {
        byte[] file = Tool.BZIP2.compress(dir, TestData.text(1000, 137));
        file[3] = '0';
        var e = Failures.expect(Kind.CORRUPT, Codec.BZIP2, () -> open(file).readAllBytes());
        assertEquals("bzip2: bzip2 stream 1 does not start with a valid header: BZh and a block size from 1 to 9", e.getMessage());
    }

    @Test
    void aBlockMagicNumberThatIsNeither() {
        byte[] file = Tool.BZIP2.compress(dir, TestData.text(1000, 138));
        file[4] ^= 1; // the first byte of the block magic 31 41 59 26 53 59
        var e = Failures.expect(Kind.CORRUPT, Codec.BZIP2, () -> Decompress.bytes(file));
        assertEquals("bzip2: corrupt data in bzip2 stream 1, near byte 10: no block or end of stream where one should start", e.getMessage());
    }

    @Test
    void truncatedInsideABlockDeliversTheBlocksBefore() throws IOException {
        byte[] text = TestData.text(2_000_000, 139);
        byte[] whole = Tool.BZIP2.compress(dir, text, "-1");
        byte[] cut = Arrays.copyOf(whole, whole.length * 3 / 4);
        var got = new ByteArrayOutputStream();
        try (InputStream in = open(cut)) {
            Failures.expect(Kind.TRUNCATED, Codec.BZIP2, () -> in.transferTo(got));
        }
        assertTrue(got.size() > 0 && got.size() < text.length, "the blocks before the cut: " + got.size());
        assertEquals(0, Arrays.compare(text, 0, got.size(), got.toByteArray(), 0, got.size()), "what came out is a prefix of the text");
    }

    @Test
    void readsAfterTheEndReturnMinusOneAndAfterCloseFail() throws IOException {
        byte[] bz2 = Tool.BZIP2.compress(dir, TestData.text(300_000, 140));
        InputStream whole = open(bz2);
        assertEquals(300_000, whole.readAllBytes().length);
        assertEquals(-1, whole.read());
        InputStream part = open(bz2);
        assertEquals(1000, part.readNBytes(1000).length);
        part.close();
        part.close();
        IOException e = assertThrows(IOException.class, () -> part.read(new byte[3]));
        assertEquals("the bzip2 stream is closed", e.getMessage());
    }

    private static boolean noRunsOfFour(byte[] b) {
        for (int i = 3; i < b.length; i++) {
            if (b[i] == b[i - 1] && b[i] == b[i - 2] && b[i] == b[i - 3]) {
                return false;
            }
        }
        return true;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    /** The bit offset of the end-of-stream magic 0x177245385090 in the last bytes of {@code b}. */
    private static long endOfStreamMagic(byte[] b) {
        for (long bit = 8L * b.length - 80; bit >= 8L * b.length - 88; bit--) {
            if (bits(b, bit, 48) == 0x177245385090L) {
                return bit;
            }
        }
        throw new AssertionError("no end-of-stream magic");
    }

    private static long bits(byte[] b, long at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            long p = at + i;
            v = v << 1 | (b[(int) (p >>> 3)] >>> (7 - (p & 7)) & 1);
        }
        return v;
    }

    private static void putBits(byte[] b, long at, int v) {
        for (int i = 0; i < 32; i++) {
            long p = at + i;
            int mask = 1 << (7 - (p & 7));
            if ((v >>> (31 - i) & 1) != 0) {
                b[(int) (p >>> 3)] |= (byte) mask;
            } else {
                b[(int) (p >>> 3)] &= (byte) ~mask;
            }
        }
    }
}
