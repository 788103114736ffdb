package dev.quiver.decompress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Undoes bzip2's first run-length encoding of one block (four equal bytes, then a count of 0 to 251 more
 * copies), from the block's bytes as {@link Bzip2Block} leaves them, into pieces of the output of any
 * size. Not thread-safe.
 */
final class Bzip2Unrun {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_7 = 0x7f7f_7f7f_7f7f_7f7fL;

    /** The block's bytes: {@code [pos, length)} of them are left. */
    private byte[] data;
    private int pos;
    private int length;
    /** The last byte handed on, and how many times in a row (up to 4, after which a count byte follows). */
    private int previous = -1;
    private int repeats;
    /** Copies of {@link #previous} still to hand on, from a count byte. */
    private int pending;

    /** Starts on a block: {@code data[0, length)}, which must not change until its output is read. */
    void start(byte[] data, int length) {
        this.data = data;
        this.length = length;
        pos = 0;
        previous = -1;
        repeats = 0;
        pending = 0;
    }

    /** Whether the whole of the block's output has been read. */
    boolean done() {
        return pos == length && pending == 0;
    }

    /** Lets go of the block's bytes. */
    void clear() {
        data = null;
        length = 0;
        pos = 0;
        pending = 0;
    }

    /** The next bytes of the output, up to {@code len} of them, into {@code b}; fewer only at the block's end, 0 after it. */
    int read(byte[] b, int off, int len) {
        int o = off;
        int end = off + len;
        byte[] d = data;
        int p = pos;
        int prev = previous;
        int reps = repeats;
        while (o < end) {
            if (pending > 0) {
                int k = Math.min(pending, end - o);
                Arrays.fill(b, o, o + k, (byte) prev);
                o += k;
                pending -= k;
                continue;
            }
            if (p == length) {
                break;
            }
            if (reps < 2) {
                // most text holds no four equal bytes in a row: copy up to the next four at once
                int q = runEnd(d, p - reps, Math.min(length, p + (end - o)));
                System.arraycopy(d, p, b, o, q - p);
                o += q - p;
                prev = d[q - 1] & 0xff;
                int from = p - reps;
                reps = 1;
                while (reps < 4 && q - 1 - reps >= from && (d[q - 1 - reps] & 0xff) == prev) {
                    reps++;
                }
                p = q;
                continue;
            }
            int c = d[p++] & 0xff;
            if (reps == 4) {
                pending = c;
                reps = 0;
                continue;
            }
            if (c == prev) {
                reps++;
            } else {
                prev = c;
                reps = 1;
            }
            b[o++] = (byte) c;
        }
        pos = p;
        previous = prev;
        repeats = reps;
        return o - off;
    }

    /**
     * Just past the first four equal bytes in {@code d[from, limit)}, or {@code limit} if there are none:
     * five windows of four bytes tested in each 8-byte word at once.
     */
    private static int runEnd(byte[] d, int from, int limit) {
        int w = from;
        for (; w + 8 <= limit; w += 5) {
            long x = (long) LONG_LE.get(d, w);
            long y = x ^ x >>> 8; // byte k is 0 where d[w + k] == d[w + k + 1], for k < 7
            long zero = ~((y & LOW_7) + LOW_7 | y | LOW_7); // the top bit of each byte of y that is 0
            long four = zero & zero >>> 8 & zero >>> 16 & 0x80_8080_8080L; // windows 0 to 4 of four equal bytes
            if (four != 0) {
                return w + (Long.numberOfTrailingZeros(four) >>> 3) + 4;
            }
        }
        for (; w + 4 <= limit; w++) {
            if (d[w] == d[w + 1] && d[w] == d[w + 2] && d[w] == d[w + 3]) {
                return w + 4;
            }
        }
        return limit;
    }

}
