package dev.quiver.tasks;

import static dev.quiver.tasks.TaskTesting.LIMIT;
import static dev.quiver.tasks.TaskTesting.liveThreads;
import static dev.quiver.tasks.TaskTesting.range;
import static dev.quiver.tasks.TaskTesting.sleepMillis;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {
    @AfterEach
    void noPipelineThreadOutlivesItsRun() {
        assertEquals(0, liveThreads("quiver-pipeline-"));
    }

    @Test
    void anOrderedPipelineDeliversInSourceOrderUnderRandomDelays() {
        List<Integer> seen = new ArrayList<>();
        Progress p = assertTimeoutPreemptively(LIMIT, () -> Pipeline.from(range(200))
                .then("decode", 3, i -> {
                    sleepMillis(ThreadLocalRandom.current().nextInt(3));
                    return i * 10;
                })
                .then("encode", 2, i -> {
                    sleepMillis(ThreadLocalRandom.current().nextInt(3));
                    return "#" + i;
                })
                .ordered()
                .run(r -> {
                    seen.add(r.index());
                    assertEquals("#" + r.index() * 10, ((Result.Success<Integer, String>) r).value());
                }));
        assertEquals(range(200), seen);
        assertEquals(200, p.done());
        assertEquals(0, p.failed());
    }

    @Test
    void aFailingItemSkipsTheLaterStagesAndTheOthersComplete() {
        var encoded = new AtomicInteger();
        List<Result<Integer, Integer>> results = new ArrayList<>();
        Progress p = Pipeline.from(range(50))
                .then("decode", 2, i -> {
                    if (i % 10 == 4) {
                        throw new IllegalArgumentException("corrupt item " + i);
                    }
                    return i;
                })
                .then("encode", 2, i -> {
                    encoded.incrementAndGet();
                    return i;
                })
                .run(results::add);
        assertEquals(45, encoded.get());
        assertEquals(5, p.failed());
        assertEquals(50, results.size());
        for (Result<Integer, Integer> r : results) {
            if (r.index() % 10 == 4) {
                var f = assertInstanceOf(Result.Failure.class, r);
                var stage = assertInstanceOf(StageException.class, f.error());
                assertEquals("decode", stage.stage());
                assertEquals("decode: corrupt item " + r.index(), stage.getMessage());
            }
        }
    }

    @Test
    void aSlowSinkHoldsTheSourceBack() {
        var read = new AtomicInteger();
        var delivered = new AtomicInteger();
        var most = new AtomicInteger();
        Iterable<Integer> source = () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < 300;
            }

            @Override
            public Integer next() {
                most.accumulateAndGet(read.incrementAndGet() - delivered.get(), Math::max);
                return next++;
            }
        };
        Pipeline<Integer, Integer> pipeline = Pipeline.from(source).then("a", 2, i -> i).then("b", 1, i -> i).withCapacity(3);
        assertTimeoutPreemptively(LIMIT, () -> pipeline.run(r -> {
            sleepMillis(1);
            delivered.incrementAndGet();
        }));
        assertEquals(300, delivered.get());
        assertTrue(most.get() <= pipeline.maxInFlight(), most.get() + " items in flight, bound " + pipeline.maxInFlight());
        assertEquals(2 + 3 + 1 + 3 + 3 + 1, pipeline.maxInFlight());
    }

    @Test
    void aSinkThatThrowsShutsEverythingDown() {
        var read = new AtomicInteger();
        Iterable<Integer> source = () -> IntStream.range(0, 1_000_000).peek(i -> read.incrementAndGet()).iterator();
        var e = assertThrows(PipelineException.class, () -> assertTimeoutPreemptively(LIMIT, () -> Pipeline.from(source)
                .then("work", 2, i -> i).run(r -> {
                    if (r.index() == 5) {
                        throw new IllegalStateException("disk full");
                    }
                })));
        assertEquals("disk full", e.getCause().getMessage());
        assertTrue(read.get() < 100, "the source stopped early, after " + read.get());
    }

    @Test
    void aStageThatIgnoresInterruptsIsWaitedForOnShutDown() {
        var finished = new AtomicInteger();
        assertThrows(PipelineException.class, () -> Pipeline.from(range(100)).then("busy", 2, i -> {
            long end = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() < end) {
                Thread.interrupted();
            }
            return finished.incrementAndGet();
        }).run(r -> {
            throw new IllegalStateException("stop");
        }));
    }

    @Test
    void aSourceThatThrowsFailsThePipeline() {
        Iterable<Integer> source = () -> new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (next == 3) {
                    throw new IllegalStateException("cannot list the directory");
                }
                return next++;
            }
        };
        var e = assertThrows(PipelineException.class, () -> Pipeline.from(source).then("x", 1, i -> i).run(r -> { }));
        assertTrue(e.getMessage().contains("the source failed"), e.getMessage());
        assertEquals("cannot list the directory", e.getCause().getMessage());
    }

    @Test
    void anErrorInAStageFailsThePipeline() {
        var e = assertThrows(PipelineException.class, () -> Pipeline.from(range(10)).then("explode", 1, i -> {
            if (i == 2) {
                throw new AssertionError("broken invariant");
            }
            return i;
        }).run(r -> { }));
        assertTrue(e.getMessage().contains("stage 'explode' failed"), e.getMessage());
    }

    @Test
    void interruptingTheCallerCancelsThePipeline() throws Exception {
        var outcome = new ArrayList<Throwable>();
        var started = new CountDownLatch(1);
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                Pipeline.from(range(100)).then("slow", 1, i -> {
                    started.countDown();
                    sleepMillis(60_000);
                    return i;
                }).run(r -> { });
            } catch (Throwable t) {
                outcome.add(t);
            }
        });
        started.await();
        caller.interrupt();
        caller.join(LIMIT.toMillis());
        assertInstanceOf(CancellationException.class, outcome.getFirst());
    }

    @Test
    void badArgumentsAreRejectedByName() {
        assertThrows(IllegalArgumentException.class, () -> Pipeline.from(null));
        var p = Pipeline.from(range(3));
        assertEquals("stage 'x' needs at least 1 thread, got 0", assertThrows(IllegalArgumentException.class, () -> p.then("x", 0, i -> i)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.then(" ", 1, i -> i));
        assertThrows(IllegalArgumentException.class, () -> p.then("x", 1, null));
        assertThrows(IllegalArgumentException.class, () -> p.withCapacity(0));
        assertThrows(IllegalArgumentException.class, () -> p.run(null));
    }

    @Test
    void aPipelineWithNoStagesHandsTheItemsOn() {
        List<Integer> seen = new ArrayList<>();
        Pipeline.from(range(5)).ordered().run(r -> seen.add(((Result.Success<Integer, Integer>) r).value()));
        assertEquals(range(5), seen);
    }
}
