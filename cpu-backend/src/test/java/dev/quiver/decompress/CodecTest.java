package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Detection from magic numbers, names, and output file names. */
class CodecTest {
    @TempDir
    Path dir;

    static List<Tool> detectable() {
        return Tool.detectable();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detectable")
    void detectsEveryMagicNumberOfTheTools(Tool tool) {
        byte[] compressed = tool.compress(dir, TestData.text(1000, 7));
        assertEquals(Optional.of(tool.codec), Codec.detect(compressed));
        assertEquals(Optional.of(tool.codec), Codec.detect(Arrays.copyOf(compressed, Codec.DETECT_BYTES)), "from the first bytes alone");
    }

    @Test
    void detectsXzByItsSixByteMagic() {
        assertEquals(Optional.of(Codec.XZ), Codec.detect(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4}));
        assertEquals(Optional.empty(), Codec.detect(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 1, 0, 4}));
    }

    @Test
    void detectsBzip2OnlyWithABlockSizeDigit() {
        assertEquals(Optional.of(Codec.BZIP2), Codec.detect("BZh91AY&SY".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), Codec.detect("BZh0 is not a block size".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void detectsTheCommonZlibHeaders() {
        for (int flg : new int[] {0x01, 0x5e, 0x9c, 0xda}) {
            assertEquals(Optional.of(Codec.ZLIB), Codec.detect(new byte[] {0x78, (byte) flg, 0, 0}), Integer.toHexString(flg));
        }
        assertEquals(Optional.empty(), Codec.detect(new byte[] {0x78, 0x02, 0, 0}), "not a multiple of 31");
    }

    @Test
    void detectsNothingInGarbage() {
        for (String garbage : List.of("plain text, not compressed\n", "{\"json\": true}", "\0\0\0\0\0\0\0\0", "#!/bin/sh\n")) {
            assertEquals(Optional.empty(), Codec.detect(garbage.getBytes(StandardCharsets.US_ASCII)), garbage);
        }
        assertEquals(Optional.empty(), Codec.detect(new byte[0]));
        assertEquals(Optional.empty(), Codec.detect(new byte[] {0x1f}), "one byte is too little to tell");
    }

    @Test
    void neverDetectsRawDeflate() {
        byte[] deflate = Tool.DEFLATE.compress(dir, TestData.text(5000, 8));
        assertTrue(Codec.detect(deflate).orElse(Codec.GZIP) != Codec.DEFLATE);
    }

    @Test
    void detectsACutOffMagicNumberAsItsCodecSoThatTheErrorSaysTruncated() {
        assertEquals(Optional.of(Codec.XZ), Codec.detect(new byte[] {(byte) 0xfd, '7', 'z'}));
        assertEquals(Optional.of(Codec.ZSTD), Codec.detect(new byte[] {0x28, (byte) 0xb5}));
        assertEquals(Optional.of(Codec.BZIP2), Codec.detect(new byte[] {'B', 'Z', 'h'}));
    }

    @Test
    void looksPastSkippableFramesToTellLz4FromZstd() {
        byte[] skip = TestData.skippableFrame(3, "metadata".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Optional.of(Codec.LZ4), Codec.detect(TestData.concat(skip, Tool.LZ4.compress(dir, new byte[] {1}))));
        assertEquals(Optional.of(Codec.ZSTD), Codec.detect(TestData.concat(skip, Tool.ZSTD.compress(dir, new byte[] {1}))));
        assertEquals(Optional.of(Codec.ZSTD), Codec.detect(TestData.skippableFrame(0, new byte[1000])), "a head that ends inside one");
    }

    @Test
    void detectFromAStreamLeavesItsBytesToRead() throws IOException {
        byte[] compressed = Tool.BZIP2.compress(dir, TestData.text(1000, 9));
        var in = new BufferedInputStream(new ByteArrayInputStream(compressed));
        assertEquals(Codec.BZIP2, Codec.detect(in));
        assertArrayEquals(compressed, in.readAllBytes());
    }

    @Test
    void detectFromAStreamWithoutMarkIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Codec.detect(InputStream.nullInputStream()));
        assertTrue(e.getMessage().contains("mark"), e.getMessage());
    }

    @Test
    void detectFromAnEmptyStreamSaysEmpty() {
        Failures.expect(Kind.EMPTY, null, () -> Codec.detect(new BufferedInputStream(new ByteArrayInputStream(new byte[0]))));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void forNameFindsEveryCodecByItsId(Codec codec) {
        assertEquals(codec, Codec.forName(codec.id()));
        assertEquals(codec, Codec.forName(codec.id().toUpperCase(java.util.Locale.ROOT)));
    }

    @Test
    void forNameOfAnUnknownCodecListsTheValidOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Codec.forName("gz"));
        assertEquals("unknown codec 'gz'; the codecs are gzip, zlib, deflate, bzip2, zstd, lz4, xz", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "GZIP, a.gz, a", "GZIP, A.GZ, A", "GZIP, logs.tgz, logs.tar", "GZIP, notes.txt, notes.txt.out", "GZIP, .gz, .gz.out",
        "BZIP2, a.bz2, a", "BZIP2, a.tbz2, a.tar", "BZIP2, a.tbz, a.tar", "ZSTD, a.zst, a", "ZSTD, a.tzst, a.tar",
        "LZ4, a.lz4, a", "XZ, a.xz, a", "XZ, a.txz, a.tar", "ZLIB, a.zz, a", "ZLIB, a.zlib, a", "DEFLATE, a.deflate, a",
        "XZ, a.gz, a.gz.out"
    })
    void outputNamesDropTheCodecsSuffix(Codec codec, String in, String out) {
        assertEquals(out, codec.outputName(in));
    }

    @Test
    void everyCodecSaysWhatItChecks() {
        for (Codec c : Codec.values()) {
            assertTrue(!c.verifies().isBlank() && !c.alwaysChecks().isBlank(), c.id());
            assertTrue(!c.suffixes().isEmpty() && c.suffixes().getFirst().startsWith("."), c.id());
        }
    }
}
