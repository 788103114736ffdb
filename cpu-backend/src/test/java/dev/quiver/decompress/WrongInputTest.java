package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Inputs that are not what they are taken for: empty, not compressed, another codec's data. */
class WrongInputTest {
    @TempDir
    Path dir;

    @Test
    void emptyInputWithDetectionHasNoCodec() {
        var e = Failures.expect(Kind.EMPTY, null, () -> Decompress.bytes(new byte[0]));
        assertEquals("empty input, no codec detected", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void emptyInputWithAForcedCodecIsEmpty(Codec codec) {
        var e = Failures.expect(Kind.EMPTY, codec, () -> Decompress.bytes(new byte[0], Limits.forBytes(), Options.defaults().withCodec(codec)));
        assertEquals(codec.id() + ": empty input", e.getMessage());
    }

    @Test
    void uncompressedDataHasNoCodec() {
        byte[] text = "just some text, never compressed\n".getBytes(StandardCharsets.US_ASCII);
        var e = Failures.expect(Kind.UNKNOWN_FORMAT, null, () -> Decompress.bytes(text));
        assertEquals("no codec detected: the input starts with 6a 75 73 74 20 73 6f 6d (\"just som\") ..., which is not the magic number of "
                + "gzip, xz, zstd, lz4, bzip2 or zlib (raw deflate has none, and must be forced)", e.getMessage());
    }

    @Test
    void aZipArchiveIsNamedAsSuch() throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("x.txt"));
            out.write('x');
        }
        byte[] zip = bytes.toByteArray();
        var e = Failures.expect(Kind.UNKNOWN_FORMAT, null, () -> Decompress.bytes(zip));
        assertTrue(e.getMessage().endsWith("which looks like a zip archive: it holds files, not one compressed stream"), e.getMessage());
    }

    @Test
    void lz4LegacyFormatIsNamedAsUnsupported() {
        byte[] legacy = Tool.LZ4.compress(dir, TestData.text(1000, 31), "-l");
        var e = Failures.expect(Kind.UNKNOWN_FORMAT, null, () -> Decompress.bytes(legacy));
        assertTrue(e.getMessage().contains("lz4's legacy format (lz4 -l); only lz4 frames are supported"), e.getMessage());
    }

    @Test
    void aForcedCodecOnAnotherCodecsDataIsTheWrongMagic() {
        byte[] bz2 = Tool.BZIP2.compress(dir, TestData.text(1000, 32));
        var e = Failures.expect(Kind.WRONG_MAGIC, Codec.GZIP, () -> Decompress.bytes(bz2, Limits.forBytes(), Options.defaults().withCodec(Codec.GZIP)));
        assertTrue(e.getMessage().startsWith("gzip: not gzip data: the input starts with 42 5a 68 39"), e.getMessage());
        assertTrue(e.getMessage().endsWith("which is bzip2's magic number"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = "DEFLATE", mode = EnumSource.Mode.EXCLUDE)
    void everyForcedCodecChecksItsMagicNumber(Codec codec) {
        byte[] text = "PLAIN TEXT, NOT COMPRESSED".getBytes(StandardCharsets.US_ASCII);
        var e = Failures.expect(Kind.WRONG_MAGIC, codec, () -> Decompress.bytes(text, Limits.forBytes(), Options.defaults().withCodec(codec)));
        assertTrue(e.getMessage().endsWith("which is not " + codec.id() + "'s magic number"), e.getMessage());
    }

    @Test
    void rawDeflateIsDecodedOnlyWhenForced() throws DecompressionException {
        byte[] text = TestData.text(20_000, 33);
        byte[] deflate = Tool.DEFLATE.compress(dir, text);
        assertArrayEquals(text, Decompress.bytes(deflate, Limits.forBytes(), Options.defaults().withCodec(Codec.DEFLATE)));
        var e = assertThrows(DecompressionException.class, () -> Decompress.bytes(deflate));
        assertTrue(e.kind() != Kind.EMPTY && e.codec().orElse(Codec.GZIP) != Codec.DEFLATE, e.getMessage());
    }

    @Test
    void aForcedRawDeflateOnTextIsCorrupt() {
        byte[] text = "PLAIN TEXT, NOT COMPRESSED".getBytes(StandardCharsets.US_ASCII);
        Failures.expect(Set.of(Kind.CORRUPT, Kind.TRUNCATED), Codec.DEFLATE,
                () -> Decompress.bytes(text, Limits.forBytes(), Options.defaults().withCodec(Codec.DEFLATE)));
    }
}
