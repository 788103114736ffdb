package dev.quiver.decompress;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.Inflater;

/**
 * The compressed bytes of one item as a decoder reads them: buffered (bzip2's decoder reads a byte at a
 * time), unsynchronized, counted (so that messages can say where, and how large the ratio is), open to a
 * look at the first bytes without consuming them, and able to tell the source's own I/O failures from
 * failures of the data. Not thread-safe, like any stream.
 */
final class CompressedInput extends InputStream {
    /** The most bytes buffered, and what a stream of unknown length gets. */
    static final int MAX_BUFFER = 64 * 1024;

    private final InputStream source;
    private final byte[] buf;
    private int pos;
    private int lim;
    /** Bytes read from the source so far, including those still in the buffer. */
    private long fetched;
    private boolean eof;
    private IOException sourceFailure;

    /**
     * @param bufferSize how many bytes to buffer: at least {@link Magic#HEAD_BYTES}, so that detection can
     *                   look at them; less than {@link #MAX_BUFFER} only for a source known to be that short,
     *                   so that a thousand tiny items do not cost a thousand large buffers
     */
    CompressedInput(InputStream source, int bufferSize) {
        this.source = Objects.requireNonNull(source, "compressed input");
        this.buf = new byte[Math.clamp(bufferSize, Magic.HEAD_BYTES, MAX_BUFFER)];
    }

    /** How many bytes the decoder has consumed: the offset of the next byte in the item. */
    long consumed() {
        return fetched - (lim - pos);
    }

    /** Whether {@code failure} is, or was caused by, a failure of the source rather than of the data. */
    boolean isSourceFailure(Throwable failure) {
        for (Throwable t = failure; t != null && sourceFailure != null; t = t.getCause()) {
            if (t == sourceFailure) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies up to {@code n} of the next bytes into {@code into} without consuming them; fewer only at the
     * end of the input. {@code n} is at most the buffer's size.
     */
    int peek(byte[] into, int n) throws IOException {
        if (lim - pos < n && !eof) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
            while (lim < n && fetch(buf, lim, buf.length - lim) > 0) {
                // fetch() advanced lim
            }
        }
        int shown = Math.min(n, lim - pos);
        System.arraycopy(buf, pos, into, 0, shown);
        return shown;
    }

    /** Gives the buffered bytes to {@code inflater} as its input, reading more first if none are left; false at the end of the input. */
    boolean feed(Inflater inflater) throws IOException {
        if (pos == lim && !refill()) {
            return false;
        }
        inflater.setInput(buf, pos, lim - pos);
        return true;
    }

    /** Marks as consumed what {@code inflater} took of the input that {@link #feed} gave it. */
    void consumedBy(Inflater inflater) {
        pos = lim - inflater.getRemaining();
    }

    @Override
    public int read() throws IOException {
        if (pos == lim && !refill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (pos == lim) {
            if (len >= buf.length) {
                // a large read skips the buffer, as BufferedInputStream's does
                return fetch(b, off, len);
            }
            if (!refill()) {
                return -1;
            }
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() throws IOException {
        // zstd-jni asks, to decide whether to read more before returning what it has
        return (lim - pos) + (eof ? 0 : source.available());
    }

    /**
     * Does not close the source: a decoder's {@code close()} frees the decoder (and calls this), and
     * {@link DecodingStream} closes the source when its own user closes it.
     */
    @Override
    public void close() {
        // nothing to free here
    }

    private boolean refill() throws IOException {
        pos = 0;
        lim = 0;
        return fetch(buf, 0, buf.length) > 0;
    }

    /** Reads from the source into {@code b}; if {@code b} is the buffer, the bytes are appended at {@code lim}. */
    private int fetch(byte[] b, int off, int len) throws IOException {
        if (eof) {
            return -1;
        }
        int n;
        do {
            try {
                n = source.read(b, off, len);
            } catch (IOException e) {
                sourceFailure = e;
                throw e;
            }
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return -1;
        }
        fetched += n;
        if (b == buf) {
            lim += n;
        }
        return n;
    }
}
