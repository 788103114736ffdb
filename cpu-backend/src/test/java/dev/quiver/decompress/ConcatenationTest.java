package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files of several members, streams or frames, as {@code cat a.gz b.gz} makes them, decompress to every
 * part's output in order, as the tools do; so do the padding and skippable frames the formats allow.
 */
class ConcatenationTest {
    @TempDir
    Path dir;

    static List<Tool> concatenating() {
        return Tool.concatenating();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("concatenating")
    void everyPartInOrderLikeTheTool(Tool tool) throws DecompressionException {
        byte[] a = TestData.text(300_000, 11);
        byte[] b = TestData.random(70_000, 12);
        byte[] c = TestData.text(5, 13);
        byte[] file = TestData.concat(tool.compress(dir, a), tool.compress(dir, new byte[0]), tool.compress(dir, b), tool.compress(dir, c));
        byte[] expected = tool.decompress(dir, file);
        assertArrayEquals(TestData.concat(a, b, c), expected, "the tool's own output");
        assertArrayEquals(expected, Decompress.bytes(file));
        assertArrayEquals(expected, Decompress.bytes(file, Limits.forBytes(), Options.defaults().withVerify(true)));
    }

    @Test
    void zeroBytesAfterTheLastGzipMemberArePaddingAsForGzip() throws DecompressionException {
        byte[] file = TestData.concat(Tool.GZIP.compress(dir, TestData.text(1000, 14)), new byte[512]);
        assertArrayEquals(Tool.GZIP.decompress(dir, file), Decompress.bytes(file));
    }

    @Test
    void xzStreamPaddingBetweenAndAfterStreams() throws DecompressionException {
        byte[] file = TestData.concat(Tool.XZ.compress(dir, TestData.text(1000, 15)), new byte[8], Tool.XZ.compress(dir, TestData.text(10, 16)),
                new byte[4]);
        assertArrayEquals(Tool.XZ.decompress(dir, file), Decompress.bytes(file));
    }

    @Test
    void zstdSkippableFramesAreSkipped() throws DecompressionException {
        byte[] meta = "not data".getBytes(StandardCharsets.US_ASCII);
        byte[] file = TestData.concat(TestData.skippableFrame(0, meta), Tool.ZSTD.compress(dir, TestData.text(1000, 17)),
                TestData.skippableFrame(15, new byte[0]), Tool.ZSTD.compress(dir, TestData.text(1000, 18)), TestData.skippableFrame(7, meta));
        assertArrayEquals(Tool.ZSTD.decompress(dir, file), Decompress.bytes(file));
    }

    @Test
    void lz4SkippableFramesAreSkipped() throws DecompressionException {
        byte[] meta = "not data".getBytes(StandardCharsets.US_ASCII);
        byte[] file = TestData.concat(TestData.skippableFrame(1, meta), Tool.LZ4.compress(dir, TestData.text(1000, 19)),
                TestData.skippableFrame(2, meta), Tool.LZ4.compress(dir, TestData.text(1000, 20)));
        assertArrayEquals(Tool.LZ4.decompress(dir, file), Decompress.bytes(file));
    }

    @Test
    void lz4FramesOfLinkedBlocks() throws DecompressionException {
        // -BD links each block to the previous; -B4 makes 64 KiB blocks, so that there are several
        byte[] file = Tool.LZ4.compress(dir, TestData.text(1 << 20, 21), "-BD", "-B4");
        assertArrayEquals(Tool.LZ4.decompress(dir, file), Decompress.bytes(file));
    }

    @Test
    void lz4FramesWithBlockChecksumsAndContentSize() throws DecompressionException {
        byte[] file = Tool.LZ4.compress(dir, TestData.text(300_000, 22), "-BX", "--content-size", "-B4");
        assertArrayEquals(Tool.LZ4.decompress(dir, file), Decompress.bytes(file));
    }

    @Test
    void gzipMembersWithFileNames() throws DecompressionException {
        // gzip stores the name of a file it compresses (FNAME), unlike what it reads from stdin
        byte[] file = Tools.shell(dir, "printf 'first\\n' > first.txt && printf 'second\\n' > second.txt && gzip -c first.txt second.txt");
        assertArrayEquals("first\nsecond\n".getBytes(StandardCharsets.US_ASCII), Decompress.bytes(file));
    }

    /** gzip writes no FEXTRA, FCOMMENT or FHCRC; this member has them added to gzip's own output, as RFC 1952 lays them out. */
    @Test
    void gzipHeaderFieldsThatGzipDoesNotWriteAreRead() throws DecompressionException {
        byte[] text = TestData.text(2000, 23);
        byte[] gz = Tool.GZIP.compress(dir, text, "-n");
        byte[] member = withExtraCommentAndHeaderCrc(gz, false);
        assertArrayEquals(text, Decompress.bytes(member, Limits.forBytes(), Options.defaults().withVerify(true)));
        assertArrayEquals(Tool.GZIP.decompress(dir, member), text);
    }

    @Test
    void gzipHeaderCrcMismatchFailsWithVerify() throws DecompressionException {
        byte[] member = withExtraCommentAndHeaderCrc(Tool.GZIP.compress(dir, TestData.text(2000, 24), "-n"), true);
        Failures.expect(Kind.CHECKSUM, Codec.GZIP, () -> Decompress.bytes(member, Limits.forBytes(), Options.defaults().withVerify(true)));
        Decompress.bytes(member);
    }

    static byte[] withExtraCommentAndHeaderCrc(byte[] gzipNoName, boolean wrongCrc) {
        byte[] header = gzipNoName.clone();
        header[3] = 2 | 4 | 16; // FHCRC, FEXTRA, FCOMMENT
        byte[] fields = TestData.concat(java.util.Arrays.copyOf(header, 10), new byte[] {6, 0, 'Q', 'v', 2, 0, 'h', 'i'},
                "a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        var crc = new CRC32();
        crc.update(fields);
        int crc16 = (int) crc.getValue() & 0xffff ^ (wrongCrc ? 1 : 0);
        return TestData.concat(fields, new byte[] {(byte) crc16, (byte) (crc16 >> 8)},
                java.util.Arrays.copyOfRange(gzipNoName, 10, gzipNoName.length));
    }
}
