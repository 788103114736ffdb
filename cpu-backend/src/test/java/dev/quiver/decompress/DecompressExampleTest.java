package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiver.decompress.Tools.Tool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage example proposed for README.md, line for line between the markers, run on real tools' data,
 * so that it keeps compiling and working.
 */
class DecompressExampleTest {
    @TempDir
    Path dir;

    @Test
    void theExampleRuns() throws IOException {
        byte[] text = TestData.text(100_000, 121);
        byte[] compressed = Tool.GZIP.compress(dir, text);
        byte[] deflated = Tool.DEFLATE.compress(dir, text);
        Path logs = Files.write(dir.resolve("logs.tar.zst"), Tool.ZSTD.compress(dir, text));
        Path huge = Files.write(dir.resolve("huge.xz"), Tool.XZ.compress(dir, text));
        Files.createDirectory(dir.resolve("out"));
        OutputStream out = new ByteArrayOutputStream();
        // README begin
        byte[] data = Decompress.bytes(compressed);              // codec detected; at most 256 MiB of output
        byte[] big = Decompress.bytes(compressed, Limits.forBytes().withMaxOutputBytes(1L << 30));
        byte[] raw = Decompress.bytes(deflated, Limits.forBytes(), Options.defaults().withCodec(Codec.DEFLATE));

        WrittenFile w = Decompress.toDirectory(logs, dir.resolve("out"),    // out/logs.tar, complete or not at all
                Limits.forStreams(), Options.defaults().withVerify(true));

        try (InputStream in = Decompress.open(Files.newInputStream(huge),
                Limits.forStreams().withMaxOutputBytes(Long.MAX_VALUE), Options.defaults())) {
            in.transferTo(out);
        } catch (DecompressionException e) {                      // e.kind(): TRUNCATED, CHECKSUM, OUTPUT_LIMIT...
            System.err.println(e.getMessage());                  // "xz: truncated input: it ends inside an xz stream, ..."
        }
        // README end
        assertArrayEquals(text, data);
        assertArrayEquals(text, big);
        assertArrayEquals(text, raw);
        assertEquals(dir.resolve("out/logs.tar"), w.output());
        assertArrayEquals(text, Files.readAllBytes(w.output()));
        assertArrayEquals(text, ((ByteArrayOutputStream) out).toByteArray());
    }
}
