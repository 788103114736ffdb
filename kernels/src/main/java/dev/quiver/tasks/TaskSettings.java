package dev.quiver.tasks;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How a {@link dev.quiver.ParallelMap} runs batches of plain Java functions: where (a {@link TaskPool}
 * for CPU-bound items, or one virtual thread per concurrent item for I/O-bound ones), and what to do
 * about failures, slow items and progress. Immutable; each {@code with} returns a copy.
 *
 * @param pool the pool for CPU-bound items; ignored when {@code io}
 * @param io whether items run on virtual threads
 * @param failFast whether the first failure cancels the rest
 * @param timeout the most one attempt at one item may take, or {@code null} for no limit
 * @param retry when to call again for a failed item, or {@code null} never
 * @param progress called as items finish (at most every 100 ms, and once at the end), or {@code null}
 * @param clock the time source of progress and retry pauses
 */
public record TaskSettings(TaskPool pool, boolean io, boolean failFast, Duration timeout, Retry retry,
        Consumer<Progress> progress, TaskClock clock) {

    /** CPU-bound items on the shared pool; every item runs whatever the others do; no timeout, retry or progress. */
    public static TaskSettings defaults() {
        return new TaskSettings(TaskPool.shared(), false, false, null, null, null, TaskClock.system());
    }

    public TaskSettings withPool(TaskPool pool) {
        if (pool == null) {
            throw new IllegalArgumentException("pool is null");
        }
        return new TaskSettings(pool, false, failFast, timeout, retry, progress, clock);
    }

    public TaskSettings withIo() {
        return new TaskSettings(pool, true, failFast, timeout, retry, progress, clock);
    }

    public TaskSettings withFailFast() {
        return new TaskSettings(pool, io, true, timeout, retry, progress, clock);
    }

    public TaskSettings withTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return new TaskSettings(pool, io, failFast, timeout, retry, progress, clock);
    }

    public TaskSettings withRetry(Retry retry) {
        if (retry == null) {
            throw new IllegalArgumentException("retry is null");
        }
        return new TaskSettings(pool, io, failFast, timeout, retry, progress, clock);
    }

    public TaskSettings withProgress(Consumer<Progress> progress) {
        if (progress == null) {
            throw new IllegalArgumentException("progress listener is null");
        }
        return new TaskSettings(pool, io, failFast, timeout, retry, progress, clock);
    }

    public TaskSettings withClock(TaskClock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("clock is null");
        }
        return new TaskSettings(pool, io, failFast, timeout, retry, progress, clock);
    }
}
