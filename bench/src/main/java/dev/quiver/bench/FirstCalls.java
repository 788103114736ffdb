package dev.quiver.bench;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.cli.image.Ops;
import java.util.Locale;

/**
 * The time of each of the first calls of a pixel kernel (OPS, as {@code quiver image} takes them) in a fresh
 * JVM: how long Quiver takes to reach full speed (class generation, then the JIT). JMH measures only after
 * warm-up; this measures it. {@code -Dquiver.simd.coldStart=vector} shows the vector loop from the first call.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.quiver.bench.FirstCalls [PIXELS] [CALLS] [OPS] [BACKEND]
 * </pre>
 */
public final class FirstCalls {
    private FirstCalls() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 20;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Kernel kernel = Ops.parse(args.length > 2 ? args[2] : "grayscale");
        ParallelMap map = ParallelMap.on(args.length > 3 ? args[3] : "simd");
        int[] pixels = new int[n];
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = 0xFF000000 | i * 2654435 & 0xFFFFFF;
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            map.map(kernel, pixels, out);
            long t1 = System.nanoTime();
            System.out.printf(Locale.ROOT, "call %3d at %7.1f ms: %9.3f ms%n", i, (t0 - start) / 1e6, (t1 - t0) / 1e6);
        }
        System.out.printf(Locale.ROOT, "%d calls in %.1f ms%n", calls, (System.nanoTime() - start) / 1e6);
    }
}
