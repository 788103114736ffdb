package dev.quiver.decompress;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decompressed bytes a batch has produced so far, shared by its items' threads, and the check that
 * they stay within {@link BatchLimits#maxTotalOutputBytes()}. Once passed, it stays passed. Thread-safe.
 */
final class BatchBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private volatile boolean exceeded;

    BatchBudget(long limit) {
        this.limit = limit;
    }

    /** Fails an item that would start after the limit was passed. */
    void checkStart() throws DecompressionException {
        if (exceeded) {
            throw new DecompressionException(DecompressionException.Kind.BATCH_LIMIT, null,
                    "batch limit: not started, as the batch's decompressed output already passed its limit of " + bytes(limit));
        }
    }

    /** Counts {@code n} more bytes, failing the item if the batch is now past its limit. */
    void take(long n) throws DecompressionException {
        if (used.addAndGet(n) > limit || exceeded) {
            exceeded = true;
            throw new DecompressionException(DecompressionException.Kind.BATCH_LIMIT, null,
                    "batch limit: stopped, as the batch's decompressed output passed its limit of " + bytes(limit));
        }
    }

    /** {@code decoded}, counting what is read from it. */
    InputStream metered(InputStream decoded) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = decoded.read();
                if (b >= 0) {
                    take(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = decoded.read(buffer, offset, length);
                if (n > 0) {
                    take(n);
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                decoded.close();
            }
        };
    }

    private static String bytes(long n) {
        if (n == Long.MAX_VALUE) {
            return "no limit";
        }
        return n >= 1L << 30 && n % (1L << 30) == 0 ? n / (1L << 30) + " GiB (" + String.format(java.util.Locale.ROOT, "%,d", n) + " bytes)"
                : n >= 1L << 20 && n % (1L << 20) == 0 ? n / (1L << 20) + " MiB (" + String.format(java.util.Locale.ROOT, "%,d", n) + " bytes)"
                : String.format(java.util.Locale.ROOT, "%,d bytes", n);
    }
}
