package dev.quiver.decompress;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that the decoders of items may borrow, beyond the one that reads each item's output, to decode
 * an item's parts ahead of it (bzip2's blocks): a count of permits, and one pool of daemon threads, for
 * the whole JVM, that runs the borrowed work. An item's own {@link #of budget} is {@link Options#threads()}
 * less one; a batch's {@link #forBatch budget} is shared by its items, and is the cores the batch's threads
 * leave idle: none while items are still waiting for a thread, one more as each item finishes once fewer
 * items are left than threads and cores. Thread-safe.
 */
final class SpareThreads {
    /** No threads to lend, ever. */
    static final SpareThreads NONE = new SpareThreads(0);

    private static final ThreadPoolExecutor POOL = pool();

    private final AtomicInteger permits;

    private SpareThreads(int permits) {
        this.permits = new AtomicInteger(permits);
    }

    /** A budget of {@code threads} permits for one item; {@link #NONE} for none. */
    static SpareThreads of(int threads) {
        return threads <= 0 ? NONE : new SpareThreads(threads);
    }

    /**
     * The budget of a batch of {@code items} items run on {@code threads} threads, each item to call
     * {@link #finished()} as it ends: a permit for each core that no item's thread is using. A batch may run
     * more threads than there are cores ({@code ParallelMap.io()} runs 256), and lending their idle threads
     * would only add decoders of 14 MB each that wait for a core. (An item that a
     * {@link dev.quiver.tasks.Retry} runs again calls it once per attempt, which may lend one thread too many
     * while it runs again.)
     */
    static SpareThreads forBatch(int threads, int items) {
        return forBatch(threads, items, Runtime.getRuntime().availableProcessors());
    }

    static SpareThreads forBatch(int threads, int items, int cores) {
        return new SpareThreads(Math.min(threads, cores) - items);
    }

    /** Whether this budget never has a permit to give. */
    boolean none() {
        return this == NONE;
    }

    /** Takes a permit, if there is one. */
    boolean tryTake() {
        for (int p = permits.get(); p > 0; p = permits.get()) {
            if (permits.compareAndSet(p, p - 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives back {@code n} permits taken with {@link #tryTake()}. */
    void giveBack(int n) {
        if (n > 0) {
            permits.addAndGet(n);
        }
    }

    /** A batch's item is done: its thread is spare now, unless another item takes it. */
    void finished() {
        if (this != NONE) {
            permits.incrementAndGet();
        }
    }

    /** The permits free now; negative while a batch has more items left than threads. */
    int available() {
        return permits.get();
    }

    /** Runs {@code work} on a pool thread, which a permit taken from some budget pays for. */
    static void run(Runnable work) {
        POOL.execute(work);
    }

    private static ThreadPoolExecutor pool() {
        AtomicInteger count = new AtomicInteger();
        // as many threads as the permits out, made as needed; idle ones end after 30 s, with the 14 MB of a bzip2 decoder each keeps
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "quiver-decode-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
