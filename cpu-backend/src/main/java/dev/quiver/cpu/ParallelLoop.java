package dev.quiver.cpu;

import dev.quiver.kernel.Reduction;
import dev.quiver.spi.RangeBody;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits an index range into fixed-size chunks and runs them on up to N threads: the calling thread
 * plus N-1 workers of a shared {@link ForkJoinPool}, each taking the next chunk from a counter until
 * none is left (so a slow core simply takes fewer chunks). Chunk boundaries depend only on the length
 * and the grain, never on the thread count, so reductions give the same bits however many threads run.
 */
public final class ParallelLoop {
    private static final Map<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();
    private static final AtomicInteger WORKER_NUMBER = new AtomicInteger();

    /** Calls below this many chunks run on the caller alone: waking a worker costs more than it saves. */
    static final long MIN_PARALLEL_CHUNKS = 4;

    private ParallelLoop() {
    }

    /** A reduction over one chunk. */
    @FunctionalInterface
    public interface ChunkReduction {
        double reduce(long from, long to);
    }

    /** Whether {@link #run} would use more than the calling thread. */
    public static boolean splits(long length, long grain, int threads) {
        return threads > 1 && chunks(length, grain) >= MIN_PARALLEL_CHUNKS;
    }

    /** Runs {@code body} over {@code [0, length)} in chunks of {@code grain}; rethrows the first failure. */
    public static void run(long length, long grain, int threads, RangeBody body) {
        long chunks = chunks(length, grain);
        if (!splits(length, grain, threads)) {
            if (length > 0) {
                body.run(0, length);
            }
            return;
        }
        var next = new AtomicLong();
        Runnable work = () -> {
            for (long c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                long from = c * grain;
                body.run(from, Math.min(length, from + grain));
            }
        };
        inParallel(work, (int) Math.min(threads, chunks), threads, () -> next.set(chunks));
    }

    /** Reduces chunk by chunk, then combines the partial results in chunk order. */
    public static double reduce(long length, long grain, int threads, Reduction reduction, ChunkReduction body) {
        long chunks = chunks(length, grain);
        if (chunks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many chunks: " + chunks);
        }
        double[] partials = new double[(int) chunks];
        var next = new AtomicLong();
        Runnable work = () -> {
            for (long c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                long from = c * grain;
                partials[(int) c] = body.reduce(from, Math.min(length, from + grain));
            }
        };
        if (threads <= 1 || chunks < MIN_PARALLEL_CHUNKS) {
            work.run();
        } else {
            inParallel(work, (int) Math.min(threads, chunks), threads, () -> next.set(chunks));
        }
        double result = reduction.identity();
        for (double p : partials) {
            result = reduction.combine(result, p);
        }
        return result;
    }

    private static long chunks(long length, long grain) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be at least 1, got " + grain);
        }
        return (length + grain - 1) / grain;
    }

    /**
     * Runs {@code work} on the caller and {@code workers - 1} pool threads; on the first failure
     * {@code stop} makes the others give up, and that failure itself (not ForkJoin's reflective copy of
     * it) is rethrown, with any later ones suppressed.
     */
    private static void inParallel(Runnable work, int workers, int threads, Runnable stop) {
        var failure = new AtomicReference<Throwable>();
        Runnable guarded = () -> {
            try {
                work.run();
            } catch (Throwable t) {
                if (!failure.compareAndSet(null, t)) {
                    failure.get().addSuppressed(t);
                }
                stop.run();
            }
        };
        ForkJoinPool pool = pool(threads);
        var helpers = new ForkJoinTask<?>[workers - 1];
        for (int k = 0; k < helpers.length; k++) {
            helpers[k] = pool.submit(guarded);
        }
        guarded.run();
        for (ForkJoinTask<?> helper : helpers) {
            helper.join();
        }
        switch (failure.get()) {
            case null -> {
            }
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            case Throwable t -> throw new IllegalStateException(t);
        }
    }

    /** The pool for calls of up to {@code threads} threads: {@code threads - 1} workers help the caller. */
    private static ForkJoinPool pool(int threads) {
        return POOLS.computeIfAbsent(Math.max(1, threads - 1), n -> new ForkJoinPool(n, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("quiver-cpu-" + WORKER_NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false));
    }
}
