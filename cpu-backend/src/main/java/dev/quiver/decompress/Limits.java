package dev.quiver.decompress;

/**
 * What one item may cost: at most {@code maxOutputBytes} of decompressed output, and at most
 * {@code maxDecoderMemory} bytes of decoder state that the data itself asks for (an xz dictionary, a zstd
 * window; the other codecs need 14 MiB at most, bzip2 for its largest blocks, whatever the data says, per
 * thread that decodes the item's blocks: see {@link Options#threads()}). Both are enforced while streaming,
 * before the memory is allocated or the bytes are handed on, so that a decompression bomb fails its item
 * with a {@link DecompressionException} of kind
 * {@link DecompressionException.Kind#OUTPUT_LIMIT} or {@link DecompressionException.Kind#MEMORY_LIMIT}
 * instead of exhausting memory or disk.
 *
 * <p>The defaults: {@link #forBytes()} allows 256 MiB per item, since the result is held in the heap, many
 * items at a time in a batch; {@link #forStreams()} allows 1 GiB per item, for streams and files, whose
 * output goes to disk. Both allow 128 MiB of decoder memory, what {@code zstd -d} allows by default and
 * twice what {@code xz -9} needs. Output of exactly {@code maxOutputBytes} is allowed.
 *
 * @param maxOutputBytes   the most decompressed bytes one item may produce, {@code >= 0}
 * @param maxDecoderMemory the most bytes a decoder may allocate because the data asks for it, {@code > 0}
 */
public record Limits(long maxOutputBytes, long maxDecoderMemory) {
    /** 256 MiB: the default output limit of an item decompressed into a {@code byte[]}. */
    public static final long DEFAULT_BYTES_OUTPUT = 256L << 20;
    /** 1 GiB: the default output limit of an item decompressed as a stream or into a file. */
    public static final long DEFAULT_STREAM_OUTPUT = 1L << 30;
    /** 128 MiB: the default limit on decoder memory. */
    public static final long DEFAULT_DECODER_MEMORY = 128L << 20;

    public Limits {
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("maxOutputBytes must be >= 0, not " + maxOutputBytes);
        }
        if (maxDecoderMemory <= 0) {
            throw new IllegalArgumentException("maxDecoderMemory must be > 0, not " + maxDecoderMemory);
        }
    }

    /** The defaults for items decompressed into a {@code byte[]}: 256 MiB of output, 128 MiB of decoder memory. */
    public static Limits forBytes() {
        return new Limits(DEFAULT_BYTES_OUTPUT, DEFAULT_DECODER_MEMORY);
    }

    /** The defaults for items decompressed as streams or into files: 1 GiB of output, 128 MiB of decoder memory. */
    public static Limits forStreams() {
        return new Limits(DEFAULT_STREAM_OUTPUT, DEFAULT_DECODER_MEMORY);
    }

    /** These limits with another output limit; {@code Long.MAX_VALUE} lifts it. */
    public Limits withMaxOutputBytes(long bytes) {
        return new Limits(bytes, maxDecoderMemory);
    }

    /** These limits with another decoder memory limit. */
    public Limits withMaxDecoderMemory(long bytes) {
        return new Limits(maxOutputBytes, bytes);
    }
}
