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
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the libbz2 stream does beyond what every codec's tests check: input in any pieces, streams that
 * move between threads, failures that name the stream, and native memory freed. It runs on libbz2 even
 * where {@link LibBz2#PROPERTY} forbids it for {@link Codec#BZIP2}.
 */
class LibBz2StreamTest {
    private static final LibBz2 LIB = LibBz2.load(true).library().orElseThrow(() -> new AssertionError(LibBz2.load(true).whyNot()));

    @TempDir
    Path dir;

    /** A source that gives one byte per read, so that every stream header straddles the input's refills. */
    static final class Trickle extends FilterInputStream {
        Trickle(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
        }
    }

    private static LibBz2Stream open(InputStream source) {
        return new LibBz2Stream(LIB, new CompressedInput(source, CompressedInput.MAX_BUFFER));
    }

    private static LibBz2Stream open(byte[] compressed) {
        return open(new ByteArrayInputStream(compressed));
    }

    private byte[] threeStreams() {
        return TestData.concat(Tool.BZIP2.compress(dir, TestData.text(200_000, 131), "-1"), Tool.BZIP2.compress(dir, new byte[0]),
                Tool.BZIP2.compress(dir, TestData.random(5_000, 132)));
    }

    @Test
    void inputOneByteAtATime() throws IOException {
        byte[] file = threeStreams();
        try (LibBz2Stream in = open(new Trickle(file))) {
            assertArrayEquals(Tool.BZIP2.decompress(dir, file), in.readAllBytes());
        }
    }

    @Test
    void aStreamMayMoveBetweenThreads() throws Exception {
        byte[] file = threeStreams();
        byte[] expected = Tool.BZIP2.decompress(dir, file);
        try (LibBz2Stream in = open(file)) {
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

    @Test
    void theFailingStreamIsNamed() {
        byte[] second = TestData.flip(Tool.BZIP2.compress(dir, TestData.text(10_000, 133)), 12, 1);
        byte[] file = TestData.concat(Tool.BZIP2.compress(dir, TestData.text(10_000, 134)), second);
        var e = Failures.expect(Kind.CHECKSUM, Codec.BZIP2, () -> open(file).readAllBytes());
        assertEquals("bzip2: a block's CRC does not match its data, in bzip2 stream 2: the data is corrupt", e.getMessage());
    }

    @Test
    void cutInsideTheSecondStreamsHeader() {
        byte[] first = Tool.BZIP2.compress(dir, TestData.text(1000, 135));
        for (String cut : new String[] {"B", "BZ", "BZh"}) {
            byte[] file = TestData.concat(first, cut.getBytes(StandardCharsets.US_ASCII));
            var e = Failures.expect(Kind.TRUNCATED, Codec.BZIP2, () -> open(new Trickle(file)).readAllBytes());
            assertEquals("bzip2: truncated input: it ends inside the header of bzip2 stream 2, after " + String.format(java.util.Locale.ROOT, "%,d", file.length)
                    + " bytes", e.getMessage());
        }
    }

    @Test
    void aBadBlockSizeAfterAStreamIsNotAnotherStream() {
        byte[] file = TestData.concat(Tool.BZIP2.compress(dir, TestData.text(1000, 136)), "BZh0 and more".getBytes(StandardCharsets.US_ASCII));
        Failures.expect(Kind.TRAILING_DATA, Codec.BZIP2, () -> open(file).readAllBytes());
    }

    /** Detection turns this away before it reaches a decoder; libbz2 turns it away too. */
    @Test
    void aBadBlockSizeInTheFirstStream() {
        byte[] file = Tool.BZIP2.compress(dir, TestData.text(1000, 137));
        file[3] = '0';
        var e = Failures.expect(Kind.CORRUPT, Codec.BZIP2, () -> open(file).readAllBytes());
        assertEquals("bzip2: bzip2 stream 1 does not start with a valid header: BZh and a block size from 1 to 9", e.getMessage());
    }

    @Test
    void nativeMemoryIsFreedAtTheEndAndByClose() throws IOException {
        byte[] file = Tool.BZIP2.compress(dir, TestData.text(300_000, 138));
        LibBz2Stream whole = open(file);
        assertEquals(300_000, whole.readAllBytes().length);
        assertTrue(whole.freed(), "at the end of the data");
        whole.close();

        LibBz2Stream part = open(file);
        assertEquals(1000, part.readNBytes(1000).length);
        assertTrue(!part.freed());
        part.close();
        assertTrue(part.freed());
        part.close();
        IOException e = assertThrows(IOException.class, part::read);
        assertEquals("the bzip2 stream is closed", e.getMessage());
    }

    @Test
    void truncatedInsideABlockDeliversNothingOfIt() throws IOException {
        byte[] text = TestData.text(2_000_000, 139);
        byte[] whole = Tool.BZIP2.compress(dir, text, "-1");
        byte[] cut = Arrays.copyOf(whole, whole.length * 3 / 4);
        var got = new ByteArrayOutputStream();
        try (LibBz2Stream in = open(cut)) {
            Failures.expect(Kind.TRUNCATED, Codec.BZIP2, () -> in.transferTo(got));
        }
        assertTrue(got.size() > 0 && got.size() < text.length, "the blocks before the cut: " + got.size());
        assertEquals(0, Arrays.compare(text, 0, got.size(), got.toByteArray(), 0, got.size()), "what came out is a prefix of the text");
    }
}
