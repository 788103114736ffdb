package dev.quiver.decompress;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * An item that cannot be decompressed, or may not be: what is wrong ({@link #kind()}), in which codec, and
 * a message that says both, such as {@code "gzip: truncated input: it ends inside member 2's compressed
 * data, at byte 1,234"}. Thrown for problems of the data and for exceeded {@link Limits}; failures to read
 * the source or to write the destination stay the plain {@link IOException}s they were.
 */
public final class DecompressionException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of problem an item has. */
    public enum Kind {
        /** The input has no bytes at all: no codec can be detected, and no format allows it. */
        EMPTY,
        /** Detection found no supported codec's magic number at the start of the input. */
        UNKNOWN_FORMAT,
        /** A forced codec's magic number is not at the start of the input. */
        WRONG_MAGIC,
        /** The input ends before the compressed data does. */
        TRUNCATED,
        /** The compressed data or its framing is malformed. */
        CORRUPT,
        /** A checksum stored in the container does not match the data. */
        CHECKSUM,
        /** Bytes follow the last complete member, stream or frame, and are not another one. */
        TRAILING_DATA,
        /** The data uses a feature of its format that the decoder does not implement. */
        UNSUPPORTED,
        /** The output would exceed {@link Limits#maxOutputBytes()}: a decompression bomb, or a limit too low. */
        OUTPUT_LIMIT,
        /** The decoder would need more memory than {@link Limits#maxDecoderMemory()} (an xz dictionary, a zstd window). */
        MEMORY_LIMIT,
        /**
         * The batch's decompressed output, all items together, would exceed {@link BatchLimits#maxTotalOutputBytes()}:
         * the item that passed it, and every item of the batch that had not finished by then, fail with this.
         */
        BATCH_LIMIT
    }

    private final Kind kind;
    private final Codec codec;
    private final String detail;
    private final String item;

    DecompressionException(Kind kind, Codec codec, String detail) {
        this(kind, codec, detail, null, null);
    }

    DecompressionException(Kind kind, Codec codec, String detail, Throwable cause) {
        this(kind, codec, detail, null, cause);
    }

    private DecompressionException(Kind kind, Codec codec, String detail, String item, Throwable cause) {
        super(message(item, codec, detail), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.codec = codec;
        this.detail = Objects.requireNonNull(detail, "detail");
        this.item = item;
    }

    /** What kind of problem this is. */
    public Kind kind() {
        return kind;
    }

    /** The codec that failed; empty when none was detected ({@link Kind#EMPTY}, {@link Kind#UNKNOWN_FORMAT}). */
    public Optional<Codec> codec() {
        return Optional.ofNullable(codec);
    }

    /** What is wrong, without the item and codec prefixes of the message. */
    public String detail() {
        return detail;
    }

    /** The item the message names first (a file name), if one was given. */
    public Optional<String> item() {
        return Optional.ofNullable(item);
    }

    /** The same problem with {@code item} named at the start of the message; this exception becomes the cause. */
    public DecompressionException forItem(String item) {
        return new DecompressionException(kind, codec, detail, item, this);
    }

    private static String message(String item, Codec codec, String detail) {
        return (item == null ? "" : item + ": ") + (codec == null ? "" : codec.id() + ": ") + detail;
    }
}
