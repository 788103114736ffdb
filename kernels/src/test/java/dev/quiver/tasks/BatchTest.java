package dev.quiver.tasks;

import static dev.quiver.tasks.TaskTesting.LIMIT;
import static dev.quiver.tasks.TaskTesting.liveThreads;
import static dev.quiver.tasks.TaskTesting.range;
import static dev.quiver.tasks.TaskTesting.sleepMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BatchTest {
    @Test
    void valuesComeBackInInputOrderWhateverOrderItemsFinishIn() {
        List<Integer> out = ParallelMap.auto().withThreads(8).map(range(300), i -> {
            sleepMillis(ThreadLocalRandom.current().nextInt(3));
            return i * 2;
        });
        assertEquals(range(300).stream().map(i -> i * 2).toList(), out);
    }

    @Test
    void everyItemRunsExactlyOnce() {
        int n = 100_000;
        var runs = new AtomicIntegerArray(n);
        ParallelMap.auto().forEach(range(n), runs::incrementAndGet);
        for (int i = 0; i < n; i++) {
            assertEquals(1, runs.get(i), "item " + i);
        }
    }

    @Test
    void aFailingItemFailsAloneAndTheOthersComplete() {
        List<Result<Integer, Integer>> results = ParallelMap.auto().mapResults(range(100), i -> {
            if (i % 7 == 3) {
                throw new IllegalStateException("bad item " + i);
            }
            return i;
        });
        for (Result<Integer, Integer> r : results) {
            if (r.index() % 7 == 3) {
                var f = assertInstanceOf(Result.Failure.class, r);
                assertEquals("bad item " + r.index(), f.error().getMessage());
            } else {
                assertEquals(r.index(), ((Result.Success<Integer, Integer>) r).value());
            }
        }
    }

    @Test
    void mapThrowsOneExceptionHoldingEveryFailureAfterAllItemsRan() {
        var ran = new AtomicInteger();
        var e = assertThrows(BatchException.class, () -> ParallelMap.auto().map(range(50), i -> {
            ran.incrementAndGet();
            if (i == 10 || i == 20) {
                throw new IllegalArgumentException("no " + i);
            }
            return i;
        }));
        assertEquals(50, ran.get());
        assertEquals(2, e.failures().size());
        assertEquals(50, e.results().size());
        assertEquals("no 10", e.getCause().getMessage());
        assertTrue(e.getMessage().startsWith("2 of 50 items failed; the first: item 10 (10): no 10"), e.getMessage());
    }

    @Test
    void failFastCancelsTheRestAndInterruptsRunningItems() {
        var interrupted = new AtomicInteger();
        var started = new AtomicInteger();
        List<Result<Integer, Integer>> results = assertTimeoutPreemptively(LIMIT, () -> ParallelMap.io().withThreads(4).failFast()
                .mapResults(range(1000), i -> {
                    started.incrementAndGet();
                    if (i == 2) {
                        sleepMillis(20);
                        throw new IllegalStateException("item 2 is broken");
                    }
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw new IllegalStateException("interrupted");
                    }
                    return i;
                }));
        assertEquals("item 2 is broken", ((Result.Failure<?, ?>) results.get(2)).error().getMessage());
        long cancelled = results.stream().filter(r -> r instanceof Result.Failure<?, ?> f && f.error() instanceof CancellationException).count();
        assertEquals(999, cancelled);
        assertTrue(started.get() <= 8, "started " + started.get());
        assertEquals(started.get() - 1, interrupted.get());
        var notStarted = (Result.Failure<?, ?>) results.get(999);
        assertEquals(0, notStarted.attempts());
        assertEquals("cancelled: item 2 (2) failed first", notStarted.error().getMessage());
    }

    @Test
    void anAttemptThatRunsPastTheTimeoutFailsWithTimeoutException() {
        List<Result<Integer, Integer>> results = assertTimeoutPreemptively(LIMIT, () -> ParallelMap.io()
                .withTimeout(Duration.ofMillis(50)).mapResults(range(4), i -> {
                    if (i == 1) {
                        sleepMillis(30_000);
                    }
                    return i;
                }));
        var f = assertInstanceOf(Result.Failure.class, results.get(1));
        assertInstanceOf(TimeoutException.class, f.error());
        assertTrue(f.error().getMessage().contains("timeout of 50 ms"), f.error().getMessage());
        assertEquals(List.of(true, false, true, true), results.stream().map(Result::succeeded).toList());
    }

    @Test
    void aTimedOutItemIgnoringInterruptsLosesItsValue() {
        List<Result<Integer, Integer>> results = ParallelMap.auto().withTimeout(Duration.ofMillis(20)).mapResults(range(1), i -> {
            long end = System.nanoTime() + 100_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return i;
        });
        assertInstanceOf(TimeoutException.class, ((Result.Failure<?, ?>) results.getFirst()).error());
    }

    /** A clock whose sleeps return at once and are recorded. */
    private static final class RecordingClock implements TaskClock {
        final List<Duration> pauses = new CopyOnWriteArrayList<>();

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) {
            pauses.add(duration);
        }
    }

    @Test
    void retriesUntilTheItemSucceedsCountingAttempts() {
        var clock = new RecordingClock();
        var calls = new AtomicIntegerArray(3);
        List<Result<Integer, Integer>> results = ParallelMap.auto().withClock(clock).withRetry(Retry.on(IOException.class).withAttempts(5))
                .mapResults(range(3), i -> {
                    if (calls.incrementAndGet(i) <= i) {
                        throw new UncheckedIOException(new IOException("flaky"));
                    }
                    return i;
                });
        // UncheckedIOException is not an IOException: not retried
        assertEquals(List.of(1, 1, 1), List.of(calls.get(0), calls.get(1), calls.get(2)));
        assertEquals(1, ((Result.Success<?, ?>) results.get(0)).attempts());
        assertEquals(1, ((Result.Failure<?, ?>) results.get(1)).attempts());
        assertTrue(clock.pauses.isEmpty());
    }

    @Test
    void retryableFailuresAreRetriedUpToTheLimitWithBoundedBackoff() {
        var clock = new RecordingClock();
        var calls = new AtomicIntegerArray(2);
        Retry retry = Retry.when(e -> e instanceof IllegalStateException).withAttempts(6)
                .withBackoff(Duration.ofMillis(100), 2, Duration.ofMillis(300)).withJitter(0.5);
        List<Result<Integer, Integer>> results = ParallelMap.auto().withThreads(1).withClock(clock).withRetry(retry).mapResults(range(2), i -> {
            int call = calls.incrementAndGet(i);
            if (i == 0 && call < 3) {
                throw new IllegalStateException("try again");
            }
            if (i == 1) {
                throw new IllegalStateException("always");
            }
            return i;
        });
        assertEquals(3, ((Result.Success<?, ?>) results.get(0)).attempts());
        assertEquals(6, ((Result.Failure<?, ?>) results.get(1)).attempts());
        assertEquals(6, calls.get(1));
        // item 0 paused twice, item 1 five times: bases 100, 200 | 100, 200, 300, 300, 300 ms, each cut by up to half
        long[] bases = {100, 200, 100, 200, 300, 300, 300};
        assertEquals(bases.length, clock.pauses.size());
        for (int k = 0; k < bases.length; k++) {
            long ms = clock.pauses.get(k).toMillis();
            assertTrue(ms >= bases[k] / 2 && ms <= bases[k], "pause " + k + " = " + ms + " ms, base " + bases[k]);
        }
    }

    @Test
    void retryRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Retry.on(IOException.class).withAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> Retry.on(IOException.class).withJitter(1.5));
        assertThrows(IllegalArgumentException.class, () -> Retry.on(IOException.class).withBackoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Retry.on(IOException.class).withBackoff(Duration.ofMillis(-1), 2, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Retry.on(IOException.class).withBackoff(Duration.ZERO, 0.5, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, Retry::on);
    }

    @Test
    void cancelInterruptsRunningItemsAndFailsTheRest() {
        var running = new CountDownLatch(2);
        Batch<Integer, Integer> batch = ParallelMap.io().withThreads(2).submit(range(100), i -> {
            running.countDown();
            sleepMillis(60_000);
            return i;
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            running.await();
            batch.cancel();
            List<Result<Integer, Integer>> results = batch.join();
            assertTrue(batch.isDone());
            assertTrue(results.stream().allMatch(r -> r instanceof Result.Failure<?, ?> f && f.error() instanceof CancellationException));
            assertEquals(2, results.stream().filter(r -> ((Result.Failure<?, ?>) r).attempts() == 1).count());
        });
    }

    @Test
    void interruptingTheWaitingThreadCancelsTheBatch() throws Exception {
        var outcome = new ArrayList<Throwable>();
        var started = new CountDownLatch(1);
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                ParallelMap.io().withThreads(2).map(range(10), i -> {
                    started.countDown();
                    sleepMillis(60_000);
                    return i;
                });
            } catch (Throwable t) {
                outcome.add(t);
                outcome.add(Thread.currentThread().isInterrupted() ? new InterruptedException() : null);
            }
        });
        started.await();
        caller.interrupt();
        caller.join(LIMIT.toMillis());
        assertInstanceOf(CancellationException.class, outcome.get(0));
        assertInstanceOf(InterruptedException.class, outcome.get(1), "the interrupt status is kept");
    }

    @Test
    void progressReportsTheEndOnce() {
        var reports = new CopyOnWriteArrayList<Progress>();
        ParallelMap.auto().withProgress(reports::add).mapResults(range(500), i -> {
            if (i % 100 == 0) {
                throw new IllegalStateException();
            }
            return i;
        });
        Progress last = reports.getLast();
        assertEquals(new Progress(500, 500, 5, 0, last.elapsed()), last);
        assertTrue(last.complete());
        assertEquals(1, reports.stream().filter(Progress::complete).count());
        for (int k = 1; k < reports.size(); k++) {
            assertTrue(reports.get(k).done() >= reports.get(k - 1).done());
        }
        assertTrue(last.toString().startsWith("500/500 done, 5 failed, 0 skipped in "), last.toString());
    }

    @Test
    void progressOfASlowBatchIsReportedAsItGoes() {
        var reports = new CopyOnWriteArrayList<Progress>();
        ParallelMap.io().withThreads(2).withProgress(reports::add).forEach(range(30), i -> sleepMillis(10));
        assertTrue(reports.size() >= 2, "reports: " + reports);
        assertTrue(reports.getFirst().done() < 30);
    }

    @Test
    void badArgumentsAreRejectedByName() {
        ParallelMap m = ParallelMap.auto();
        assertEquals("the list of items is null", assertThrows(IllegalArgumentException.class, () -> m.map(null, x -> x)).getMessage());
        assertEquals("the function is null", assertThrows(IllegalArgumentException.class, () -> m.map(range(3), null)).getMessage());
        assertEquals("the action is null", assertThrows(IllegalArgumentException.class, () -> m.forEach(range(3), null)).getMessage());
        assertEquals("the combiner is null", assertThrows(IllegalArgumentException.class, () -> m.mapReduce(range(3), x -> x, null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.withThreads(-1));
        assertThrows(IllegalArgumentException.class, () -> m.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> m.withRetry(null));
        assertThrows(IllegalArgumentException.class, () -> TaskPool.create(0));
    }

    @Test
    void aFunctionMayReturnNullAndItemsMayBeNull() {
        List<Integer> items = new ArrayList<>(List.of(1, 2));
        items.add(null);
        List<String> out = ParallelMap.auto().map(items, i -> i == null ? "none" : null);
        assertNull(out.get(0));
        assertEquals("none", out.get(2));
    }

    @Test
    void anEmptyListIsAnEmptyResult() {
        assertEquals(List.of(), ParallelMap.auto().map(List.of(), x -> x));
        assertEquals(Optional.empty(), ParallelMap.auto().mapReduce(List.<Integer>of(), x -> x, Integer::sum));
        try (Stream<Result<Object, Object>> s = ParallelMap.auto().mapUnordered(List.of(), x -> x)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void nestedBatchesOnAOneThreadPoolDoNotDeadlock() {
        try (TaskPool pool = TaskPool.create(1)) {
            ParallelMap m = ParallelMap.auto().withPool(pool);
            List<Integer> sums = assertTimeoutPreemptively(LIMIT, () -> m.map(range(4),
                    i -> m.map(range(100), j -> i * j).stream().mapToInt(Integer::intValue).sum()));
            assertEquals(List.of(0, 4950, 9900, 14850), sums);
        }
    }

    @Test
    void mapReduceCombinesInInputOrder() {
        Optional<String> joined = ParallelMap.auto().mapReduce(range(200), String::valueOf, (a, b) -> a + "," + b);
        assertEquals(String.join(",", range(200).stream().map(String::valueOf).toList()), joined.orElseThrow());
    }

    @Test
    void mapUnorderedDeliversResultsAsTheyFinish() {
        List<Integer> order = new ArrayList<>();
        try (Stream<Result<Integer, Integer>> results = ParallelMap.io().withThreads(8).mapUnordered(range(8), i -> {
            sleepMillis(i == 0 ? 300 : 1);
            return i;
        })) {
            results.forEach(r -> order.add(r.index()));
        }
        assertEquals(8, order.size());
        assertEquals(0, order.getLast(), "the slow item comes last: " + order);
        List<Integer> sorted = new ArrayList<>(order);
        Collections.sort(sorted);
        assertEquals(range(8), sorted);
    }

    @Test
    void closingAnUnorderedStreamEarlyCancelsTheRest() {
        var ran = new AtomicInteger();
        assertTimeoutPreemptively(LIMIT, () -> {
            try (Stream<Result<Integer, Integer>> results = ParallelMap.io().withThreads(2).mapUnordered(range(1000), i -> {
                ran.incrementAndGet();
                sleepMillis(i < 2 ? 1 : 60_000);
                return i;
            })) {
                assertEquals(2, results.limit(2).count());
            }
        });
        assertTrue(ran.get() <= 4, "ran " + ran.get());
    }

    @Test
    void tenThousandSlowIoItemsOverlapUpToTheLimit() {
        int n = 10_000;
        int limit = 1_000;
        long latencyMs = 20;
        var running = new AtomicInteger();
        var most = new AtomicInteger();
        long start = System.nanoTime();
        ParallelMap.io().withThreads(limit).forEach(range(n), i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleepMillis(latencyMs);
            running.decrementAndGet();
        });
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long ideal = latencyMs * n / limit;
        assertTrue(most.get() <= limit, "at most " + limit + " at once, saw " + most.get());
        assertTrue(most.get() > limit / 2, "saw only " + most.get() + " at once");
        // one item's latency × items / limit = 200 ms; sequential would be 200 s
        assertTrue(ms < 10 * ideal, "took " + ms + " ms, ideal " + ideal + " ms");
    }

    @Test
    void aClosedPoolLeavesNoThreads() throws Exception {
        TaskPool pool = TaskPool.create(2);
        ParallelMap.auto().withPool(pool).map(range(1000), i -> i + 1);
        String prefix = pool.threadPrefix();
        assertTrue(liveThreads(prefix) > 0, "the pool ran its own threads");
        pool.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (liveThreads(prefix) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, liveThreads(prefix));
        var e = assertThrows(IllegalStateException.class, () -> ParallelMap.auto().withPool(pool).withThreads(4).map(range(10), i -> i));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> TaskPool.shared().close());
    }
}
