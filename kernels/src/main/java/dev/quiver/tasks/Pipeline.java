package dev.quiver.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Stages with threads of their own and bounded queues between them — decode → compute → encode — so
 * that the stages of different items overlap and memory stays bounded however many items flow.
 *
 * <pre>{@code
 * Progress p = Pipeline.from(files)
 *         .then("decode", 2, Images::read)
 *         .then("compute", 1, image -> image.apply(kernel))
 *         .then("encode", 2, Images::write)
 *         .ordered()
 *         .run(result -> report(result));
 * }</pre>
 *
 * <p>An exception from a stage's function fails that item alone: it reaches the sink as a
 * {@link Result.Failure} whose error is a {@link StageException} naming the stage, skipping the later
 * stages, and the other items go on. The sink runs on the calling thread, in input order if
 * {@link #ordered()}, else as items finish. If the source's iterator or the sink throws, a stage throws
 * an {@link Error}, or the calling thread is interrupted, the pipeline shuts down: every thread it
 * started is stopped and gone before {@link #run} throws (an item's function is not abandoned while
 * running; shut-down waits for it). Back-pressure: the source reads an item only while fewer than
 * {@link #maxInFlight()} items are between it and the sink.
 *
 * <p>Immutable: each method returns a new pipeline; one pipeline may be run several times if its
 * source may be iterated again.
 *
 * @param <S> the source's item type
 * @param <T> the last stage's value type
 */
public final class Pipeline<S, T> {
    private static final Object END = new Object();
    private static final long POLL_MS = 50;

    private record Stage(String name, int threads, Function<Object, Object> function) {
    }

    /** An item on its way: its position, its source item, and its value so far or the failure that ended it. */
    private record Envelope(int seq, Object item, Object value, Throwable error) {
    }

    private final Iterable<? extends S> source;
    private final List<Stage> stages;
    private final boolean ordered;
    private final int capacity;

    private Pipeline(Iterable<? extends S> source, List<Stage> stages, boolean ordered, int capacity) {
        this.source = source;
        this.stages = stages;
        this.ordered = ordered;
        this.capacity = capacity;
    }

    /** A pipeline over {@code source}'s items, with no stages yet; queues hold 4 items. */
    public static <S> Pipeline<S, S> from(Iterable<? extends S> source) {
        if (source == null) {
            throw new IllegalArgumentException("the source is null");
        }
        return new Pipeline<>(source, List.of(), false, 4);
    }

    /**
     * Adds a stage running {@code function} on {@code threads} threads.
     *
     * @throws IllegalArgumentException for a blank name, {@code threads < 1} or a null function
     */
    @SuppressWarnings("unchecked")
    public <U> Pipeline<S, U> then(String name, int threads, Function<? super T, ? extends U> function) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a stage needs a name");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("stage '" + name + "' needs at least 1 thread, got " + threads);
        }
        if (function == null) {
            throw new IllegalArgumentException("stage '" + name + "' has a null function");
        }
        List<Stage> more = new ArrayList<>(stages);
        more.add(new Stage(name, threads, (Function<Object, Object>) function));
        return new Pipeline<>(source, List.copyOf(more), ordered, capacity);
    }

    /** Delivers results to the sink in the source's order (held back until earlier items finish). */
    public Pipeline<S, T> ordered() {
        return new Pipeline<>(source, stages, true, capacity);
    }

    /**
     * Queues of {@code items} between stages.
     *
     * @throws IllegalArgumentException if {@code items < 1}
     */
    public Pipeline<S, T> withCapacity(int items) {
        if (items < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + items);
        }
        return new Pipeline<>(source, stages, ordered, items);
    }

    /** The most items that are ever read from the source and not yet through the sink. */
    public int maxInFlight() {
        return stages.stream().mapToInt(s -> s.threads() + capacity).sum() + capacity + 1;
    }

    /**
     * Runs every item through the stages into {@code sink}, and returns when all have reached it.
     *
     * @return the counts and the time taken
     * @throws PipelineException if the source, the sink or a stage failed as a whole (the cause says how)
     * @throws CancellationException if the calling thread was interrupted (its interrupt status is set)
     */
    public Progress run(Consumer<? super Result<S, T>> sink) {
        if (sink == null) {
            throw new IllegalArgumentException("the sink is null");
        }
        return new Run(sink).run();
    }

    /** One run's threads, queues and state. */
    private final class Run {
        private final Consumer<? super Result<S, T>> sink;
        private final List<BlockingQueue<Object>> queues = new ArrayList<>();
        private final Semaphore window = new Semaphore(maxInFlight());
        private final AtomicReference<Throwable> fatal = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();
        private final long start = System.nanoTime();
        private int total;
        private int failed;

        Run(Consumer<? super Result<S, T>> sink) {
            this.sink = sink;
            for (int k = 0; k <= stages.size(); k++) {
                queues.add(new ArrayBlockingQueue<>(capacity));
            }
        }

        Progress run() {
            threads.add(Thread.ofPlatform().daemon().name("quiver-pipeline-source").unstarted(this::read));
            for (int k = 0; k < stages.size(); k++) {
                Stage stage = stages.get(k);
                AtomicInteger live = new AtomicInteger(stage.threads());
                for (int t = 0; t < stage.threads(); t++) {
                    int index = k;
                    threads.add(Thread.ofPlatform().daemon().name("quiver-pipeline-" + stage.name() + "-" + (t + 1))
                            .unstarted(() -> work(index, live)));
                }
            }
            threads.forEach(Thread::start);
            try {
                deliver();
            } catch (Stop stop) {
                // a thread failed; fatal holds why
            } catch (RuntimeException | Error e) {
                fatal.compareAndSet(null, e);
            }
            boolean interrupted = shutDown();
            Throwable why = fatal.get();
            if (interrupted || why instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new CancellationException("the pipeline was cancelled: the calling thread was interrupted");
            }
            if (why != null) {
                throw new PipelineException(why);
            }
            return new Progress(total, total, failed, 0, Duration.ofNanos(System.nanoTime() - start));
        }

        /** The source thread: reads items while the window has room. */
        private void read() {
            try {
                int seq = 0;
                for (Iterator<? extends S> it = source.iterator(); it.hasNext();) {
                    acquire();
                    S item = it.next();
                    put(queues.getFirst(), new Envelope(seq++, item, item, null));
                }
                put(queues.getFirst(), END);
            } catch (Stop stop) {
                // shutting down
            } catch (RuntimeException | Error e) {
                stopAll(new PipelineException("the source failed: " + e, e));
            }
        }

        /** A stage thread: applies its function to each item that has not failed, until the end marker. */
        private void work(int k, AtomicInteger live) {
            Stage stage = stages.get(k);
            BlockingQueue<Object> in = queues.get(k);
            BlockingQueue<Object> out = queues.get(k + 1);
            try {
                while (true) {
                    Object taken = take(in);
                    if (taken == END) {
                        if (live.decrementAndGet() == 0) {
                            put(out, END);
                        } else {
                            put(in, END);
                        }
                        return;
                    }
                    Envelope e = (Envelope) taken;
                    if (e.error() == null) {
                        try {
                            e = new Envelope(e.seq(), e.item(), stage.function().apply(e.value()), null);
                        } catch (Exception failure) {
                            e = new Envelope(e.seq(), e.item(), null, new StageException(stage.name(), failure));
                        }
                    }
                    put(out, e);
                }
            } catch (Stop stop) {
                // shutting down
            } catch (Error e) {
                stopAll(new PipelineException("stage '" + stage.name() + "' failed: " + e, e));
            }
        }

        /** The calling thread: hands results to the sink, in order if asked. */
        @SuppressWarnings("unchecked")
        private void deliver() {
            BlockingQueue<Object> last = queues.getLast();
            Map<Integer, Envelope> waiting = new HashMap<>();
            int nextSeq = 0;
            while (true) {
                Object taken = take(last);
                if (taken == END) {
                    return;
                }
                Envelope e = (Envelope) taken;
                if (!ordered) {
                    hand(e);
                    continue;
                }
                waiting.put(e.seq(), e);
                for (Envelope ready; (ready = waiting.remove(nextSeq)) != null; nextSeq++) {
                    hand(ready);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void hand(Envelope e) {
            total++;
            try {
                if (e.error() == null) {
                    sink.accept(new Result.Success<>(e.seq(), (S) e.item(), (T) e.value(), 1));
                } else {
                    failed++;
                    sink.accept(new Result.Failure<>(e.seq(), (S) e.item(), e.error(), 1));
                }
            } finally {
                window.release();
            }
        }

        private void stopAll(Throwable why) {
            if (fatal.compareAndSet(null, why)) {
                threads.forEach(Thread::interrupt);
            }
        }

        /** Stops every thread and waits for each to end; true if the caller was interrupted meanwhile. */
        private boolean shutDown() {
            boolean interrupted = Thread.interrupted();
            if (fatal.get() != null) {
                threads.forEach(Thread::interrupt);
            }
            for (Thread t : threads) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        stopAll(e);
                    }
                }
            }
            return interrupted;
        }

        private void acquire() {
            try {
                while (!window.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS)) {
                    checkRunning();
                }
            } catch (InterruptedException e) {
                throw stop(e);
            }
        }

        private void put(BlockingQueue<Object> queue, Object o) {
            try {
                while (!queue.offer(o, POLL_MS, TimeUnit.MILLISECONDS)) {
                    checkRunning();
                }
            } catch (InterruptedException e) {
                throw stop(e);
            }
        }

        private Object take(BlockingQueue<Object> queue) {
            try {
                while (true) {
                    Object o = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    if (o != null) {
                        return o;
                    }
                    checkRunning();
                }
            } catch (InterruptedException e) {
                throw stop(e);
            }
        }

        private void checkRunning() {
            if (fatal.get() != null) {
                throw new Stop();
            }
        }

        /** An interrupt: from shut-down if one is under way, else of this thread by someone else, which shuts down. */
        private Stop stop(InterruptedException e) {
            stopAll(e);
            return new Stop();
        }
    }

    /** Unwinds a pipeline thread when the run shuts down. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }
}
