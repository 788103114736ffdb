package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bytes after the last member, stream or frame that are not another one are {@link Kind#TRAILING_DATA}:
 * gzip, bzip2 and lz4 warn and ignore them, which would hide a damaged concatenation.
 */
class TrailingDataTest {
    private static final byte[] GARBAGE = "trailing garbage, not compressed\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Tool.class)
    void garbageAfterTheData(Tool tool) {
        byte[] file = TestData.concat(tool.compress(dir, TestData.text(5000, 71)), GARBAGE);
        Failures.expect(Kind.TRAILING_DATA, tool.codec, () -> Decompress.bytes(file, Limits.forBytes(), Options.defaults().withCodec(tool.codec)));
    }

    @Test
    void gzipSaysWhereTheGarbageStarts() {
        byte[] gz = Tool.GZIP.compress(dir, TestData.text(5000, 72));
        byte[] file = TestData.concat(gz, gz, GARBAGE);
        var e = Failures.expect(Kind.TRAILING_DATA, Codec.GZIP, () -> Decompress.bytes(file));
        assertEquals("gzip: unexpected data after member 2, at byte " + String.format(java.util.Locale.ROOT, "%,d", 2 * gz.length)
                + ": it is not another gzip member (gzip -dc ignores it with a warning)", e.getMessage());
    }

    @Test
    void gzipGarbageAfterZeroPadding() {
        byte[] file = TestData.concat(Tool.GZIP.compress(dir, TestData.text(5000, 73)), new byte[10], GARBAGE);
        Failures.expect(Kind.TRAILING_DATA, Codec.GZIP, () -> Decompress.bytes(file));
    }

    @Test
    void zeroBytesAfterABzip2StreamAreNotPadding() {
        byte[] file = TestData.concat(Tool.BZIP2.compress(dir, TestData.text(5000, 74)), new byte[4]);
        var e = Failures.expect(Kind.TRAILING_DATA, Codec.BZIP2, () -> Decompress.bytes(file));
        assertEquals("bzip2: unexpected data after the last bzip2 stream: it is not another bzip2 stream (bzip2 -dc ignores it with a warning)",
                e.getMessage());
    }

    @Test
    void xzGarbageThatIsNotStreamPadding() {
        byte[] file = TestData.concat(Tool.XZ.compress(dir, TestData.text(5000, 75)), GARBAGE);
        var e = Failures.expect(Kind.TRAILING_DATA, Codec.XZ, () -> Decompress.bytes(file));
        assertEquals("xz: unexpected data after the last xz stream: it is neither another stream nor stream padding", e.getMessage());
    }

    @Test
    void zstdGarbageAfterAFrame() {
        byte[] file = TestData.concat(Tool.ZSTD.compress(dir, TestData.text(5000, 76)), GARBAGE);
        var e = Failures.expect(Kind.TRAILING_DATA, Codec.ZSTD, () -> Decompress.bytes(file));
        assertEquals("zstd: unexpected data after a zstd frame: it is not another frame", e.getMessage());
    }

    @Test
    void lz4GarbageAfterAFrame() {
        byte[] file = TestData.concat(Tool.LZ4.compress(dir, TestData.text(5000, 77)), GARBAGE);
        var e = Failures.expect(Kind.TRAILING_DATA, Codec.LZ4, () -> Decompress.bytes(file));
        assertEquals("lz4: unexpected data after an lz4 frame: it is not another frame", e.getMessage());
    }

    @Test
    void lz4GarbageAfterAFrameOfLinkedBlocks() {
        byte[] file = TestData.concat(Tool.LZ4.compress(dir, TestData.text(300_000, 78), "-BD", "-B4"), GARBAGE);
        Failures.expect(Kind.TRAILING_DATA, Codec.LZ4, () -> Decompress.bytes(file));
    }

    @Test
    void zlibDataAfterTheStream() {
        byte[] zz = Tool.ZLIB.compress(dir, TestData.text(5000, 79));
        byte[] file = TestData.concat(zz, new byte[1]);
        var e = Failures.expect(Kind.TRAILING_DATA, Codec.ZLIB, () -> Decompress.bytes(file));
        assertEquals("zlib: unexpected data after the end of the zlib stream, at byte " + String.format(java.util.Locale.ROOT, "%,d", zz.length),
                e.getMessage());
    }
}
