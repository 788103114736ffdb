package dev.quiver.decompress;

import dev.quiver.decompress.DecompressionException.Kind;
import java.io.IOException;
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
final class Bzip2Stream extends BulkInputStream implements DecodingStream.Positioned {
    private static final long BLOCK_MAGIC = Bzip2BlockFinder.BLOCK_MAGIC;
    private static final long END_MAGIC = Bzip2BlockFinder.END_MAGIC;

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

    private boolean inBlock;
    /** The current block's output, from its bytes before the run-length decoding. */
    private final Bzip2Unrun unrun = new Bzip2Unrun();
    /** The current block when it came from {@link #ahead}, to give back after it; null for one decoded here. */
    private Bzip2Speculation.Decoded borrowed;
    /** How much of {@link #borrowed}'s output was handed on, when it came with the run-length decoding undone. */
    private int copied;

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
    protected int readSome(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the bzip2 stream is closed");
        }
        while (!done) {
            if (inBlock) {
                int n;
                if (borrowed != null && borrowed.undone()) {
                    n = Math.min(len, borrowed.length() - copied);
                    System.arraycopy(borrowed.bytes(), copied, b, off, n);
                    copied += n;
                } else {
                    n = unrun.read(b, off, len);
                    blockCrc.update(b, off, n);
                }
                if (n > 0) {
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
        unrun.clear();
        borrowed = null;
        if (ahead != null) {
            ahead.close();
            window.forget(Long.MAX_VALUE);
        }
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
            long start = in.position() - Bzip2Speculation.HEADER_BITS;
            ahead.plan(start, maxBlock);
            decoded = ahead.take(start, maxBlock, block);
        }
        blockCrc.reset();
        if (decoded != null) {
            // the very bytes decoding here would give: go on after the block as if it had
            window.seek(decoded.end() >>> 3);
            in.restart(decoded.end());
            borrowed = decoded;
            copied = 0;
            if (!decoded.undone()) {
                unrun.start(decoded.bytes(), decoded.length());
            }
        } else {
            int length;
            try {
                length = block.decode(in, maxBlock);
            } catch (Bzip2Block.Malformed e) {
                if (e.truncated) {
                    throw truncated();
                }
                throw corrupt(e.getMessage());
            }
            unrun.start(block.output(), length);
        }
        inBlock = true;
    }

    private void endBlock() throws DecompressionException {
        inBlock = false;
        int crc = blockCrc.value();
        if (borrowed != null) {
            if (borrowed.undone()) {
                crc = borrowed.crc();
            }
            ahead.recycle(borrowed);
            borrowed = null;
        }
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
