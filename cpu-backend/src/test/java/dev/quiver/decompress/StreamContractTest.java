package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the streams of {@link Codec#open} and {@link Decompress#open} promise: lazy, honest about whose failure it is, closing. */
class StreamContractTest {
    @TempDir
    Path dir;

    static List<Tool> detectable() {
        return Tool.detectable();
    }

    /** A source that serves {@code good} bytes of {@code data} and then fails, as a disk or a network can. */
    static final class FailingSource extends FilterInputStream {
        final IOException failure = new IOException("the disk is on fire");
        private int left;
        boolean closed;

        FailingSource(byte[] data, int good) {
            super(new ByteArrayInputStream(data));
            this.left = good;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                throw failure;
            }
            int n = super.read(b, off, Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectable")
    void aFailureOfTheSourceIsNotADataProblem(Tool tool) throws IOException {
        byte[] compressed = tool.compress(dir, TestData.text(200_000, 91));
        var source = new FailingSource(compressed, compressed.length / 2);
        try (InputStream in = Decompress.open(source, Limits.forStreams(), Options.defaults())) {
            IOException e = assertThrows(IOException.class, () -> in.transferTo(OutputStream.nullOutputStream()));
            assertTrue(!(e instanceof DecompressionException), () -> "reported as a data problem: " + e);
            assertTrue(e == source.failure || e.getCause() == source.failure, () -> "not the source's failure: " + e);
        }
    }

    @Test
    void nothingIsReadBeforeTheFirstRead() throws IOException {
        var source = new FailingSource(new byte[10], 0);
        try (InputStream in = Codec.GZIP.open(source)) {
            assertThrows(IOException.class, in::read);
        }
    }

    @Test
    void theFirstFailureIsThrownAgainByLaterReads() throws IOException {
        try (InputStream in = Decompress.open(new ByteArrayInputStream("not compressed".getBytes()), Limits.forStreams(), Options.defaults())) {
            var first = Failures.expect(Kind.UNKNOWN_FORMAT, null, in::read);
            assertSame(first, assertThrows(DecompressionException.class, () -> in.read(new byte[10])));
        }
    }

    @Test
    void closingTheStreamClosesTheSource() throws IOException {
        byte[] gz = Tool.GZIP.compress(dir, TestData.text(100, 92));
        var source = new FailingSource(gz, gz.length);
        try (InputStream in = Codec.GZIP.open(source)) {
            assertArrayEquals(TestData.text(100, 92), in.readNBytes(100));
        }
        assertTrue(source.closed);
    }

    @Test
    void aFailureLeavesTheSourceOpenUntilClosed() throws IOException {
        var source = new FailingSource("not zstd".getBytes(), 100);
        InputStream in = Codec.ZSTD.open(source);
        Failures.expect(Kind.WRONG_MAGIC, Codec.ZSTD, in::read);
        assertTrue(!source.closed);
        in.close();
        assertTrue(source.closed);
    }

    @Test
    void readsAfterTheEndReturnMinusOne() throws IOException {
        try (InputStream in = Codec.XZ.open(new ByteArrayInputStream(Tool.XZ.compress(dir, new byte[] {7})))) {
            assertEquals(7, in.read());
            assertEquals(-1, in.read());
            assertEquals(-1, in.read(new byte[5]));
        }
    }

    @Test
    void itemsShareNothingSoTheyMayRunInParallel() {
        List<Tool> tools = Tool.detectable();
        List<byte[]> originals = java.util.stream.IntStream.range(0, 300).mapToObj(i -> TestData.text(i * 7, i)).toList();
        List<byte[]> compressed = java.util.stream.IntStream.range(0, 300)
                .mapToObj(i -> tools.get(i % tools.size()).compress(dir, originals.get(i))).toList();
        List<byte[]> decompressed = compressed.parallelStream().map(c -> {
            try {
                return Decompress.bytes(c);
            } catch (DecompressionException e) {
                throw new AssertionError(e);
            }
        }).toList();
        for (int i = 0; i < originals.size(); i++) {
            assertArrayEquals(originals.get(i), decompressed.get(i), "item " + i);
        }
    }
}
