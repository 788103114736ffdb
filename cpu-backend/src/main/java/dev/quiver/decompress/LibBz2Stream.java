package dev.quiver.decompress;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.quiver.decompress.DecompressionException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * bzip2 decoded by {@link LibBz2}: the output of every stream of a multi-stream file ({@code cat a.bz2
 * b.bz2}, and what pbzip2 writes), one after another, as {@code bzip2 -dc} writes it. libbz2 checks every
 * block's CRC and every stream's combined CRC, always. After a stream, the input must end or start another
 * stream ({@code BZh1} to {@code BZh9}); anything else is {@link Kind#TRAILING_DATA}, where {@code bzip2 -dc}
 * warns and ignores it.
 *
 * <p>Native memory: libbz2's decoder (about 3.7 MiB for a stream of 900 kB blocks) and two 64 KiB buffers,
 * freed at the end of the data, at the first failure, and by {@link #close()} (or, if the stream is
 * dropped unclosed, when it is collected). Not thread-safe, like any stream; it may be handed from one
 * thread to another.
 */
final class LibBz2Stream extends InputStream {
    private static final int BUFFER = 64 * 1024;
    private static final Cleaner CLEANER = Cleaner.create();

    private final LibBz2 lib;
    private final CompressedInput input;
    private final Native memory;
    private final Cleaner.Cleanable freeing;
    private final byte[] staging = new byte[BUFFER];
    /** The decoded bytes not yet handed on: {@code [outPos, outLim)} of {@link Native#out}. */
    private int outPos;
    private int outLim;
    private boolean inputEnded;
    /** Streams started so far; the current one while {@link Native#inStream}. */
    private int streams;
    private boolean done;
    private boolean closed;

    /** The native memory, apart from the stream so that a {@link Cleaner} can free it. */
    private static final class Native implements Runnable {
        final LibBz2 lib;
        final Arena arena = Arena.ofShared();
        final MemorySegment strm = arena.allocate(LibBz2.BZ_STREAM);
        final MemorySegment in = arena.allocate(BUFFER);
        final MemorySegment out = arena.allocate(BUFFER);
        /** Between {@code BZ2_bzDecompressInit} and {@code BZ2_bzDecompressEnd}: libbz2 holds memory. */
        boolean inStream;

        Native(LibBz2 lib) {
            this.lib = lib;
        }

        void endStream() {
            if (inStream) {
                inStream = false;
                lib.end(strm);
            }
        }

        @Override
        public void run() {
            try {
                endStream();
            } finally {
                arena.close();
            }
        }
    }

    LibBz2Stream(LibBz2 lib, CompressedInput input) {
        this.lib = Objects.requireNonNull(lib, "lib");
        this.input = Objects.requireNonNull(input, "input");
        this.memory = new Native(lib);
        this.freeing = CLEANER.register(this, memory);
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
        while (outPos == outLim) {
            if (done) {
                return -1;
            }
            decode();
        }
        int n = Math.min(len, outLim - outPos);
        MemorySegment.copy(memory.out, JAVA_BYTE, outPos, b, off, n);
        outPos += n;
        return n;
    }

    /** Whether the native memory is freed: at the end of the data, or by {@link #close()}. */
    boolean freed() {
        return !memory.arena.scope().isAlive();
    }

    /** Frees the native memory; closes the input (which leaves its source open). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            freeing.clean();
            input.close();
        }
    }

    /** Decodes into the empty output buffer as much as libbz2 gives in one call; at the end of the data, sets {@link #done}. */
    private void decode() throws IOException {
        MemorySegment strm = memory.strm;
        if (!memory.inStream && !startStream()) {
            done = true;
            freeing.clean();
            return;
        }
        if (strm.get(JAVA_INT, LibBz2.AVAIL_IN) == 0) {
            buffer(1);
        }
        int availIn = strm.get(JAVA_INT, LibBz2.AVAIL_IN);
        strm.set(ADDRESS, LibBz2.NEXT_OUT, memory.out);
        strm.set(JAVA_INT, LibBz2.AVAIL_OUT, BUFFER);
        int rc = lib.decompress(strm);
        outPos = 0;
        outLim = BUFFER - strm.get(JAVA_INT, LibBz2.AVAIL_OUT);
        switch (rc) {
            case LibBz2.BZ_OK -> {
                if (outLim == 0 && strm.get(JAVA_INT, LibBz2.AVAIL_IN) == availIn) {
                    // libbz2 stops only for want of input or of room for output, and there was room
                    if (availIn == 0 && inputEnded) {
                        throw new DecompressionException(Kind.TRUNCATED, Codec.BZIP2,
                                "truncated input: it ends inside a bzip2 stream, after " + ByteText.count(input.consumed()) + " bytes");
                    }
                    throw new IllegalStateException("libbz2 made no progress with " + availIn + " bytes of input");
                }
            }
            case LibBz2.BZ_STREAM_END -> memory.endStream();
            default -> throw failure(rc);
        }
    }

    /**
     * Starts the next stream: the first, whose magic number was checked before, or one that follows a stream.
     * False at the end of the input, after a stream.
     */
    private boolean startStream() throws IOException {
        if (streams > 0) {
            int n = buffer(4);
            if (n == 0) {
                return false;
            }
            byte[] head = memory.strm.get(ADDRESS, LibBz2.NEXT_IN).reinterpret(Math.min(n, 4)).toArray(JAVA_BYTE);
            switch (Magic.match(Codec.BZIP2, head, head.length)) {
                case YES -> {
                    // another stream
                }
                case PREFIX -> throw new DecompressionException(Kind.TRUNCATED, Codec.BZIP2, "truncated input: it ends inside the header of bzip2 stream "
                        + (streams + 1) + ", after " + ByteText.count(input.consumed()) + " bytes");
                case NO -> throw new DecompressionException(Kind.TRAILING_DATA, Codec.BZIP2,
                        "unexpected data after the last bzip2 stream: it is not another bzip2 stream (bzip2 -dc ignores it with a warning)");
            }
        }
        int rc = lib.init(memory.strm);
        if (rc == LibBz2.BZ_MEM_ERROR) {
            throw new OutOfMemoryError("libbz2 could not allocate a bzip2 decoder");
        }
        if (rc != LibBz2.BZ_OK) {
            throw new IllegalStateException("BZ2_bzDecompressInit returned " + rc);
        }
        memory.inStream = true;
        streams++;
        return true;
    }

    /**
     * Makes at least {@code want} bytes of input ready for libbz2 ({@code next_in}, {@code avail_in}), fewer
     * only at the end of the input; returns how many are.
     */
    private int buffer(int want) throws IOException {
        MemorySegment strm = memory.strm;
        int avail = strm.get(JAVA_INT, LibBz2.AVAIL_IN);
        if (avail >= want || inputEnded) {
            return avail;
        }
        if (avail > 0) {
            long at = strm.get(ADDRESS, LibBz2.NEXT_IN).address() - memory.in.address();
            MemorySegment.copy(memory.in, at, memory.in, 0, avail);
        }
        while (avail < want && !inputEnded) {
            int n = input.read(staging, 0, BUFFER - avail);
            if (n < 0) {
                inputEnded = true;
            } else {
                MemorySegment.copy(staging, 0, memory.in, JAVA_BYTE, avail, n);
                avail += n;
            }
        }
        strm.set(ADDRESS, LibBz2.NEXT_IN, memory.in);
        strm.set(JAVA_INT, LibBz2.AVAIL_IN, avail);
        return avail;
    }

    /** A failure of {@code BZ2_bzDecompress}, which leaves the decoder's state as it was when it failed. */
    private DecompressionException failure(int rc) {
        long at = input.consumed() - memory.strm.get(JAVA_INT, LibBz2.AVAIL_IN);
        String stream = "bzip2 stream " + streams;
        return switch (rc) {
            case LibBz2.BZ_DATA_ERROR -> switch (lib.decoderState(memory.strm)) {
                // failed while writing a block out: its CRC does not match (or, rarely, a run goes past the
                // block's end, which also makes the block other than its CRC says)
                case LibBz2.BZ_X_OUTPUT -> new DecompressionException(Kind.CHECKSUM, Codec.BZIP2,
                        "a block's CRC does not match its data, in " + stream + ": the data is corrupt");
                case LibBz2.BZ_X_IDLE -> new DecompressionException(Kind.CHECKSUM, Codec.BZIP2,
                        "the combined CRC of " + stream + " does not match its blocks' CRCs: the data is corrupt");
                default -> new DecompressionException(Kind.CORRUPT, Codec.BZIP2, "corrupt data in " + stream + ", near byte " + ByteText.count(at) + " (libbz2: BZ_DATA_ERROR)");
            };
            case LibBz2.BZ_DATA_ERROR_MAGIC -> new DecompressionException(Kind.CORRUPT, Codec.BZIP2,
                    "bzip2 stream " + streams + " does not start with a valid header: BZh and a block size from 1 to 9");
            case LibBz2.BZ_MEM_ERROR -> throw new OutOfMemoryError("libbz2 could not allocate a bzip2 decoder's blocks");
            default -> throw new IllegalStateException("BZ2_bzDecompress returned " + rc);
        };
    }
}
