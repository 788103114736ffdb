package dev.quiver.decompress;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The bits of a bzip2 file, most significant first, as its streams pack them: read {@code n} at a time,
 * or looked at ahead of reading, with the input's end told apart. Buffered in 64 KiB reads of the
 * {@link CompressedInput}; not thread-safe.
 */
final class Bzip2Bits {
    private static final int BUFFER = 64 * 1024;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final CompressedInput input;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private boolean inputEnded;
    /**
     * The next {@link #count} bits of the input, in the low bits; the bits above them are stale. Package
     * access for {@link Bzip2Block}'s symbol loop, which keeps them in locals and writes them back.
     */
    long bits;
    int count;

    Bzip2Bits(CompressedInput input) {
        this.input = Objects.requireNonNull(input, "input");
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

    /** How many bytes of the input have been read, a part of the last one counting as read. */
    long consumed() {
        return input.consumed() - (lim - pos) - count / 8;
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
        int n = input.read(buf, 0, BUFFER);
        if (n < 0) {
            inputEnded = true;
            return false;
        }
        pos = 0;
        lim = n;
        return true;
    }
}
