package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Files cut off anywhere are {@link Kind#TRUNCATED}, naming the codec; never a success with part of the output. */
class TruncatedTest {
    @TempDir
    Path dir;

    static List<Tool> detectable() {
        return Tool.detectable();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Tool.class)
    void cutInTheMiddleOfTheData(Tool tool) {
        byte[] whole = tool.compress(dir, TestData.text(200_000, 41));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        var e = Failures.expect(Kind.TRUNCATED, tool.codec, () -> Decompress.bytes(cut, Limits.forBytes(), Options.defaults().withCodec(tool.codec)));
        assertTrue(e.getMessage().startsWith(tool.codec.id() + ": truncated input: it ends inside "), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectable")
    void cutOneByteBeforeTheEnd(Tool tool) {
        byte[] whole = tool.compress(dir, TestData.text(5000, 42));
        byte[] cut = Arrays.copyOf(whole, whole.length - 1);
        Failures.expect(Kind.TRUNCATED, tool.codec, () -> Decompress.bytes(cut));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectable")
    void cutInsideTheMagicNumber(Tool tool) {
        byte[] cut = Arrays.copyOf(tool.compress(dir, TestData.text(100, 43)), 2);
        Failures.expect(Kind.TRUNCATED, tool.codec, () -> Decompress.bytes(cut));
    }

    @Test
    void gzipCutInsideTheHeader() {
        byte[] cut = Arrays.copyOf(Tool.GZIP.compress(dir, TestData.text(100, 44)), 7);
        var e = Failures.expect(Kind.TRUNCATED, Codec.GZIP, () -> Decompress.bytes(cut));
        assertEquals("gzip: truncated input: it ends inside member 1's header, at byte 7", e.getMessage());
    }

    @Test
    void gzipCutInsideTheTrailer() {
        byte[] whole = Tool.GZIP.compress(dir, TestData.text(100, 45));
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        var e = Failures.expect(Kind.TRUNCATED, Codec.GZIP, () -> Decompress.bytes(cut));
        assertEquals("gzip: truncated input: it ends inside member 1's trailer, at byte " + cut.length, e.getMessage());
    }

    /** GZIPInputStream would end the output quietly after the first member here. */
    @Test
    void gzipCutInsideTheSecondMembersHeader() {
        byte[] first = Tool.GZIP.compress(dir, TestData.text(100, 46));
        byte[] second = Tool.GZIP.compress(dir, TestData.text(100, 47));
        byte[] cut = TestData.concat(first, Arrays.copyOf(second, 5));
        var e = Failures.expect(Kind.TRUNCATED, Codec.GZIP, () -> Decompress.bytes(cut));
        assertEquals("gzip: truncated input: it ends inside member 2's header, at byte " + cut.length, e.getMessage());
    }

    @Test
    void gzipCutAfterTheHeader() {
        byte[] cut = Arrays.copyOf(Tool.GZIP.compress(dir, TestData.text(100, 48), "-n"), 10);
        var e = Failures.expect(Kind.TRUNCATED, Codec.GZIP, () -> Decompress.bytes(cut));
        assertEquals("gzip: truncated input: it ends after member 1's header, at byte 10", e.getMessage());
    }

    @Test
    void aTruncatedStreamDeliversItsOutputUpToTheFailure() throws Exception {
        byte[] text = TestData.text(500_000, 49);
        byte[] whole = Tool.ZSTD.compress(dir, text);
        byte[] cut = Arrays.copyOf(whole, whole.length * 3 / 4);
        var got = new java.io.ByteArrayOutputStream();
        try (var in = Codec.ZSTD.open(new java.io.ByteArrayInputStream(cut))) {
            Failures.expect(Kind.TRUNCATED, Codec.ZSTD, () -> in.transferTo(got));
        }
        assertTrue(got.size() < text.length);
        assertEquals(0, Arrays.compare(text, 0, got.size(), got.toByteArray(), 0, got.size()), "what came out is a prefix of the text");
    }
}
