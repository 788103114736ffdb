package dev.quiver.decompress;

import dev.quiver.decompress.DecompressionException.Kind;
import java.io.IOException;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The output of one zlib stream (RFC 1950) or one raw deflate stream (RFC 1951), with nothing after it.
 * zlib's header and Adler-32 are checked by zlib itself, always; raw deflate has neither. Bytes after the
 * end of the stream are {@link Kind#TRAILING_DATA}: neither format has members or frames to concatenate.
 */
final class InflaterStream extends BulkInputStream {
    private final CompressedInput in;
    private final Codec codec;
    private final Inflater inflater;
    private boolean started;
    private boolean done;

    /** {@code codec} is {@link Codec#ZLIB} or {@link Codec#DEFLATE}. */
    InflaterStream(CompressedInput in, Codec codec) {
        if (codec != Codec.ZLIB && codec != Codec.DEFLATE) {
            throw new IllegalArgumentException("codec must be zlib or deflate, not " + codec);
        }
        this.in = Objects.requireNonNull(in, "in");
        this.codec = codec;
        this.inflater = new Inflater(codec == Codec.DEFLATE);
    }

    @Override
    protected int readSome(byte[] b, int off, int len) throws IOException {
        if (!started) {
            started = true;
            feed();
        }
        while (!done) {
            int n = inflate(b, off, len);
            if (n > 0) {
                return n;
            }
            if (inflater.finished()) {
                done = true;
                long end = in.consumed();
                if (in.read() >= 0) {
                    throw new DecompressionException(Kind.TRAILING_DATA, codec, "unexpected data after the end of the "
                            + codec.id() + " stream, at byte " + ByteText.count(end));
                }
            } else if (inflater.needsDictionary()) {
                throw new DecompressionException(Kind.UNSUPPORTED, codec, "the stream needs a preset dictionary (FDICT), which was not given");
            } else if (inflater.needsInput()) {
                feed();
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    private void feed() throws IOException {
        if (!in.feed(inflater)) {
            throw new DecompressionException(Kind.TRUNCATED, codec, "truncated input: it ends inside the compressed data, at byte "
                    + ByteText.count(in.consumed()));
        }
    }

    private int inflate(byte[] b, int off, int len) throws DecompressionException {
        int n;
        try {
            n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            in.consumedBy(inflater);
            // zlib's own words: "incorrect data check" is a wrong Adler-32, the rest are malformed data
            boolean checksum = "incorrect data check".equals(e.getMessage());
            throw new DecompressionException(checksum ? Kind.CHECKSUM : Kind.CORRUPT, codec,
                    (checksum ? "the Adler-32 of the output does not match the stream's" : "invalid " + codec.id() + " data")
                            + " (" + e.getMessage() + "), at byte " + ByteText.count(in.consumed()), e);
        }
        in.consumedBy(inflater);
        return n;
    }
}
