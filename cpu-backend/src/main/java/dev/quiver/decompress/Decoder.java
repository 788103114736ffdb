package dev.quiver.decompress;

import java.io.IOException;
import java.io.InputStream;

/** One codec's decoding: a stream of the output, and the decoder's failures in the terms of {@link DecompressionException}. */
interface Decoder {

    /**
     * The decompressed bytes of {@code input}, which starts with the codec's magic number (checked before).
     * May read the input at once, as library constructors read headers; failures here are explained too.
     * A decoder that can decode parts of one item in parallel (bzip2's blocks) borrows threads from
     * {@code spare}; the others ignore it.
     */
    InputStream open(CompressedInput input, Limits limits, boolean verify, SpareThreads spare) throws IOException;

    /**
     * A failure of {@link #open} or of the stream it made, which is not the source's own I/O failure, as a
     * {@link DecompressionException}; or null if it is no problem of the data (a bug), to propagate as it is.
     * Our own decoders throw {@link DecompressionException}s themselves and explain nothing.
     *
     * @param consumed how many compressed bytes had been read when it failed: the input's length, if it is truncated
     */
    default DecompressionException explain(Exception failure, long consumed) {
        return null;
    }
}
