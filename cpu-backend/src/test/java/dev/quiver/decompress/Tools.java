package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real command-line compressors: they make the test data, and their {@code -dc} output is what ours
 * must equal byte for byte. A tool that is not installed fails the test, naming the Debian package.
 */
final class Tools {
    private static final Map<String, String> PACKAGES = Map.of("gzip", "gzip", "bzip2", "bzip2", "zstd", "zstd", "lz4", "lz4",
            "xz", "xz-utils", "pigz", "pigz", "sh", "dash");
    private static final AtomicInteger FILES = new AtomicInteger();

    /** A codec's tool: how it compresses (to stdout, from stdin) and how it decompresses ({@code -dc}). */
    enum Tool {
        GZIP(Codec.GZIP, List.of("gzip", "-c"), List.of("gzip", "-dc")),
        /** pigz writes zlib streams (.zz) with -z; no tool of the usual set does. */
        ZLIB(Codec.ZLIB, List.of("pigz", "-z", "-c"), List.of("pigz", "-dz", "-c")),
        /** gzip's output without its header and trailer: raw deflate made by gzip (see {@link #compress}). */
        DEFLATE(Codec.DEFLATE, List.of("gzip", "-n", "-c"), List.of("gzip", "-dc")),
        BZIP2(Codec.BZIP2, List.of("bzip2", "-c"), List.of("bzip2", "-dc")),
        ZSTD(Codec.ZSTD, List.of("zstd", "-q", "-c"), List.of("zstd", "-q", "-dc")),
        LZ4(Codec.LZ4, List.of("lz4", "-q", "-c"), List.of("lz4", "-q", "-dc")),
        XZ(Codec.XZ, List.of("xz", "-c"), List.of("xz", "-dc"));

        final Codec codec;
        private final List<String> compress;
        private final List<String> decompress;

        Tool(Codec codec, List<String> compress, List<String> decompress) {
            this.codec = codec;
            this.compress = compress;
            this.decompress = decompress;
        }

        /** The tools of the codecs that concatenate (members, streams, frames): all but zlib and raw deflate. */
        static List<Tool> concatenating() {
            return List.of(GZIP, BZIP2, ZSTD, LZ4, XZ);
        }

        /** The tools of the codecs that have a magic number: all but raw deflate. */
        static List<Tool> detectable() {
            return Arrays.stream(values()).filter(t -> t.codec.hasMagic()).toList();
        }

        /** {@code data} compressed by the tool, with {@code options} added to its usual command. */
        byte[] compress(Path dir, byte[] data, String... options) {
            byte[] out = run(dir, data, with(compress, options));
            if (this == DEFLATE) {
                // gzip -n: a 10-byte header without a name; an 8-byte trailer
                assertEquals(0, out[3], "gzip -n wrote header flags");
                return Arrays.copyOfRange(out, 10, out.length - 8);
            }
            return out;
        }

        /** What the tool itself decompresses {@code compressed} to: the output ours must equal. */
        byte[] decompress(Path dir, byte[] compressed) {
            if (this == DEFLATE) {
                throw new UnsupportedOperationException("no tool decompresses raw deflate; compare with the original");
            }
            return run(dir, compressed, decompress);
        }

        @Override
        public String toString() {
            return codec.id();
        }
    }

    private Tools() {
    }

    /** Runs a shell command line (for pipelines) and returns its standard output. */
    static byte[] shell(Path dir, String commandLine) {
        return run(dir, new byte[0], List.of("sh", "-c", commandLine));
    }

    /** Runs {@code command} with {@code stdin} as its standard input; returns its standard output, failing on a non-zero exit. */
    static byte[] run(Path dir, byte[] stdin, List<String> command) {
        int n = FILES.incrementAndGet();
        Path in = dir.resolve("tool-" + n + ".in");
        Path out = dir.resolve("tool-" + n + ".out");
        Path err = dir.resolve("tool-" + n + ".err");
        try {
            Files.write(in, stdin);
            Process p;
            try {
                p = new ProcessBuilder(command).directory(dir.toFile()).redirectInput(in.toFile()).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).start();
            } catch (IOException e) {
                String tool = command.getFirst();
                return fail("'" + tool + "' is needed to make test data and is not installed: apt-get install -y "
                        + PACKAGES.getOrDefault(tool, tool) + " (" + e.getMessage() + ")");
            }
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return fail(command + " did not finish in 5 minutes");
            }
            if (p.exitValue() != 0) {
                return fail(command + " exited with " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            for (Path p : List.of(in, out, err)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary directory that JUnit removes anyway
                }
            }
        }
    }

    private static List<String> with(List<String> command, String... options) {
        List<String> all = new ArrayList<>(command.subList(0, 1));
        all.addAll(List.of(options));
        all.addAll(command.subList(1, command.size()));
        return all;
    }
}
