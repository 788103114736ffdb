package dev.quiver.bench;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The built-in kernels through {@link ParallelMap} on each backend, at an in-cache, a last-level-cache
 * and a memory-bound size. {@code threads} is 0 for all cores. Compare with {@link ControlBenchmarks}
 * at the same size and thread count.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar KernelBenchmarks -p size=67108864 -p backend=simd
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g", "-Xms4g", "-XX:+AlwaysPreTouch"})
public class KernelBenchmarks {
    @Param({"4096", "1048576", "67108864"})
    int size;

    @Param({"auto", "simd", "threads"})
    String backend;

    @Param({"0"})
    int threads;

    private ParallelMap map;
    private float[] a;
    private float[] b;
    private float[] c;
    private int[] pixels;
    private int[] out;
    private final Kernel square = Kernels.square();
    private final Kernel triad = Kernels.triad();
    private final Kernel dot = Kernels.dot();
    private final Kernel grayscale = Kernels.grayscale();

    @Setup(Level.Trial)
    public void setUp() {
        map = ParallelMap.on(backend);
        if (threads > 0) {
            map = map.withThreads(threads);
        }
        a = Data.floats(size, 1);
        b = Data.floats(size, 2);
        c = Data.floats(size, 3);
        pixels = Data.pixels(size, 4);
        out = new int[size];
    }

    /** b = a * a: 8 bytes per element. */
    @Benchmark
    public float[] square() {
        map.map(square, a, b);
        return b;
    }

    /** a = b + 0.4 * c: 12 bytes per element. */
    @Benchmark
    public float[] triad() {
        map.map(triad, b, c, a);
        return a;
    }

    /** sum of a * b: 8 bytes per element. */
    @Benchmark
    public double dot() {
        return map.reduce(dot, a, b);
    }

    /** Rec.601 luma of packed ARGB: 8 bytes per pixel. */
    @Benchmark
    public int[] grayscale() {
        map.map(grayscale, pixels, out);
        return out;
    }
}
