package dev.quiver.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Plain Java functions run on the threads backend: every element once, on several threads, failures propagated. */
class JavaFunctionsTest {

    @Test
    void everyElementOnceAcrossThreads() {
        int n = 1 << 20;
        float[] in = new float[n];
        for (int i = 0; i < n; i++) {
            in[i] = i;
        }
        float[] out = new float[n];
        var calls = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        ParallelMap.auto().withThreads(2).map(in, x -> {
            calls.incrementAndGet();
            threads.add(Thread.currentThread());
            return x * 2;
        }, out);
        assertEquals(n, calls.get());
        for (int i = 0; i < n; i++) {
            assertEquals(2f * i, out[i]);
        }
        assertTrue(threads.size() >= 1 && threads.size() <= 2, threads.toString());
    }

    @Test
    void theFirstFailurePropagates() {
        int[] in = new int[100_000];
        in[77_777] = -1;
        var e = assertThrows(IllegalStateException.class, () -> ParallelMap.auto().map(in, v -> {
            if (v < 0) {
                throw new IllegalStateException("negative at the bad element");
            }
            return v;
        }, new int[in.length]));
        assertEquals("negative at the bad element", e.getMessage());
    }
}
