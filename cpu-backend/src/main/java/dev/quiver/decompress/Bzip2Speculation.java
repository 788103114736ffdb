package dev.quiver.decompress;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Decodes the blocks of a bzip2 file ahead of its stream's walk, on threads borrowed from a
 * {@link SpareThreads} budget, as lbzip2 does. The walk ({@link Bzip2Stream}) still reads every stream
 * header, block header, stored CRC and end of stream itself; here the input is read ahead of it
 * ({@link Bzip2Window}), searched for the block magic at every bit offset ({@link Bzip2BlockFinder}), and
 * each candidate is decoded as if a block started there, down to its output and the output's CRC, so that
 * the walk has little more to do than copy it out. The walk {@linkplain #take takes} a result only for the
 * very bit offset at which it reads a block's header itself, and only a block that decoded without fault
 * within the walk's stream's block size: the same bytes the walk would have decoded, and nothing else. A
 * candidate that was no block (the magic by chance inside compressed data, or in damaged data) is never
 * reached, and its result is dropped; a block not decoded ahead, or that failed to decode (damage, or
 * bytes not yet read ahead), the walk decodes itself, so every failure is reported as it would be without
 * this. Where the walk reaches a block a helper is still on, it decodes the next waiting one itself
 * rather than wait.
 *
 * <p>Memory is bounded: at most {@value #AHEAD_PER_THREAD} blocks ahead per thread (the walk's and each
 * helper's), each an array of {@value #OUTPUT} bytes (a block whose output is larger, long runs of a byte,
 * is left as a 900 kB array of its bytes before the run-length decoding, for the walk to finish), and at
 * most 1 MiB of input read ahead per such block; each helper thread keeps a block decoder of 13.5 MB.
 * {@link #close()} drops what was decoded ahead and stops the helpers after the block each is on; each
 * gives its permit back as it ends.
 *
 * <p>{@link #plan}, {@link #take}, {@link #recycle} and {@link #close} are the walk's, called from one
 * thread at a time; the helpers share the rest under this object's lock.
 */
final class Bzip2Speculation {
    /** The largest block of any stream: {@code bzip2 -9}'s. */
    static final int MAX_BLOCK = 900_000;
    private static final int AHEAD_PER_THREAD = 2;
    /** The most helpers one stream takes: twice the cores, past which more threads only add memory. */
    private static final int MAX_HELPERS = 2 * Runtime.getRuntime().availableProcessors();
    /** Input read ahead per block ahead: more than any block of real data takes, compressed. */
    private static final long BYTES_PER_BLOCK = 1 << 20;
    /** The block header the walk reads itself before a block's data: the magic and the block's CRC. */
    static final int HEADER_BITS = 48 + 32;
    /** The most output of a block decoded ahead: twice the largest block, more than text ever needs. */
    static final int OUTPUT = 2 * MAX_BLOCK;

    /**
     * A block decoded ahead, whose bits end before bit {@code end}: its output in {@code bytes[0, length)}
     * and the output's CRC, if {@code undone}; else its bytes before the first run-length coding is undone
     * (an output larger than {@link #OUTPUT}).
     */
    record Decoded(byte[] bytes, int length, long end, boolean undone, int crc) {
    }

    private enum State { QUEUED, RUNNING, DONE }

    /** A candidate block, from the bit offset of its magic. */
    private static final class Task {
        final long start;
        /** The input from the block's data on, as far as it was read ahead when the task was made. */
        final InputStream data;
        /** The walk's stream's block size when the task was made. */
        final int maxLength;
        State state = State.QUEUED;
        /** Set once the walk no longer wants it: its output goes back to the pool as soon as it is done. */
        boolean dropped;
        /** The result when done; null if the decoding failed. */
        Decoded result;
        /** The block's length before its runs were undone, to check against the walk's stream's block size. */
        int blockLength;

        Task(long start, InputStream data, int maxLength) {
            this.start = start;
            this.data = data;
            this.maxLength = maxLength;
        }
    }

    private final Bzip2Window window;
    private final SpareThreads spare;

    // the walk's alone
    private final Bzip2BlockFinder finder = new Bzip2BlockFinder();
    /** Block magics found and not yet made tasks, in order. */
    private final ArrayDeque<Long> found = new ArrayDeque<>();
    /** The latest magic of either kind found: a block magic before it has all its bytes read, unless damaged. */
    private long lastMagic = -1;

    // under this object's lock
    private final TreeMap<Long, Task> tasks = new TreeMap<>();
    private final ArrayDeque<Task> queued = new ArrayDeque<>();
    /** Arrays to reuse: of {@link #OUTPUT} bytes for outputs, of {@code MAX_BLOCK + 8} for blocks before their runs are undone. */
    private final ArrayDeque<byte[]> freeOutputs = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeBlocks = new ArrayDeque<>();
    /** Permits taken from {@link #spare}: the most helpers running at once. */
    private int helpers;
    /** Helpers running. */
    private int running;
    private boolean closed;
    private int taken;
    private int wasted;

    /** Decodes ahead in {@code window}, the input of the walk, on threads from {@code spare}. */
    Bzip2Speculation(Bzip2Window window, SpareThreads spare) {
        this.window = Objects.requireNonNull(window, "window");
        this.spare = Objects.requireNonNull(spare, "spare");
    }

    /**
     * The walk is at the block whose magic starts at bit {@code start}, in a stream of blocks of up to
     * {@code maxBlock} bytes: takes what spare threads there are, reads ahead and sets the blocks after
     * this one to be decoded, as far as the limits allow; forgets the input before it. A failure to read
     * the input is thrown, as reading it would.
     */
    void plan(long start, int maxBlock) throws IOException {
        window.forget(start >>> 3);
        int ahead;
        synchronized (this) {
            while (helpers < MAX_HELPERS && spare.tryTake()) {
                helpers++;
            }
            if (helpers == 0) {
                return;
            }
            // candidates the walk went past were no blocks
            var passed = tasks.headMap(start, false);
            passed.values().forEach(this::drop);
            passed.clear();
            ahead = AHEAD_PER_THREAD * (helpers + 1);
        }
        while (!found.isEmpty() && found.peekFirst() <= start) {
            found.pollFirst();
        }
        while (true) {
            submit(maxBlock, ahead);
            if (pending() >= ahead || window.ended() || window.end() - (start >>> 3) >= ahead * BYTES_PER_BLOCK) {
                break;
            }
            scan(window.readAhead());
        }
        launch();
    }

    /**
     * The block whose magic starts at bit {@code start}, if it was decoded ahead, without fault and within
     * {@code maxBlock} bytes; waits for it if a helper is on it, decoding other blocks with {@code own} in
     * the meantime. Null: the walk decodes it itself. The result's bytes go back with {@link #recycle}.
     */
    Decoded take(long start, int maxBlock, Bzip2Block own) {
        while (true) {
            Task next;
            synchronized (this) {
                Task t = tasks.get(start);
                if (t == null) {
                    return null;
                }
                if (t.state == State.DONE || t.state == State.QUEUED) {
                    tasks.remove(start);
                    if (t.state == State.DONE && t.result != null && t.blockLength <= maxBlock) {
                        taken++;
                        return t.result;
                    }
                    drop(t);
                    return null;
                }
                next = queued.pollFirst();
                if (next == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // not ours to handle: leave the flag for the caller, and decode the block here
                        Thread.currentThread().interrupt();
                        tasks.remove(start);
                        drop(t);
                        return null;
                    }
                    continue;
                }
                next.state = State.RUNNING;
            }
            decode(next, own);
        }
    }

    /** Gives back the bytes of a block {@link #take} returned, once the walk is done with them. */
    synchronized void recycle(Decoded block) {
        if (!closed) {
            (block.undone() ? freeOutputs : freeBlocks).push(block.bytes());
        }
    }

    /**
     * Drops everything decoded ahead and stops the helpers after the block each is on; gives back the
     * permits of those not running now (the others give theirs back as they end). Idempotent.
     */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        tasks.values().forEach(this::drop);
        tasks.clear();
        queued.clear();
        freeOutputs.clear();
        freeBlocks.clear();
        spare.giveBack(helpers - running);
        helpers = running;
        notifyAll();
    }

    /** How many blocks {@link #take} has given the walk, for tests. */
    synchronized int taken() {
        return taken;
    }

    /** How many candidates decoded without fault were dropped, not taken (no blocks, or past a failure), for tests. */
    synchronized int wasted() {
        return wasted;
    }

    private void scan(Bzip2Window.Chunk chunk) {
        if (chunk == null) {
            return;
        }
        if (finder.next() != chunk.start()) {
            // the walk read on past what was searched (before there were helpers): start afresh here
            finder.restart(chunk.start());
            found.clear();
            lastMagic = -1;
        }
        finder.feed(chunk.bytes(), 0, chunk.length(), (bit, block) -> {
            if (block) {
                found.add(bit);
            }
            lastMagic = bit;
        });
    }

    /** Makes tasks of the candidates whose bytes are read ahead, up to {@code ahead} tasks in all. */
    private void submit(int maxBlock, int ahead) {
        while (!found.isEmpty() && (found.peekFirst() < lastMagic || window.ended()) && pending() < ahead) {
            long start = found.pollFirst();
            var task = new Task(start, window.from((start + HEADER_BITS) >>> 3), maxBlock);
            synchronized (this) {
                tasks.put(start, task);
                queued.add(task);
            }
        }
    }

    private synchronized int pending() {
        return tasks.size();
    }

    private synchronized void launch() {
        while (running < helpers && running < queued.size()) {
            running++;
            try {
                SpareThreads.run(this::drain);
            } catch (RuntimeException | OutOfMemoryError e) {
                // no thread to be had now (the JVM's limit): the walk decodes what it finds waiting
                running--;
                return;
            }
        }
    }

    /** A helper: decodes waiting tasks until there are none. */
    private void drain() {
        Bzip2Block decoder = null;
        try {
            for (Task t; (t = next()) != null; ) {
                decoder = decode(t, decoder);
            }
        } finally {
            if (decoder != null) {
                decoder.giveBack();
            }
        }
    }

    /** The next task for a helper, now running; null, and the helper counted out, if there is none. */
    private synchronized Task next() {
        Task t = closed ? null : queued.pollFirst();
        if (t == null) {
            running--;
            if (closed) {
                helpers--;
                spare.giveBack(1);
            }
            return null;
        }
        t.state = State.RUNNING;
        return t;
    }

    /**
     * Decodes {@code t} with {@code decoder} (null: one of the largest size, this thread's spare one if it
     * has one) and returns the decoder. Never throws: a candidate that does not decode, for whatever
     * reason, is left to the walk, which reports the failure if the walk reaches it.
     */
    private Bzip2Block decode(Task t, Bzip2Block decoder) {
        Decoded result = null;
        int length = 0;
        try {
            if (decoder == null) {
                decoder = Bzip2Block.take(MAX_BLOCK);
            }
            Bzip2Bits in = Bzip2Bits.at(t.data, t.start + HEADER_BITS);
            // a smaller block size than the stream's only fails blocks the walk then decodes itself
            length = decoder.decode(in, Math.min(t.maxLength, decoder.capacity()));
            result = undo(decoder, length, in.position());
        } catch (Throwable e) {
            // not a block, or bytes not read ahead yet, or damage: the walk decodes it, if it is a block
            result = null;
        }
        finish(t, result, length);
        return decoder;
    }

    /** The output of the block {@code decoder} holds, with its CRC; or, if it is too large, the block's bytes. */
    private Decoded undo(Bzip2Block decoder, int length, long end) {
        byte[] output = fresh(freeOutputs, OUTPUT);
        var unrun = new Bzip2Unrun();
        unrun.start(decoder.output(), length);
        int n = 0;
        for (int k; n < output.length && (k = unrun.read(output, n, output.length - n)) > 0; ) {
            n += k;
        }
        if (!unrun.done()) {
            synchronized (this) {
                freeOutputs.push(output);
            }
            return new Decoded(decoder.swapOutput(fresh(freeBlocks, MAX_BLOCK + 8)), length, end, false, 0);
        }
        var crc = new Bzip2Crc();
        crc.update(output, 0, n);
        return new Decoded(output, n, end, true, crc.value());
    }

    private synchronized void finish(Task t, Decoded result, int blockLength) {
        t.state = State.DONE;
        t.result = result;
        t.blockLength = blockLength;
        if (t.dropped) {
            drop(t);
        }
        notifyAll();
    }

    /** No longer wanted: out of the queue, or its output back to the pool once it is done. */
    private void drop(Task t) {
        t.dropped = true;
        if (t.state == State.QUEUED) {
            queued.remove(t);
        } else if (t.state == State.DONE && t.result != null) {
            wasted++;
            if (!closed) {
                (t.result.undone() ? freeOutputs : freeBlocks).push(t.result.bytes());
            }
            t.result = null;
        }
    }

    /** An array from {@code pool}, or a new one of {@code size} bytes. */
    private byte[] fresh(ArrayDeque<byte[]> pool, int size) {
        byte[] b;
        synchronized (this) {
            b = pool.poll();
        }
        return b != null ? b : new byte[size];
    }
}
