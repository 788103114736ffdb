package dev.quiver.decompress;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An input stream that decodes in bulk: the argument checks and the empty read of {@link InputStream}'s
 * contract are made here once, the one-byte {@link #read()} reads into an array of one, and a decoder
 * implements {@link #readSome} for at least one byte.
 */
abstract class BulkInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return len == 0 ? 0 : readSome(b, off, len);
    }

    /** Reads up to {@code len} bytes, at least one, into {@code b} at {@code off}; -1 at the end. */
    protected abstract int readSome(byte[] b, int off, int len) throws IOException;
}
