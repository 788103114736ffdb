package dev.quiver.bench;

import dev.quiver.DeviceArray;
import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * What a call on host data costs on each backend named: {@code square} from native segments and from Java
 * arrays (on a device, the copies there and back included), {@code dot} on data already on a device, and
 * what {@code ParallelMap.auto()} chooses for a few kernels, with the figures behind the choice.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.quiver.bench.HostCalls [ELEMENTS] [BACKEND,...]
 * </pre>
 */
public final class HostCalls {
    private static final int RUNS = 15;

    private HostCalls() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 24;
        String[] backends = (args.length > 1 ? args[1] : "simd,opencl").split(",");
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 1000;
        }
        float[] y = new float[n];
        for (String name : backends) {
            ParallelMap map = ParallelMap.on(name);
            try (Arena arena = Arena.ofShared()) {
                MemorySegment xs = arena.allocateFrom(ValueLayout.JAVA_FLOAT, x);
                MemorySegment ys = arena.allocate(4L * n, 64);
                report(name, "square, native segments", n, 8, best(() -> map.map(Kernels.square(), xs, ys)));
            }
            report(name, "square, Java arrays", n, 8, best(() -> map.map(Kernels.square(), x, y)));
            try (DeviceArray d = map.upload(x)) {
                report(name, "dot, data where it computes (" + d.where() + ")", n, 8, best(() -> map.reduce(Kernels.dot(), d, d)));
            }
        }
        for (Kernel k : new Kernel[] {Kernels.square(), Kernels.triad(), Kernels.dot(), Kernels.grayscale()}) {
            var why = ParallelMap.auto().explain(k, n);
            System.out.println("auto() on " + k.name() + ": " + why.chosen() + why.candidates().stream().filter(c -> c.reason().contains("measured"))
                    .map(c -> "; " + c.backend() + " " + c.reason().replaceAll(".*(measured to)", "$1")).findFirst().orElse(""));
        }
    }

    private static long best(Runnable call) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            call.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }

    private static void report(String backend, String what, int n, int bytesPerElement, long nanos) {
        System.out.printf(Locale.ROOT, "%-8s %-60s %,d: best of %d %8.2f ms, %6.1f GB/s%n", backend, what, n, RUNS, nanos / 1e6,
                (double) bytesPerElement * n / nanos);
    }
}
