package dev.quiver.tasks;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** What the batch and pipeline tests share: item lists, a sleep that keeps the interrupt, live-thread counts. */
final class TaskTesting {
    /** Long enough for any of these tests on a loaded CI machine; a hang fails instead of stalling the build. */
    static final Duration LIMIT = Duration.ofSeconds(20);

    private TaskTesting() {
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Sleeps; if interrupted, keeps the interrupt status (as well-behaved items do) and throws. */
    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }
}
