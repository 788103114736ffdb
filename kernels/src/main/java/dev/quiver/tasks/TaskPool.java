package dev.quiver.tasks;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A work-stealing pool of platform threads for CPU-bound items. Batches share one pool sized to the
 * cores ({@link #shared()}), whose idle threads end after 30 seconds; a pool made with {@link #create}
 * is the caller's to {@linkplain #close() close}, after which its threads are gone.
 */
public final class TaskPool implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final class Shared {
        static final TaskPool POOL = new TaskPool(Runtime.getRuntime().availableProcessors(), "quiver-task-");
    }

    private final ForkJoinPool pool;
    private final String threadPrefix;

    private TaskPool(int threads, String threadPrefix) {
        this.threadPrefix = threadPrefix;
        AtomicInteger count = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName(threadPrefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = new ForkJoinPool(threads, factory, null, false, 0, threads, 1, null, 30, TimeUnit.SECONDS);
    }

    /** The pool batches use unless told otherwise: one thread per core, daemon threads. */
    public static TaskPool shared() {
        return Shared.POOL;
    }

    /**
     * A pool of its own with {@code threads} threads, named {@code quiver-pool-N-…}.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static TaskPool create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new TaskPool(threads, "quiver-pool-" + POOLS.incrementAndGet() + "-");
    }

    /** The number of threads. */
    public int threads() {
        return pool.getParallelism();
    }

    /** The prefix of this pool's thread names. */
    public String threadPrefix() {
        return threadPrefix;
    }

    void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the task pool " + threadPrefix + "* is closed", e);
        }
    }

    /**
     * Stops the pool, waiting for running items to finish; its threads are gone when this returns.
     * Closing {@link #shared()} is refused.
     */
    @Override
    public void close() {
        if (this == Shared.POOL) {
            throw new UnsupportedOperationException("the shared task pool lives as long as the JVM");
        }
        pool.close();
    }
}
