package dev.quiver.bench;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.util.Arrays;
import java.util.Locale;

/**
 * Quiver's side of the comparison with the C STREAM-style control in bench/stream: the same kernels,
 * sizes, byte counts and output format, so that bench/stream/compare.sh can run the two alternately.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.quiver.bench.StreamRun 67108864 20 simd
 * </pre>
 */
public final class StreamRun {
    private StreamRun() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 26;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ParallelMap map = ParallelMap.on(args.length > 2 ? args[2] : "simd");
        if (args.length > 3) {
            map = map.withThreads(Integer.parseInt(args[3]));
        }
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = 1.0f + (i % 7) * 0.1f;
            b[i] = 2.0f;
            c[i] = 0.5f;
        }
        ParallelMap m = map;
        time("square", runs, 8.0 * n, n, m, () -> m.map(Kernels.square(), a, b));
        time("triad", runs, 12.0 * n, n, m, () -> m.map(Kernels.triad(), b, c, a));
        time("copy", runs, 8.0 * n, n, m, () -> m.map(Kernels.copy(), a, c));
        double[] sink = new double[1];
        Kernel dot = Kernels.dot();
        time("dot", runs, 8.0 * n, n, m, () -> sink[0] += m.reduce(dot, a, b));
        if (sink[0] == 12345.0) {
            System.out.println();
        }
    }

    private static void time(String name, int runs, double bytes, int n, ParallelMap map, Runnable kernel) {
        for (int w = 0; w < 3; w++) {
            kernel.run();
        }
        double[] times = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            kernel.run();
            times[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "%-8s n=%d threads=%d best %.3f ms (%.2f GB/s) median %.3f ms (%.2f GB/s)%n", name, n, map.threads(),
                times[0] * 1e3, bytes / times[0] / 1e9, times[runs / 2] * 1e3, bytes / times[runs / 2] / 1e9);
    }
}
