package dev.quiver.tasks;

import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One running batch: a function applied to every item of a list by a few runner threads that claim
 * items from a shared counter, so each item is run exactly once (more only by an explicit
 * {@link Retry}). A handle to {@link #join()} or {@link #cancel()} it; thread-safe.
 *
 * <p>Runners claim chunks that shrink as the batch nears its end (guided self-scheduling): long chunks
 * keep the cost per item of trivial functions near a plain loop's, single items at the end keep every
 * core busy until the last one. A runner on the calling thread is what makes nested batches safe: a
 * task that runs a batch of its own on a busy pool still makes progress on its own thread.
 *
 * @param <T> the item type
 * @param <R> the value type
 */
public final class Batch<T, R> {
    private static final byte PENDING = 0;
    private static final byte SUCCEEDED = 1;
    private static final byte FAILED = 2;
    private static final byte SKIPPED = 3;
    private static final int MAX_CHUNK = 1024;
    private static final long PROGRESS_INTERVAL = 100_000_000L;

    private final Object[] items;
    private final int n;
    private final Function<? super T, ? extends R> function;
    private final TaskSettings settings;
    private final int runners;
    private final Object[] values;
    private final byte[] states;
    /** Attempts per item, kept only when a retry makes them vary (else 1 for a success). */
    private final int[] attempts;
    /** The failures, by index: few, so kept apart from the values. */
    private final Map<Integer, Result.Failure<T, R>> failures = new ConcurrentHashMap<>();
    private final String[] keys;
    private final Journal journal;
    private final BlockingQueue<Integer> completions;
    /** No journal, timeout, retry, progress listener or result queue: items take the short path. */
    private final boolean plain;

    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Set<Runner> active = ConcurrentHashMap.newKeySet();
    private volatile String cancelReason;

    private final long start;
    private final AtomicInteger doneCount = new AtomicInteger();
    private final AtomicInteger failedCount = new AtomicInteger();
    private final AtomicInteger skippedCount = new AtomicInteger();
    private final ReentrantLock progressLock = new ReentrantLock();
    private long lastProgress;

    private Batch(List<? extends T> items, Function<? super T, ? extends R> function, TaskSettings settings, int threads,
            Checkpoint<? super T> checkpoint, boolean unordered) {
        this.items = items.toArray();
        this.n = this.items.length;
        this.function = function;
        this.settings = settings;
        this.runners = Math.max(1, Math.min(threads, n));
        this.values = new Object[n];
        this.states = new byte[n];
        this.attempts = settings.retry() == null ? null : new int[n];
        this.completions = unordered ? new LinkedBlockingQueue<>() : null;
        this.keys = checkpoint == null ? null : keys(this.items, checkpoint);
        this.journal = checkpoint == null ? null : Journal.open(checkpoint.file());
        this.plain = checkpoint == null && !unordered && settings.timeout() == null && settings.retry() == null && settings.progress() == null;
        this.start = settings.clock().nanoTime();
        this.lastProgress = start;
        if (n == 0) {
            complete();
        }
    }

    /**
     * Starts a batch. With {@code callerRuns}, one runner is left for the caller to be, by
     * {@link #runHere()}; otherwise every runner is started now and this returns at once.
     *
     * @param threads the most items running at once
     * @param checkpoint the journal of completed items, or {@code null}
     * @param unordered whether to queue results for {@link #asCompleted()}
     * @throws IllegalArgumentException for a null list or function, or {@code threads < 1}
     */
    public static <T, R> Batch<T, R> start(List<? extends T> items, Function<? super T, ? extends R> function, TaskSettings settings,
            int threads, Checkpoint<? super T> checkpoint, boolean unordered, boolean callerRuns) {
        if (items == null) {
            throw new IllegalArgumentException("the list of items is null");
        }
        if (function == null) {
            throw new IllegalArgumentException("the function is null");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Batch<T, R> batch = new Batch<>(items, function, settings, threads, checkpoint, unordered);
        int others = callerRuns ? batch.runners - 1 : batch.runners;
        for (int r = 0; r < others && batch.n > 0; r++) {
            batch.launch();
        }
        return batch;
    }

    private static <T> String[] keys(Object[] items, Checkpoint<? super T> checkpoint) {
        String[] keys = new String[items.length];
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.length; i++) {
            @SuppressWarnings("unchecked")
            String key = checkpoint.key().apply((T) items[i]);
            if (key == null || key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("the checkpoint key of item " + i + " (" + items[i] + ") must be a line of text, got "
                        + (key == null ? "null" : "'" + key.replace("\n", "\\n").replace("\r", "\\r") + "'"));
            }
            Integer earlier = seen.putIfAbsent(key, i);
            if (earlier != null) {
                throw new IllegalArgumentException("items " + earlier + " and " + i + " have the same checkpoint key '" + key + "'");
            }
            keys[i] = key;
        }
        return keys;
    }

    private void launch() {
        if (settings.io()) {
            Thread.ofVirtual().name("quiver-io").start(this::runHere);
        } else {
            settings.pool().execute(this::runHere);
        }
    }

    /** Runs items on the calling thread until none are left to claim. */
    public void runHere() {
        Runner me = new Runner(Thread.currentThread());
        active.add(me);
        try {
            for (long chunk; (chunk = claim()) >= 0;) {
                int from = (int) (chunk >>> 32);
                int to = (int) chunk;
                for (int i = from; i < to; i++) {
                    if (cancelReason != null) {
                        fail(i, new CancellationException(cancelReason), 0);
                    } else {
                        run(i, me);
                    }
                }
                finish(to - from);
            }
        } finally {
            active.remove(me);
            me.exit();
        }
    }

    /** The next chunk as {@code from << 32 | to}, or -1 when every item is claimed or the batch is cancelled. */
    private long claim() {
        while (true) {
            int from = next.get();
            if (from >= n || cancelReason != null) {
                return -1;
            }
            int size = settings.io() ? 1 : Math.max(1, Math.min(MAX_CHUNK, (n - from) / (4 * runners)));
            int to = from + size;
            if (next.compareAndSet(from, to)) {
                return (long) from << 32 | to;
            }
        }
    }

    /**
     * The common case kept small enough for C2 to inline into the chunk loop: no journal, timeout,
     * retry or listener to consult. Anything but a plain success goes the general way.
     */
    @SuppressWarnings("unchecked")
    private void run(int i, Runner me) {
        if (!plain) {
            runInFull(i, me);
            return;
        }
        me.begin(null);
        R value;
        try {
            value = function.apply((T) items[i]);
        } catch (Throwable t) {
            me.end();
            failed(i, t, 1, me);
            return;
        }
        me.end();
        if (me.interruptedByOthers()) {
            cancel("cancelled: the thread running item " + i + " was interrupted");
            Thread.currentThread().interrupt();
        }
        values[i] = value;
        states[i] = SUCCEEDED;
    }

    @SuppressWarnings("unchecked")
    private void runInFull(int i, Runner me) {
        T item = (T) items[i];
        if (journal != null && journal.contains(keys[i])) {
            states[i] = SKIPPED;
            skippedCount.incrementAndGet();
            itemDone(i);
            return;
        }
        Duration timeout = settings.timeout();
        Retry retry = settings.retry();
        for (int attempt = 1;; attempt++) {
            Throwable error = null;
            R value = null;
            me.begin(timeout);
            try {
                value = function.apply(item);
            } catch (Throwable t) {
                error = t;
            }
            boolean timedOut = me.end();
            if (me.interruptedByOthers()) {
                // someone else's interrupt, such as the caller's owner cancelling the call: stop the batch
                cancel("cancelled: the thread running item " + i + " was interrupted");
                Thread.currentThread().interrupt();
            }
            if (timedOut) {
                error = new TimeoutException("item " + i + " (" + item + ") ran past its timeout of " + timeout.toMillis() + " ms on attempt " + attempt);
            }
            if (error == null && journal != null) {
                try {
                    journal.record(keys[i]);
                } catch (UncheckedIOException e) {
                    error = e;
                }
            }
            if (error == null) {
                values[i] = value;
                if (attempts != null) {
                    attempts[i] = attempt;
                }
                states[i] = SUCCEEDED;
                itemDone(i);
                return;
            }
            if (cancelReason == null && retry != null && retry.allowsAnother(attempt, error) && pause(me, retry.pauseAfter(attempt, ThreadLocalRandom.current().nextDouble()))) {
                continue;
            }
            failed(i, error, attempt, me);
            return;
        }
    }

    /** Records item {@code i}'s failure (as a cancellation if the batch was cancelled meanwhile); fails fast if asked. */
    private void failed(int i, Throwable error, int attempt, Runner me) {
        if (me.interruptedByOthers() && cancelReason == null) {
            cancel("cancelled: the thread running item " + i + " was interrupted");
            Thread.currentThread().interrupt();
        }
        if (cancelReason != null && !(error instanceof TimeoutException)) {
            CancellationException cancelled = new CancellationException(cancelReason);
            cancelled.initCause(error);
            error = cancelled;
        }
        fail(i, error, attempt);
        if (settings.failFast() && !(error instanceof CancellationException)) {
            cancel("cancelled: item " + i + " (" + items[i] + ") failed first");
        }
    }

    /** Sleeps before a retry; false if the batch was cancelled meanwhile. */
    private boolean pause(Runner me, Duration pause) {
        me.begin(null);
        try {
            settings.clock().sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // for end() to tell whose interrupt it was
        } finally {
            me.end();
        }
        if (me.interruptedByOthers()) {
            cancel("cancelled: a thread pausing before a retry was interrupted");
            Thread.currentThread().interrupt();
        }
        return cancelReason == null;
    }

    @SuppressWarnings("unchecked")
    private void fail(int i, Throwable error, int attempt) {
        failures.put(i, new Result.Failure<>(i, (T) items[i], error, attempt));
        states[i] = FAILED;
        failedCount.incrementAndGet();
        itemDone(i);
    }

    private void itemDone(int i) {
        if (completions != null) {
            completions.add(i);
        }
        if (settings.progress() != null) {
            doneCount.incrementAndGet();
            long now = settings.clock().nanoTime();
            if (now - lastProgress >= PROGRESS_INTERVAL && progressLock.tryLock()) {
                try {
                    if (now - lastProgress >= PROGRESS_INTERVAL && doneCount.get() < n) {
                        lastProgress = now;
                        settings.progress().accept(progress());
                    }
                } finally {
                    progressLock.unlock();
                }
            }
        }
    }

    private void finish(int count) {
        if (finished.addAndGet(count) == n) {
            complete();
        }
    }

    private void complete() {
        try {
            if (journal != null) {
                journal.close();
            }
            Consumer<Progress> listener = settings.progress();
            if (listener != null) {
                progressLock.lock();
                try {
                    listener.accept(progress());
                } finally {
                    progressLock.unlock();
                }
            }
        } finally {
            done.countDown();
        }
    }

    /**
     * Cancels the batch: items not yet started fail with {@link CancellationException}, running ones are
     * interrupted (an item that finishes anyway keeps its value). Does nothing once the batch is done.
     */
    public void cancel() {
        cancel("cancelled by the caller");
    }

    private void cancel(String reason) {
        if (done.getCount() == 0) {
            return;
        }
        synchronized (this) {
            if (cancelReason != null) {
                return;
            }
            cancelReason = reason;
        }
        int from = next.getAndSet(n);
        for (int i = from; i < n; i++) {
            fail(i, new CancellationException(reason), 0);
        }
        for (Runner r : active) {
            r.interrupt();
        }
        if (from < n) {
            finish(n - from);
        }
    }

    /** Whether every item has finished (succeeded, failed, been skipped or cancelled). */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** How far the batch has got now. */
    public Progress progress() {
        int finishedNow = settings.progress() != null ? doneCount.get() : isDone() ? n : finished.get();
        return new Progress(n, finishedNow, failedCount.get(), skippedCount.get(), Duration.ofNanos(settings.clock().nanoTime() - start));
    }

    /**
     * Waits for every item, and returns each one's outcome in input order. If the waiting thread is
     * interrupted, the batch is cancelled, running items are waited for, and
     * {@link CancellationException} is thrown with the thread's interrupt status set.
     */
    public List<Result<T, R>> join() {
        await();
        List<Result<T, R>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(result(i));
        }
        return Collections.unmodifiableList(results);
    }

    /**
     * Waits, then returns the values in input order.
     *
     * @throws BatchException if any item failed
     */
    @SuppressWarnings("unchecked")
    public List<R> values() {
        await();
        if (failedCount.get() > 0) {
            throw new BatchException(new ArrayList<>(join()));
        }
        return Collections.unmodifiableList(Arrays.asList((R[]) values));
    }

    private void await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            cancel("cancelled: the waiting thread was interrupted");
            boolean interrupted = true;
            while (done.getCount() != 0) {
                try {
                    done.await();
                } catch (InterruptedException again) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new CancellationException("the batch was cancelled: the waiting thread was interrupted");
        }
    }

    /**
     * The outcomes in the order the items finish. Closing the stream cancels what has not finished;
     * interrupting the reading thread cancels the batch and throws {@link CancellationException}.
     *
     * @throws IllegalStateException unless the batch was started to be read this way
     */
    public Stream<Result<T, R>> asCompleted() {
        if (completions == null) {
            throw new IllegalStateException("this batch was not started unordered");
        }
        var results = new Spliterators.AbstractSpliterator<Result<T, R>>(n, Spliterator.SIZED | Spliterator.NONNULL) {
            private int delivered;

            @Override
            public boolean tryAdvance(Consumer<? super Result<T, R>> action) {
                if (delivered == n) {
                    return false;
                }
                int i;
                try {
                    i = completions.take();
                } catch (InterruptedException e) {
                    cancel("cancelled: the reading thread was interrupted");
                    Thread.currentThread().interrupt();
                    throw new CancellationException("the batch was cancelled: the reading thread was interrupted");
                }
                delivered++;
                action.accept(result(i));
                return true;
            }
        };
        return StreamSupport.stream(results, false).onClose(this::cancel);
    }

    @SuppressWarnings("unchecked")
    private Result<T, R> result(int i) {
        T item = (T) items[i];
        return switch (states[i]) {
            case SUCCEEDED -> new Result.Success<>(i, item, (R) values[i], attempts == null ? 1 : attempts[i]);
            case FAILED -> failures.get(i);
            case SKIPPED -> new Result.Skipped<>(i, item);
            default -> throw new IllegalStateException("item " + i + " has not finished");
        };
    }

    /**
     * One thread running items: what a timeout or a cancellation interrupts, and only while it runs an
     * item of this batch. Without a timeout, an item costs two volatile writes here, no lock.
     */
    private static final class Runner {
        private static final VarHandle RUNNING;

        static {
            try {
                RUNNING = MethodHandles.lookup().findVarHandle(Runner.class, "running", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Thread thread;
        /**
         * Written with release semantics only (a plain store on x86): a canceller that reads it late
         * interrupts an item that has just ended, which is harmless, as the batch is cancelled anyway and
         * {@link #exit} clears such an interrupt once the thread leaves the batch.
         */
        private volatile boolean running;
        /** Set before this batch interrupts the thread, so that {@link #end} can tell its interrupts from others'. */
        private volatile boolean ours;
        private boolean others;
        private boolean exited; // guarded by this
        private boolean timedOut; // guarded by this
        private long attempt; // guarded by this
        private ScheduledFuture<?> timer; // guarded by this; only this runner's thread sets it

        Runner(Thread thread) {
            this.thread = thread;
        }

        void begin(Duration timeout) {
            RUNNING.setRelease(this, true);
            if (timeout != null) {
                startTimer(timeout);
            }
        }

        private synchronized void startTimer(Duration timeout) {
            timedOut = false;
            long id = ++attempt;
            timer = Timer.INSTANCE.schedule(() -> expire(id), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        private synchronized void expire(long id) {
            if (timer != null && attempt == id) {
                timedOut = true;
                ours = true;
                thread.interrupt();
            }
        }

        /** Ends an attempt, clearing any interrupt meant for it; true if it ran past its timeout. */
        boolean end() {
            RUNNING.setRelease(this, false);
            boolean late = timer != null && stopTimer();
            boolean interrupted = Thread.interrupted();
            others = interrupted && !ours;
            if (interrupted && ours) {
                ours = false;
            }
            return late;
        }

        private synchronized boolean stopTimer() {
            timer.cancel(false);
            timer = null;
            return timedOut;
        }

        /** Whether the attempt that just ended was interrupted by neither a timeout nor a cancellation. */
        boolean interruptedByOthers() {
            return others;
        }

        synchronized void interrupt() {
            if (running && !exited) {
                ours = true;
                thread.interrupt();
            }
        }

        /** The thread leaves the batch; an interrupt of ours that raced with the item's end is cleared. */
        synchronized void exit() {
            exited = true;
            if (ours) {
                Thread.interrupted();
                ours = false;
            }
        }
    }

    /** Fires timeouts; its one daemon thread ends after 10 idle seconds. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            var timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "quiver-task-timeouts");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            timer.setKeepAliveTime(10, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
            return timer;
        }
    }
}
