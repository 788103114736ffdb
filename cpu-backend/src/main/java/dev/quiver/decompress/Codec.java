package dev.quiver.decompress;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A compressed format that Quiver decompresses, found from the magic number that starts its data
 * ({@link #detect(byte[])}) or forced by name ({@link #forName(String)}). Each one decodes everything a
 * file of its format may hold, as its command-line tool's {@code -dc} does: every member, stream or frame
 * of a concatenation ({@code cat a.gz b.gz}), skippable frames included. Bytes after the last of them are
 * an error ({@link DecompressionException.Kind#TRAILING_DATA}); only the padding each format defines is
 * allowed (zero bytes after gzip members, as gzip allows; xz's stream padding).
 *
 * <p>Libraries: the JDK's {@link java.util.zip.Inflater} for gzip, zlib and raw deflate; our own decoder
 * for bzip2 ({@link Bzip2Stream}); XZ for Java for xz; zstd-jni for zstd; lz4-java for lz4
 * (commons-compress for frames of linked blocks).
 *
 * <p>Which checksums are checked: {@link #alwaysChecks()}, and with {@code verify} also {@link #verifies()}.
 */
public enum Codec {
    GZIP("gzip", List.of(suffix(".gz", ""), suffix(".tgz", ".tar")),
            "the CRC-32 of every member, and the header CRC-16 of members that have one",
            "every member's header and length (ISIZE), and that only zero padding follows the last member"),
    ZLIB("zlib", List.of(suffix(".zz", ""), suffix(".zlib", "")),
            "nothing more: zlib checks the Adler-32 always",
            "the header and the Adler-32 of the output, and that nothing follows the stream"),
    /** Raw deflate (RFC 1951): no header, no checksum, no magic number; used only when forced. */
    DEFLATE("deflate", List.of(suffix(".deflate", "")),
            "nothing: raw deflate has no checksum",
            "that the deflate data is well-formed and nothing follows it"),
    BZIP2("bzip2", List.of(suffix(".bz2", ""), suffix(".tbz2", ".tar"), suffix(".tbz", ".tar")),
            "nothing more: bzip2's CRCs are checked always",
            "the CRC-32 of every block and the combined CRC of every stream"),
    ZSTD("zstd", List.of(suffix(".zst", ""), suffix(".tzst", ".tar")),
            "nothing more: libzstd checks the content checksum always",
            "the content checksum (XXH64) of every frame that has one; zstd writes one unless told --no-check"),
    LZ4("lz4", List.of(suffix(".lz4", "")),
            "nothing more: lz4-java checks lz4's checksums always",
            "every frame's header checksum, and its content checksum (XXH32, written by lz4 by default) and block checksums where it has them"),
    XZ("xz", List.of(suffix(".xz", ""), suffix(".txz", ".tar")),
            "the integrity check of every block: CRC-32, CRC-64 (xz's default) or SHA-256, whichever the file has",
            "the CRC-32s of the stream headers, block headers and index");

    /** How many of an input's first bytes {@link #detect(byte[])} needs at most: 64. */
    public static final int DETECT_BYTES = Magic.HEAD_BYTES;

    private record Suffix(String suffix, String replacement) {
    }

    private final String id;
    private final List<Suffix> suffixes;
    private final String verifies;
    private final String alwaysChecks;

    Codec(String id, List<Suffix> suffixes, String verifies, String alwaysChecks) {
        this.id = id;
        this.suffixes = suffixes;
        this.verifies = verifies;
        this.alwaysChecks = alwaysChecks;
    }

    /** The name users give to {@code --codec} and {@link #forName}: {@code gzip}, {@code bzip2}. */
    public String id() {
        return id;
    }

    /** The file-name suffixes of this codec's files, the first the usual one: {@code .gz}, {@code .tgz}. */
    public List<String> suffixes() {
        return suffixes.stream().map(Suffix::suffix).toList();
    }

    /** Whether this codec's data starts with a magic number, so that it can be detected; false only for raw deflate. */
    public boolean hasMagic() {
        return this != DEFLATE;
    }

    /** What the {@code verify} option adds to the checks: the checksums that are otherwise skipped. */
    public String verifies() {
        return verifies;
    }

    /** What is checked with or without {@code verify}. */
    public String alwaysChecks() {
        return alwaysChecks;
    }

    /**
     * The name of the decompressed file for a compressed file named {@code fileName} (a name, not a path):
     * this codec's suffix dropped, ignoring case ({@code a.gz} to {@code a}, {@code a.tgz} to {@code a.tar});
     * a name without one, or that is nothing but the suffix, gets {@code .out} appended instead, so that the
     * output never takes the input's name.
     */
    public String outputName(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (Suffix s : suffixes) {
            if (lower.endsWith(s.suffix()) && fileName.length() > s.suffix().length()) {
                return fileName.substring(0, fileName.length() - s.suffix().length()) + s.replacement();
            }
        }
        return fileName + ".out";
    }

    /**
     * The decompressed bytes of {@code compressed}, within {@link Limits#forStreams()}, without the
     * optional checksums; see {@link #open(InputStream, Limits, boolean)}.
     */
    public InputStream open(InputStream compressed) {
        return open(compressed, Limits.forStreams(), false);
    }

    /**
     * The decompressed bytes of {@code compressed}, which must be this codec's data. Nothing is read until
     * the first {@code read}; every problem of the data, from a wrong magic number to a checksum, and an
     * exceeded limit, is thrown from {@code read} as a {@link DecompressionException} (and again by any
     * later {@code read}). The stream is not thread-safe. Closing it closes {@code compressed}, and frees
     * the decoder's native memory (zstd): close it, as with any stream.
     *
     * @param verify check the checksums listed by {@link #verifies()} too
     */
    public InputStream open(InputStream compressed, Limits limits, boolean verify) {
        return new DecodingStream(compressed, this, limits, verify, SpareThreads.NONE);
    }

    /**
     * The codec whose magic number {@code head} (the first bytes of an input, {@link #DETECT_BYTES} or
     * fewer) starts with, if any. A head shorter than a magic number, of at least two bytes that start
     * it, counts as that codec, so that a cut-off file is reported as truncated rather than unknown. zlib's
     * two-byte header is the weakest of these signs: random data starts with one about once in a thousand.
     * Raw deflate is never detected.
     */
    public static Optional<Codec> detect(byte[] head) {
        return Magic.detect(head, head.length);
    }

    /**
     * The codec of the data {@code in} is about to return, which it still returns: {@code in} must support
     * {@link InputStream#mark mark}, as {@link java.io.BufferedInputStream} does.
     *
     * @throws DecompressionException of kind {@link DecompressionException.Kind#EMPTY} for an empty input,
     *                                {@link DecompressionException.Kind#UNKNOWN_FORMAT} for no codec's magic
     * @throws IllegalArgumentException if {@code in} does not support mark
     */
    public static Codec detect(InputStream in) throws IOException {
        if (!in.markSupported()) {
            throw new IllegalArgumentException("detect(InputStream) needs a stream that supports mark(), such as a BufferedInputStream; got "
                    + in.getClass().getName());
        }
        in.mark(Magic.HEAD_BYTES);
        byte[] head = in.readNBytes(Magic.HEAD_BYTES);
        in.reset();
        return Magic.require(head, head.length);
    }

    /**
     * The codec named {@code name}, ignoring case: {@code gzip zlib deflate bzip2 zstd lz4 xz}.
     *
     * @throws IllegalArgumentException naming the valid names, for any other
     */
    public static Codec forName(String name) {
        Objects.requireNonNull(name, "codec name");
        for (Codec c : values()) {
            if (c.id.equalsIgnoreCase(name.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown codec '" + name + "'; the codecs are "
                + Arrays.stream(values()).map(Codec::id).collect(Collectors.joining(", ")));
    }

    Decoder decoder() {
        return switch (this) {
            case GZIP -> (input, limits, verify, spare) -> new GzipStream(input, verify);
            case ZLIB, DEFLATE -> (input, limits, verify, spare) -> new InflaterStream(input, this);
            case BZIP2 -> (input, limits, verify, spare) -> new Bzip2Stream(input, spare);
            case ZSTD -> ZSTD_DECODER;
            case LZ4 -> LZ4_DECODER;
            case XZ -> XZ_DECODER;
        };
    }

    private static final Decoder ZSTD_DECODER = new ZstdDecoder();
    private static final Decoder LZ4_DECODER = new Lz4Decoder();
    private static final Decoder XZ_DECODER = new XzDecoder();

    private static Suffix suffix(String suffix, String replacement) {
        return new Suffix(suffix, replacement);
    }
}
