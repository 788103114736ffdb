package dev.quiver.decompress;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The compressed bytes of a bzip2 file from where its stream's walk is up to as far as they have been
 * read ahead, in 64 KiB chunks that never change once read, so that other threads can decode blocks ahead
 * of the walk from {@linkplain #from copies of the list} while the walk reads on. As an
 * {@link InputStream} it is the walk's own view: reading advances the walk, reading more of the input when
 * nothing is left ahead; {@link #seek} moves it on to where a block decoded ahead ends. The chunks are
 * always one contiguous stretch of the file; those wholly before the walk go at {@link #forget}.
 *
 * <p>Used by the walk's thread alone; the copies {@link #from} makes may be read by any one thread.
 */
final class Bzip2Window extends BulkInputStream {
    static final int CHUNK = 64 * 1024;

    /** Bytes {@code [start, start + length)} of the file, in {@code bytes[0, length)}; never changed. */
    record Chunk(long start, byte[] bytes, int length) {
        long end() {
            return start + length;
        }
    }

    private final CompressedInput input;
    private final List<Chunk> chunks = new ArrayList<>();
    /** The offset after the last byte read from the input. */
    private long end;
    /** The offset of the walk's next byte. */
    private long cursor;
    private boolean ended;

    Bzip2Window(CompressedInput input) {
        this.input = Objects.requireNonNull(input, "input");
    }

    /** The offset just past the bytes read from the input so far. */
    long end() {
        return end;
    }

    /** Whether the input has ended: {@link #end()} is its length. */
    boolean ended() {
        return ended;
    }

    /** Reads the next chunk of the input and keeps it; null at the end of the input. */
    Chunk readAhead() throws IOException {
        if (ended) {
            return null;
        }
        byte[] bytes = new byte[CHUNK];
        int n = input.read(bytes, 0, CHUNK);
        if (n < 0) {
            ended = true;
            return null;
        }
        Chunk c = new Chunk(end, bytes, n);
        chunks.add(c);
        end += n;
        return c;
    }

    /** Drops the chunks that end at or before {@code offset}, which the walk has passed for good. */
    void forget(long offset) {
        int k = 0;
        while (k < chunks.size() && chunks.get(k).end() <= offset) {
            k++;
        }
        chunks.subList(0, k).clear();
    }

    /** Moves the walk to {@code offset}, within what is kept or at its end. */
    void seek(long offset) {
        if (offset > end || !chunks.isEmpty() && offset < chunks.getFirst().start() || chunks.isEmpty() && offset != end) {
            throw new IllegalStateException("offset " + offset + " is not kept: the window holds bytes "
                    + (chunks.isEmpty() ? end : chunks.getFirst().start()) + " to " + end);
        }
        cursor = offset;
    }

    /** The kept bytes from {@code offset} to {@link #end()} as a stream of their own, for another thread. */
    InputStream from(long offset) {
        List<Chunk> kept = chunks.subList(chunkAt(offset), chunks.size());
        var parts = new ArrayList<InputStream>(kept.size());
        for (Chunk c : kept) {
            int skip = (int) Math.max(0, offset - c.start());
            parts.add(new ByteArrayInputStream(c.bytes(), skip, c.length() - skip));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    @Override
    protected int readSome(byte[] b, int off, int len) throws IOException {
        if (cursor == end && readAhead() == null) {
            return -1;
        }
        Chunk c = chunks.get(chunkAt(cursor));
        int from = (int) (cursor - c.start());
        int n = Math.min(len, c.length() - from);
        System.arraycopy(c.bytes(), from, b, off, n);
        cursor += n;
        return n;
    }

    /** The index of the chunk holding byte {@code offset}. */
    private int chunkAt(long offset) {
        for (int k = chunks.size() - 1; k >= 0; k--) {
            if (chunks.get(k).start() <= offset) {
                return k;
            }
        }
        throw new IllegalStateException("byte " + offset + " is no longer kept");
    }
}
