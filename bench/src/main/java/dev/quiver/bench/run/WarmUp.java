package dev.quiver.bench.run;

import dev.quiver.kernel.Kernel;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Backends;
import dev.quiver.spi.Executable;
import dev.quiver.spi.Invocation;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Untimed calls before timed ones, until the code measured is the code a long job runs: {@code simd} runs a
 * kernel's scalar loop until its vector loop is warm, which it starts only once the scalar loop has cost a
 * second of CPU time (see {@code ColdStart}), so a fixed number of calls on small data may never get there.
 */
public final class WarmUp {
    /** A kernel whose backend has not settled by then never will; the timed calls measure what it has. */
    private static final long MAX_NANOS = 60_000_000_000L;

    private WarmUp() {
    }

    /**
     * Makes {@code call} until every kernel runs on {@code backend} at the speed it will keep, and for at
     * least {@code seconds} and two calls in all.
     */
    public static void untilSteady(String backend, List<Kernel> kernels, double seconds, Timing.Call call) throws Exception {
        List<BooleanSupplier> settled = settled(backend, kernels);
        long start = System.nanoTime();
        for (int calls = 0; calls < 2 || System.nanoTime() - start < seconds * 1e9 || !settled.stream().allMatch(BooleanSupplier::getAsBoolean); calls++) {
            if (System.nanoTime() - start > MAX_NANOS) {
                return;
            }
            call.run();
        }
    }

    /**
     * Whether the backend runs each kernel on Java arrays (as the suites call them) at the speed it will keep;
     * none if it cannot prepare them (the call falls back, and has nothing to settle).
     */
    private static List<BooleanSupplier> settled(String backend, List<Kernel> kernels) {
        try {
            Backend b = Backends.named(backend);
            return kernels.stream().<BooleanSupplier>map(k -> {
                Executable executable = b.prepare(k.program());
                Invocation onArrays = Invocation.like(k.program(), k.paramValues(), false);
                return () -> executable.steady(onArrays);
            }).toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
