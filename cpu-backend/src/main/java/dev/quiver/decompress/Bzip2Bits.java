package dev.quiver.decompress;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The bits of a bzip2 file, most significant first, as its streams pack them: read {@code n} at a time,
 * or looked at ahead of reading, with the input's end told apart. Reads its source in 64 KiB pieces, from
 * the start of the file or from any bit of it ({@link #at}, {@link #restart}), and knows the bit it is at
 * ({@link #position()}), so that a block decoded on another thread can be taken over where it ends. Not
 * thread-safe.
 */
final class Bzip2Bits {
    private static final int BUFFER = 64 * 1024;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final InputStream source;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    /** The offset in the file of the byte after the last one read from the source. */
    private long fetched;
    private boolean inputEnded;
    /**
     * The next {@link #count} bits of the input, in the low bits; the bits above them are stale. Package
     * access for {@link Bzip2Block}'s symbol loop, which keeps them in locals and writes them back.
     */
    long bits;
    int count;

    /** The bits of {@code source}, which is at the start of the file. */
    Bzip2Bits(InputStream source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The bits of the file from bit {@code bit} on, where {@code source} holds the file from byte {@code bit / 8} on. */
    static Bzip2Bits at(InputStream source, long bit) throws IOException {
        Bzip2Bits in = new Bzip2Bits(source);
        in.restart(bit);
        return in;
    }

    /**
     * Goes on from bit {@code bit} of the file, forgetting what was buffered: the caller has just moved the
     * source to byte {@code bit / 8}.
     */
    void restart(long bit) throws IOException {
        pos = 0;
        lim = 0;
        count = 0;
        inputEnded = false;
        fetched = bit >>> 3;
        if ((bit & 7) != 0) {
            read((int) (bit & 7));
        }
    }

    /**
     * Makes at least {@code n} bits ready ({@code n <= 32}); false only if the input ends first, and then
     * all the bits it had are ready.
     */
    boolean has(int n) throws IOException {
        if (count >= n) {
            return true;
        }
        refill();
        return count >= n;
    }

    /** The next {@code n} bits ({@code 1 <= n <= 32}), which {@link #has} made ready, without reading them. */
    int peek(int n) {
        return (int) (bits >>> (count - n)) & (int) ((1L << n) - 1);
    }

    /** Reads {@code n} bits that {@link #has} made ready. */
    void skip(int n) {
        count -= n;
    }

    /** The next {@code n} bits ({@code n <= 32}); -1 if the input ends first. */
    long read(int n) throws IOException {
        if (!has(n)) {
            return -1;
        }
        count -= n;
        return (bits >>> count) & ((1L << n) - 1);
    }

    /** Skips to the next byte boundary, where a stream ends and the next may start. */
    void alignToByte() {
        count -= count & 7;
    }

    /** Whether the input has ended with nothing left of it to read, at a byte boundary. */
    boolean atEnd() throws IOException {
        return !has(1);
    }

    /** The offset in the file of the next bit to read. */
    long position() {
        return 8 * (fetched - (lim - pos)) - count;
    }

    /** How many bytes of the input have been read, a part of the last one counting as read. */
    long consumed() {
        return fetched - (lim - pos) - count / 8;
    }

    private void refill() throws IOException {
        while (count <= 56) {
            if (count <= 32 && lim - pos >= 4) {
                bits = bits << 32 | ((int) INT_BE.get(buf, pos) & 0xffffffffL);
                pos += 4;
                count += 32;
            } else if (pos < lim) {
                bits = bits << 8 | (buf[pos++] & 0xff);
                count += 8;
            } else if (inputEnded || !fill()) {
                return;
            }
        }
    }

    private boolean fill() throws IOException {
        int n = source.read(buf, 0, BUFFER);
        if (n < 0) {
            inputEnded = true;
            return false;
        }
        pos = 0;
        lim = n;
        fetched += n;
        return true;
    }
}
