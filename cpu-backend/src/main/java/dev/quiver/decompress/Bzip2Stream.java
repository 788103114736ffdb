package dev.quiver.decompress;

import dev.quiver.decompress.DecompressionException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * bzip2 decoded in Java: the output of every stream of a multi-stream file ({@code cat a.bz2 b.bz2}, and
 * what pbzip2 writes), one after another, as {@code bzip2 -dc} writes it. Every block's CRC and every
 * stream's combined CRC are checked, always. After a stream the input must end or start another stream
 * ({@code BZh1} to {@code BZh9}); anything else is {@link Kind#TRAILING_DATA}, where {@code bzip2 -dc} warns
 * and ignores it. Blocks are decoded by {@link Bzip2Block}; here are the streams, the final run-length
 * decoding and the CRCs: the walk through the file, which alone decides what the output and the failures
 * are. Given spare threads, blocks ahead of the walk are decoded on them ({@link Bzip2Speculation}), and
 * the walk takes each such block where it finds it itself. Not thread-safe, like any stream; it may be
 * handed from one thread to another.
 */
final class Bzip2Stream extends InputStream implements DecodingStream.Positioned {
    private static final long BLOCK_MAGIC = Bzip2BlockFinder.BLOCK_MAGIC;
    private static final long END_MAGIC = Bzip2BlockFinder.END_MAGIC;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_7 = 0x7f7f_7f7f_7f7f_7f7fL;

    private final Bzip2Bits in;
    /** The input read ahead, and the blocks decoded ahead in it; null without spare threads. */
    private final Bzip2Window window;
    private final Bzip2Speculation ahead;
    private Bzip2Block block;
    /** Streams started so far; the current one while {@link #inStream}. */
    private int streams;
    private boolean inStream;
    private int maxBlock;
    private boolean done;
    private boolean closed;

    /** The current block's bytes before the run-length decoding: {@code [pos, length)} of them are left. */
    private byte[] data;
    private int pos;
    private int length;
    private boolean inBlock;
    /** {@link #data} when it came from {@link #ahead}, to give back after the block. */
    private byte[] borrowed;
    /** The last byte handed on, and how many times in a row (up to 4, after which a count byte follows). */
    private int previous = -1;
    private int repeats;
    /** Copies of {@link #previous} still to hand on, from a count byte. */
    private int pending;

    private int storedBlockCrc;
    private final Bzip2Crc blockCrc = new Bzip2Crc();
    private int combinedCrc;

    /** The output of {@code input}, decoded on the calling thread. */
    Bzip2Stream(CompressedInput input) {
        this(input, SpareThreads.NONE);
    }

    /** The output of {@code input}, its blocks decoded ahead on threads that {@code spare} lends, if any. */
    Bzip2Stream(CompressedInput input, SpareThreads spare) {
        Objects.requireNonNull(input, "input");
        if (spare.none()) {
            window = null;
            ahead = null;
            in = new Bzip2Bits(input);
        } else {
            window = new Bzip2Window(input);
            ahead = new Bzip2Speculation(window, spare);
            in = new Bzip2Bits(window);
        }
    }

    /** How many compressed bytes the walk has decoded, a part of the last one counting: whatever was read ahead. */
    @Override
    public long consumed() {
        return in.consumed();
    }

    /** What decodes blocks ahead, for tests; null without spare threads. */
    Bzip2Speculation ahead() {
        return ahead;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the bzip2 stream is closed");
        }
        if (len == 0) {
            return 0;
        }
        while (!done) {
            if (inBlock) {
                int n = unrun(b, off, len);
                if (n > 0) {
                    blockCrc.update(b, off, n);
                    return n;
                }
                endBlock();
            } else {
                nextBlock();
            }
        }
        return -1;
    }

    @Override
    public void close() {
        closed = true;
        release();
    }

    /**
     * Gives the block decoder back for the thread's next stream, and stops decoding ahead: at the end of the
     * data, or at close (which DecodingStream calls at the first failure).
     */
    private void release() {
        if (block != null) {
            block.giveBack();
            block = null;
        }
        data = null;
        borrowed = null;
        if (ahead != null) {
            ahead.close();
            window.forget(Long.MAX_VALUE);
        }
    }

    /**
     * Undoes bzip2's first run-length encoding (four equal bytes, then a count of more copies) from the
     * block's bytes into {@code b}; 0 at the end of the block.
     */
    private int unrun(byte[] b, int off, int len) {
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

    /** Reads the next block's header and decodes it, or the end of the stream and what follows it. */
    private void nextBlock() throws IOException {
        if (!inStream && !startStream()) {
            done = true;
            release();
            return;
        }
        long magic = bits(48);
        if (magic == END_MAGIC) {
            int stored = (int) bits(32);
            if (stored != combinedCrc) {
                throw new DecompressionException(Kind.CHECKSUM, Codec.BZIP2,
                        "the combined CRC of bzip2 stream " + streams + " does not match its blocks' CRCs: the data is corrupt");
            }
            in.alignToByte();
            inStream = false;
            return;
        }
        if (magic != BLOCK_MAGIC) {
            throw corrupt("no block or end of stream where one should start");
        }
        storedBlockCrc = (int) bits(32);
        if (block == null || block.capacity() < maxBlock) {
            if (block != null) {
                block.giveBack();
            }
            block = Bzip2Block.take(maxBlock);
        }
        Bzip2Speculation.Decoded decoded = null;
        if (ahead != null) {
            long start = in.position() - 80;
            ahead.plan(start, maxBlock);
            decoded = ahead.take(start, maxBlock, block);
        }
        if (decoded != null) {
            // the very bytes decoding here would give: go on after the block as if it had
            window.seek(decoded.end() >>> 3);
            in.restart(decoded.end());
            data = borrowed = decoded.bytes();
            length = decoded.length();
        } else {
            try {
                length = block.decode(in, maxBlock);
            } catch (Bzip2Block.Malformed e) {
                if (e.truncated) {
                    throw truncated();
                }
                throw corrupt(e.getMessage());
            }
            data = block.output();
        }
        pos = 0;
        previous = -1;
        repeats = 0;
        pending = 0;
        blockCrc.reset();
        inBlock = true;
    }

    private void endBlock() throws DecompressionException {
        inBlock = false;
        if (borrowed != null) {
            ahead.recycle(borrowed);
            borrowed = null;
        }
        int crc = blockCrc.value();
        if (crc != storedBlockCrc) {
            throw new DecompressionException(Kind.CHECKSUM, Codec.BZIP2,
                    "a block's CRC does not match its data, in bzip2 stream " + streams + ": the data is corrupt");
        }
        combinedCrc = (combinedCrc << 1 | combinedCrc >>> 31) ^ crc;
    }

    /** Reads the next stream's header; false at the end of the input, after a stream. */
    private boolean startStream() throws IOException {
        if (streams > 0 && in.atEnd()) {
            return false;
        }
        byte[] head = new byte[4];
        int n = 0;
        while (n < 4 && in.has(8)) {
            head[n++] = (byte) in.read(8);
        }
        switch (Magic.match(Codec.BZIP2, head, n)) {
            case YES -> {
                // a stream
            }
            case PREFIX -> throw new DecompressionException(Kind.TRUNCATED, Codec.BZIP2, "truncated input: it ends inside the header of bzip2 stream "
                    + (streams + 1) + ", after " + ByteText.count(in.consumed()) + " bytes");
            case NO -> throw streams == 0
                    ? new DecompressionException(Kind.CORRUPT, Codec.BZIP2, "bzip2 stream 1 does not start with a valid header: BZh and a block size from 1 to 9")
                    : new DecompressionException(Kind.TRAILING_DATA, Codec.BZIP2,
                            "unexpected data after the last bzip2 stream: it is not another bzip2 stream (bzip2 -dc ignores it with a warning)");
        }
        maxBlock = (head[3] - '0') * 100_000;
        streams++;
        inStream = true;
        combinedCrc = 0;
        return true;
    }

    private long bits(int n) throws IOException {
        long v = in.read(n <= 32 ? n : 32);
        if (n > 32 && v >= 0) {
            long low = in.read(n - 32);
            v = low < 0 ? -1 : v << (n - 32) | low;
        }
        if (v < 0) {
            throw truncated();
        }
        return v;
    }

    private DecompressionException truncated() {
        return new DecompressionException(Kind.TRUNCATED, Codec.BZIP2,
                "truncated input: it ends inside a bzip2 stream, after " + ByteText.count(in.consumed()) + " bytes");
    }

    private DecompressionException corrupt(String what) {
        return new DecompressionException(Kind.CORRUPT, Codec.BZIP2,
                "corrupt data in bzip2 stream " + streams + ", near byte " + ByteText.count(in.consumed()) + ": " + what);
    }
}
