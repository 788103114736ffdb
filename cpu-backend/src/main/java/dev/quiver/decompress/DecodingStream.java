package dev.quiver.decompress;

import dev.quiver.decompress.DecompressionException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One item's decompressed bytes, as {@link Codec#open} and {@link Decompress#open} return them. At the
 * first read it detects the codec, or checks the forced codec's magic number; then it passes the
 * decoder's output on, stopping it at {@link Limits#maxOutputBytes()}, and turns the decoder's failures
 * into {@link DecompressionException}s. The first of these is thrown again by every later read, and frees
 * the decoder at once (its native memory, for zstd); the source stays open until {@link #close()}.
 */
final class DecodingStream extends InputStream {
    /**
     * A decoder's output that reads its input further ahead than it has decoded (bzip2 on several threads),
     * and so tells how far it has decoded, for the ratio of a decompression bomb.
     */
    interface Positioned {
        /** How many bytes of the input the output so far was decoded from. */
        long consumed();
    }

    private final InputStream source;
    private final CompressedInput input;
    private final Codec forced;
    private final Limits limits;
    private final boolean verify;
    private final SpareThreads spare;
    private Codec codec;
    private Decoder decoder;
    private InputStream decoded;
    private boolean decoderClosed;
    private long produced;
    private IOException failure;

    /**
     * {@code forced} null: detect the codec from the input's magic number. {@code spare}: the threads the
     * decoder may borrow, see {@link Decoder#open}.
     */
    DecodingStream(InputStream compressed, Codec forced, Limits limits, boolean verify, SpareThreads spare) {
        this(compressed, forced, limits, verify, spare, CompressedInput.MAX_BUFFER);
    }

    /** @param bufferSize see {@link CompressedInput#CompressedInput(InputStream, int)} */
    DecodingStream(InputStream compressed, Codec forced, Limits limits, boolean verify, SpareThreads spare, int bufferSize) {
        this.source = Objects.requireNonNull(compressed, "compressed input");
        this.input = new CompressedInput(compressed, bufferSize);
        this.forced = forced;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.verify = verify;
        this.spare = Objects.requireNonNull(spare, "spare");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        try {
            if (decoded == null) {
                start();
            }
            // one byte past the limit, to tell output that ends at the limit from output that goes beyond it
            long room = limits.maxOutputBytes() - produced;
            int n = decoded.read(b, off, room >= len ? len : (int) room + 1);
            if (n > 0) {
                produced += n;
                if (produced > limits.maxOutputBytes()) {
                    throw overLimit();
                }
            }
            return n;
        } catch (DecompressionException e) {
            throw fail(e);
        } catch (IOException | RuntimeException e) {
            if (decoder == null || input.isSourceFailure(e)) {
                throw e;
            }
            DecompressionException explained = decoder.explain(e, input.consumed());
            if (explained == null) {
                throw e;
            }
            throw fail(explained);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeDecoder();
        } finally {
            source.close();
        }
    }

    private void start() throws IOException {
        byte[] head = new byte[Magic.HEAD_BYTES];
        int n = input.peek(head, head.length);
        if (forced == null) {
            codec = Magic.require(head, n);
        } else {
            codec = forced;
            if (n == 0) {
                throw new DecompressionException(Kind.EMPTY, codec, "empty input");
            }
            if (Magic.match(codec, head, n) == Magic.Match.NO) {
                throw Magic.wrongMagic(codec, head, n);
            }
        }
        if (Magic.match(codec, head, n) == Magic.Match.PREFIX) {
            throw new DecompressionException(Kind.TRUNCATED, codec, "truncated input: it ends inside the magic number, after "
                    + ByteText.count(n) + (n == 1 ? " byte" : " bytes"));
        }
        decoder = codec.decoder();
        decoded = decoder.open(input, limits, verify, spare);
    }

    private DecompressionException overLimit() {
        long in = Math.max(1, decoded instanceof Positioned p ? p.consumed() : input.consumed());
        return new DecompressionException(Kind.OUTPUT_LIMIT, codec, "the output exceeds the limit of " + ByteText.size(limits.maxOutputBytes())
                + " (Limits.maxOutputBytes) after " + ByteText.count(in) + " compressed bytes, a ratio above " + ByteText.count(produced / in)
                + ":1: a decompression bomb, or a limit too low for this item");
    }

    private DecompressionException fail(DecompressionException e) {
        failure = e;
        try {
            closeDecoder();
        } catch (IOException | RuntimeException suppressed) {
            e.addSuppressed(suppressed);
        }
        return e;
    }

    private void closeDecoder() throws IOException {
        if (decoded != null && !decoderClosed) {
            decoderClosed = true;
            decoded.close();
        }
    }
}
