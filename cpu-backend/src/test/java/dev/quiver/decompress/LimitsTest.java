package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A decompression bomb fails its item at the limit, having handed on no more than the limit; so does a decoder that wants too much memory. */
class LimitsTest {
    private static final long TEN_MIB = 10 << 20;

    @TempDir
    Path dir;

    static List<Tool> bombs() {
        return List.of(Tool.GZIP, Tool.ZLIB, Tool.BZIP2, Tool.ZSTD, Tool.LZ4, Tool.XZ);
    }

    /** 100 MB of zeros, which the tools compress to between 100 bytes (bzip2) and 400 KB (lz4). */
    private byte[] bomb(Tool tool) {
        String command = String.join(" ", switch (tool) {
            case ZLIB -> List.of("pigz", "-z", "-c");
            case GZIP -> List.of("gzip", "-c");
            case BZIP2 -> List.of("bzip2", "-c");
            case ZSTD -> List.of("zstd", "-q", "-c");
            case LZ4 -> List.of("lz4", "-q", "-c");
            case XZ -> List.of("xz", "-c");
            case DEFLATE -> throw new IllegalArgumentException();
        });
        return Tools.shell(dir, "head -c 100000000 /dev/zero | " + command);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void aDecompressionBombFailsAtTheLimit(Tool tool) {
        byte[] bomb = bomb(tool);
        var e = Failures.expect(Kind.OUTPUT_LIMIT, tool.codec, () -> Decompress.bytes(bomb, Limits.forBytes().withMaxOutputBytes(TEN_MIB)));
        assertTrue(e.getMessage().startsWith(tool.codec.id() + ": the output exceeds the limit of 10 MiB (Limits.maxOutputBytes) after "),
                e.getMessage());
        assertTrue(e.getMessage().contains(":1: a decompression bomb, or a limit too low for this item"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void aStreamedBombHandsOnNoMoreThanTheLimit(Tool tool) throws IOException {
        byte[] bomb = bomb(tool);
        long delivered = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = tool.codec.open(new ByteArrayInputStream(bomb), Limits.forStreams().withMaxOutputBytes(TEN_MIB), false)) {
            while (true) {
                int n = in.read(buffer);
                assertTrue(n >= 0, "the bomb ended before the limit");
                delivered += n;
            }
        } catch (DecompressionException e) {
            assertEquals(Kind.OUTPUT_LIMIT, e.kind(), e::getMessage);
        }
        assertEquals(TEN_MIB, delivered, "everything up to the limit, nothing past it");
    }

    @Test
    void theRatioIsReported() {
        byte[] bomb = bomb(Tool.BZIP2);
        var e = Failures.expect(Kind.OUTPUT_LIMIT, Codec.BZIP2, () -> Decompress.bytes(bomb, Limits.forBytes().withMaxOutputBytes(TEN_MIB)));
        // bzip2 packs 100 MB of zeros into about 100 bytes; the whole input is read before 10 MiB come out
        assertTrue(e.getMessage().matches("bzip2: the output exceeds the limit of 10 MiB \\(Limits.maxOutputBytes\\) after \\d+ compressed bytes, "
                + "a ratio above [\\d,]+:1: a decompression bomb, or a limit too low for this item"), e.getMessage());
    }

    @Test
    void outputOfExactlyTheLimitIsAllowed() throws DecompressionException {
        byte[] text = TestData.text(1000, 81);
        byte[] gz = Tool.GZIP.compress(dir, text);
        assertArrayEquals(text, Decompress.bytes(gz, Limits.forBytes().withMaxOutputBytes(1000)));
        Failures.expect(Kind.OUTPUT_LIMIT, Codec.GZIP, () -> Decompress.bytes(gz, Limits.forBytes().withMaxOutputBytes(999)));
    }

    @Test
    void aZeroLimitAllowsOnlyEmptyOutput() throws DecompressionException {
        assertArrayEquals(new byte[0], Decompress.bytes(Tool.ZSTD.compress(dir, new byte[0]), Limits.forBytes().withMaxOutputBytes(0)));
        Failures.expect(Kind.OUTPUT_LIMIT, Codec.ZSTD, () -> Decompress.bytes(Tool.ZSTD.compress(dir, new byte[1]), Limits.forBytes().withMaxOutputBytes(0)));
    }

    @Test
    void anXzDictionaryOverTheMemoryLimit() {
        byte[] xz = Tool.XZ.compress(dir, TestData.text(1000, 82), "-9"); // a 64 MiB dictionary
        var e = Failures.expect(Kind.MEMORY_LIMIT, Codec.XZ, () -> Decompress.bytes(xz, Limits.forBytes().withMaxDecoderMemory(32 << 20)));
        assertTrue(e.getMessage().matches("xz: decoding needs [\\d,]+ KiB of memory, over the limit of 32 MiB \\(Limits.maxDecoderMemory\\)"),
                e.getMessage());
    }

    @Test
    void aZstdWindowOverTheMemoryLimit() {
        byte[] zst = Tool.ZSTD.compress(dir, TestData.random(3 << 20, 83)); // a window of at least 2 MiB
        var e = Failures.expect(Kind.MEMORY_LIMIT, Codec.ZSTD, () -> Decompress.bytes(zst, Limits.forBytes().withMaxDecoderMemory(1 << 20)));
        assertTrue(e.getMessage().startsWith("zstd: a frame needs a larger window than the decoder memory limit allows"), e.getMessage());
    }

    @Test
    void theDefaults() {
        assertEquals(new Limits(256L << 20, 128L << 20), Limits.forBytes());
        assertEquals(new Limits(1L << 30, 128L << 20), Limits.forStreams());
    }

    @Test
    void negativeLimitsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Limits.forBytes().withMaxOutputBytes(-1));
        assertEquals("maxOutputBytes must be >= 0, not -1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Limits.forBytes().withMaxDecoderMemory(0));
        assertEquals("maxDecoderMemory must be > 0, not 0", e.getMessage());
    }
}
