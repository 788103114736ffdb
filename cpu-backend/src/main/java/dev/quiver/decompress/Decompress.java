package dev.quiver.decompress;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Decompresses one item: a {@code byte[]}, a stream, or a file into a file. The codec is detected from the
 * item's magic number unless {@link Options#codec()} forces one; {@link Limits} bound what the item may
 * cost; every problem of the data is a {@link DecompressionException} saying which codec and what is wrong.
 *
 * <pre>{@code
 * byte[] text = Decompress.bytes(gzipped);                                   // detected, at most 256 MiB
 * Decompress.toFile(Path.of("a.zst"), Path.of("out/a"), Limits.forStreams(), Options.defaults());
 * WrittenFile w = Decompress.toDirectory(Path.of("logs.tar.xz"), Path.of("out"),    // out/logs.tar
 *         Limits.forStreams().withMaxOutputBytes(10L << 30), Options.defaults().withVerify(true));
 * }</pre>
 *
 * <p>Empty input: with detection it is {@link DecompressionException.Kind#EMPTY} ("empty input, no codec
 * detected"), and with a forced codec too, as no format's data is empty (an empty file compressed has a
 * header at least). All methods are thread-safe: items share nothing, so a batch may run them in parallel.
 */
public final class Decompress {
    /** The most a {@code byte[]} can hold. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int COPY_BUFFER = 64 * 1024;

    private Decompress() {
    }

    /**
     * The decompressed bytes of {@code compressed}; nothing is read until the first {@code read}, which
     * detects the codec (or checks the forced one's magic number). Failures, and exceeded limits, are
     * thrown by {@code read} as {@link DecompressionException}s. Closing the stream closes {@code compressed}.
     */
    public static InputStream open(InputStream compressed, Limits limits, Options options) {
        Objects.requireNonNull(options, "options");
        return new DecodingStream(compressed, options.codec().orElse(null), limits, options.verify());
    }

    /** {@link #bytes(byte[], Limits, Options)} with {@link Limits#forBytes()} and {@link Options#defaults()}. */
    public static byte[] bytes(byte[] compressed) throws DecompressionException {
        return bytes(compressed, Limits.forBytes(), Options.defaults());
    }

    /** {@link #bytes(byte[], Limits, Options)} with {@link Options#defaults()}. */
    public static byte[] bytes(byte[] compressed, Limits limits) throws DecompressionException {
        return bytes(compressed, limits, Options.defaults());
    }

    /**
     * The decompressed bytes of {@code compressed}. The output is limited to what a {@code byte[]} holds
     * (2 GiB less 8 bytes) too, whatever {@code limits} says; the memory it takes is at most about twice
     * the output, while the result is assembled. {@link Options#overwrite()} plays no part.
     */
    public static byte[] bytes(byte[] compressed, Limits limits, Options options) throws DecompressionException {
        Objects.requireNonNull(compressed, "compressed");
        Objects.requireNonNull(options, "options");
        Limits inMemory = limits.maxOutputBytes() > MAX_ARRAY ? limits.withMaxOutputBytes(MAX_ARRAY) : limits;
        var source = new ByteArrayInputStream(compressed);
        try (InputStream in = new DecodingStream(source, options.codec().orElse(null), inMemory, options.verify(), compressed.length)) {
            return in.readAllBytes();
        } catch (DecompressionException e) {
            throw e;
        } catch (IOException e) {
            // a ByteArrayInputStream does not fail, and every failure of the data is a DecompressionException
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decompresses the file {@code in} into the file {@code out}, which appears complete or not at all: the
     * output is written to a temporary file in {@code out}'s directory and moved into place when it is
     * complete; on any failure the temporary file is deleted and {@code out} is left as it was. An
     * existing {@code out} fails the call with {@link java.nio.file.FileAlreadyExistsException} unless
     * {@link Options#overwrite()}. Problems of the data are {@link DecompressionException}s whose message
     * starts with {@code in}.
     *
     * @return the number of decompressed bytes written
     */
    public static long toFile(Path in, Path out, Limits limits, Options options) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(options, "options");
        try {
            return AtomicFile.write(out, options.overwrite(), sink -> {
                try (InputStream decoded = open(Files.newInputStream(in), limits, options)) {
                    return copy(decoded, sink);
                }
            });
        } catch (DecompressionException e) {
            throw e.forItem(in.toString());
        }
    }

    /**
     * Decompresses the file {@code in} into {@code outDir}, under its name without the codec's suffix
     * ({@link Codec#outputName}: {@code a.tgz} becomes {@code a.tar}), as {@link #toFile} does. The codec is
     * detected first, from the file's first bytes, unless forced.
     */
    public static WrittenFile toDirectory(Path in, Path outDir, Limits limits, Options options) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(outDir, "outDir");
        Codec codec = options.codec().isPresent() ? options.codec().get() : detect(in);
        Path out = outDir.resolve(codec.outputName(in.getFileName().toString()));
        long written = toFile(in, out, limits, options.withCodec(codec));
        return new WrittenFile(in, out, codec, Files.size(in), written);
    }

    private static Codec detect(Path in) throws IOException {
        byte[] head;
        try (InputStream s = Files.newInputStream(in)) {
            head = s.readNBytes(Magic.HEAD_BYTES);
        }
        try {
            return Magic.require(head, head.length);
        } catch (DecompressionException e) {
            throw e.forItem(in.toString());
        }
    }

    private static long copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        for (int n; (n = from.read(buffer)) >= 0; ) {
            to.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
