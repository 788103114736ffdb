package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flipped bytes and wrong checksums are {@link Kind#CORRUPT} or {@link Kind#CHECKSUM}, naming the codec; the
 * checksums the {@code verify} option adds are checked only with it. The libraries' messages that the
 * decoders classify are pinned here.
 */
class CorruptTest {
    private static final Options VERIFY = Options.defaults().withVerify(true);

    @TempDir
    Path dir;

    static List<Tool> detectable() {
        return Tool.detectable();
    }

    /** Raw deflate is left out: it has no checksum, so a flip may decode to other bytes without any sign. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("detectable")
    void aFlippedByteInTheMiddle(Tool tool) {
        byte[] compressed = tool.compress(dir, TestData.text(100_000, 51));
        byte[] flipped = TestData.flip(compressed, compressed.length / 2, 0x10);
        Failures.expect(Set.of(Kind.CORRUPT, Kind.CHECKSUM), tool.codec, () -> Decompress.bytes(flipped, Limits.forBytes(), VERIFY));
    }

    @Test
    void gzipCrcMismatchFailsOnlyWithVerify() throws DecompressionException {
        byte[] text = TestData.text(10_000, 52);
        byte[] gz = Tool.GZIP.compress(dir, text);
        byte[] wrongCrc = TestData.flip(gz, gz.length - 8, 1);
        var e = Failures.expect(Kind.CHECKSUM, Codec.GZIP, () -> Decompress.bytes(wrongCrc, Limits.forBytes(), VERIFY));
        assertTrue(e.getMessage().startsWith("gzip: member 1's CRC-32 is "), e.getMessage());
        assertArrayEquals(text, Decompress.bytes(wrongCrc), "not checked without verify");
    }

    @Test
    void gzipLengthMismatchFailsAlways() {
        byte[] gz = Tool.GZIP.compress(dir, TestData.text(10_000, 53));
        byte[] wrongLength = TestData.flip(gz, gz.length - 4, 1);
        var e = Failures.expect(Kind.CORRUPT, Codec.GZIP, () -> Decompress.bytes(wrongLength));
        assertEquals("gzip: member 1 decompresses to 10,000 bytes, but its trailer says 10,001 (mod 2^32)", e.getMessage());
    }

    @Test
    void gzipUnsupportedCompressionMethod() {
        byte[] gz = Tool.GZIP.compress(dir, TestData.text(100, 54));
        gz[2] = 7;
        var e = Failures.expect(Kind.UNSUPPORTED, Codec.GZIP, () -> Decompress.bytes(gz));
        assertEquals("gzip: member 1 uses compression method 7; gzip defines only 8, deflate", e.getMessage());
    }

    @Test
    void gzipReservedHeaderFlags() {
        byte[] gz = Tool.GZIP.compress(dir, TestData.text(100, 55));
        gz[3] |= (byte) 0x40;
        Failures.expect(Kind.UNSUPPORTED, Codec.GZIP, () -> Decompress.bytes(gz));
    }

    @Test
    void zlibAdler32Mismatch() {
        byte[] zz = Tool.ZLIB.compress(dir, TestData.text(10_000, 56));
        byte[] wrong = TestData.flip(zz, zz.length - 1, 1);
        var e = Failures.expect(Kind.CHECKSUM, Codec.ZLIB, () -> Decompress.bytes(wrong));
        assertTrue(e.getMessage().startsWith("zlib: the Adler-32 of the output does not match the stream's (incorrect data check)"), e.getMessage());
    }

    @Test
    void zlibPresetDictionaryIsUnsupported() {
        byte[] zz = Tool.ZLIB.compress(dir, TestData.text(1000, 57));
        int cmf = zz[0] & 0xff;
        int flg = (zz[1] & 0xc0) | 0x20; // FDICT, and FCHECK made right below
        flg += (31 - (cmf * 256 + flg) % 31) % 31;
        byte[] withDictId = TestData.concat(new byte[] {(byte) cmf, (byte) flg, 1, 2, 3, 4}, java.util.Arrays.copyOfRange(zz, 2, zz.length));
        var e = Failures.expect(Kind.UNSUPPORTED, Codec.ZLIB, () -> Decompress.bytes(withDictId));
        assertEquals("zlib: the stream needs a preset dictionary (FDICT), which was not given", e.getMessage());
    }

    @Test
    void bzip2BlockCrcMismatch() {
        byte[] bz2 = Tool.BZIP2.compress(dir, TestData.text(10_000, 58));
        // bytes 10 to 13 are the first block's CRC, after "BZh9" and the block magic 31 41 59 26 53 59
        byte[] wrong = TestData.flip(bz2, 12, 1);
        var e = Failures.expect(Kind.CHECKSUM, Codec.BZIP2, () -> Decompress.bytes(wrong));
        assertEquals("bzip2: a block's CRC does not match its data, in bzip2 stream 1: the data is corrupt", e.getMessage());
    }

    @Test
    void bzip2StreamCrcMismatch() {
        byte[] bz2 = Tool.BZIP2.compress(dir, TestData.text(10_000, 65));
        // a stream ends with its combined CRC and at most 7 bits of padding: the last byte but one is in the CRC
        byte[] wrong = TestData.flip(bz2, bz2.length - 2, 1);
        var e = Failures.expect(Kind.CHECKSUM, Codec.BZIP2, () -> Decompress.bytes(wrong));
        assertEquals("bzip2: the combined CRC of bzip2 stream 1 does not match its blocks' CRCs: the data is corrupt", e.getMessage());
    }

    @Test
    void bzip2BlockThatStartsOutsideItself() {
        byte[] bz2 = Tool.BZIP2.compress(dir, TestData.text(10_000, 66));
        // byte 14 holds the randomised bit and the top 7 bits of the block's 24-bit origPtr: 0x40 is its top bit, 8,388,608
        byte[] wrong = TestData.flip(bz2, 14, 0x40);
        var e = Failures.expect(Kind.CORRUPT, Codec.BZIP2, () -> Decompress.bytes(wrong));
        assertEquals("bzip2: corrupt data in bzip2 stream 1, near byte 18: a block's original row is 8,391,665, past the stream's blocks of "
                + "900,000 bytes", e.getMessage());
    }

    @Test
    void zstdContentChecksumMismatchFailsAlways() {
        byte[] zst = Tool.ZSTD.compress(dir, TestData.text(10_000, 59));
        byte[] wrong = TestData.flip(zst, zst.length - 1, 1); // the last 4 bytes of a frame are its checksum
        var e = Failures.expect(Kind.CHECKSUM, Codec.ZSTD, () -> Decompress.bytes(wrong));
        assertEquals("zstd: a frame's content checksum does not match: the data is corrupt", e.getMessage());
    }

    @Test
    void lz4ContentChecksumMismatchFailsAlways() {
        byte[] lz4 = Tool.LZ4.compress(dir, TestData.text(10_000, 60));
        byte[] wrong = TestData.flip(lz4, lz4.length - 1, 1);
        var e = Failures.expect(Kind.CHECKSUM, Codec.LZ4, () -> Decompress.bytes(wrong));
        assertEquals("lz4: a checksum does not match: the data is corrupt (Content checksum mismatch)", e.getMessage());
    }

    @Test
    void lz4HeaderChecksumMismatch() {
        byte[] lz4 = Tool.LZ4.compress(dir, TestData.text(10_000, 61));
        byte[] wrong = TestData.flip(lz4, 6, 1); // magic, FLG, BD, then the header checksum
        Failures.expect(Kind.CHECKSUM, Codec.LZ4, () -> Decompress.bytes(wrong));
    }

    @Test
    void lz4LinkedBlocksChecksumMismatchThroughCommonsCompress() {
        byte[] lz4 = Tool.LZ4.compress(dir, TestData.text(300_000, 62), "-BD", "-B4");
        byte[] wrong = TestData.flip(lz4, lz4.length - 1, 1);
        var e = Failures.expect(Kind.CHECKSUM, Codec.LZ4, () -> Decompress.bytes(wrong));
        assertEquals("lz4: a checksum does not match: the data is corrupt (content checksum mismatch.)", e.getMessage());
    }

    @Test
    void xzIntegrityCheckMismatchFailsOnlyWithVerify() throws DecompressionException {
        byte[] text = TestData.text(10_000, 63);
        byte[] xz = Tool.XZ.compress(dir, text, "--check=crc32");
        var crc = new CRC32();
        crc.update(text);
        int at = indexOf(xz, crc.getValue());
        byte[] wrong = TestData.flip(xz, at, 1);
        var e = Failures.expect(Kind.CHECKSUM, Codec.XZ, () -> Decompress.bytes(wrong, Limits.forBytes(), VERIFY));
        assertTrue(e.getMessage().startsWith("xz: a block's integrity check does not match: the data is corrupt (Integrity check (CRC32) does not match)"),
                e.getMessage());
        assertArrayEquals(text, Decompress.bytes(wrong), "not checked without verify");
    }

    @Test
    void xzCorruptData() {
        byte[] xz = Tool.XZ.compress(dir, TestData.text(100_000, 64));
        byte[] wrong = TestData.flip(xz, xz.length / 2, 0x10);
        var e = Failures.expect(Kind.CORRUPT, Codec.XZ, () -> Decompress.bytes(wrong));
        assertEquals("xz: corrupt data (Compressed data is corrupt)", e.getMessage());
    }

    /** Where the little-endian 32-bit {@code value} is in {@code data}. */
    private static int indexOf(byte[] data, long value) {
        for (int i = 0; i + 4 <= data.length; i++) {
            long v = (data[i] & 0xffL) | (data[i + 1] & 0xffL) << 8 | (data[i + 2] & 0xffL) << 16 | (data[i + 3] & 0xffL) << 24;
            if (v == value) {
                return i;
            }
        }
        throw new AssertionError("not found: " + Long.toHexString(value));
    }
}
