package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.quiver.decompress.Tools.Tool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data compressed by the real tools comes out byte-identical to what the tools themselves decompress it to,
 * detected and forced, whole and streamed in reads of awkward sizes.
 */
class RoundTripTest {
    @TempDir
    Path dir;

    record Sample(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Sample[] samples = {
            new Sample("empty", new byte[0]),
            new Sample("one byte", new byte[] {'q'}),
            new Sample("10 KB of text", TestData.text(10_000, 1)),
            new Sample("100 KB random", TestData.random(100_000, 2)),
            new Sample("1.5 MiB of text", TestData.text(3 << 19, 3)),
            new Sample("1.5 MiB random", TestData.random(3 << 19, 4)),
        };
        return Arrays.stream(Tool.values()).flatMap(t -> Arrays.stream(samples).map(s -> Arguments.of(t, s)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void outputIsTheToolsOwn(Tool tool, Sample sample) throws IOException {
        byte[] compressed = tool.compress(dir, sample.bytes());
        byte[] expected = tool == Tool.DEFLATE ? sample.bytes() : tool.decompress(dir, compressed);
        assertArrayEquals(sample.bytes(), expected, "the tool's round trip");

        Options forced = Options.defaults().withCodec(tool.codec);
        assertArrayEquals(expected, Decompress.bytes(compressed, Limits.forBytes(), forced), "forced");
        if (tool.codec.hasMagic()) {
            assertArrayEquals(expected, Decompress.bytes(compressed), "detected");
        }
        try (InputStream in = tool.codec.open(new ByteArrayInputStream(compressed), Limits.forStreams(), true)) {
            assertArrayEquals(expected, readInAwkwardPieces(in), "streamed, verified");
        }
    }

    /** Reads of 1 to 70,000 bytes, single-byte reads and zero-length reads, as callers make them. */
    private static byte[] readInAwkwardPieces(InputStream in) throws IOException {
        var random = new SplittableRandom(42);
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[70_000];
        while (true) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
            } else if (kind == 1) {
                in.read(buffer, 5, 0);
            } else {
                int n = in.read(buffer, 3, 1 + random.nextInt(buffer.length - 3));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 3, n);
            }
        }
        return out.toByteArray();
    }
}
