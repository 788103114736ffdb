package dev.quiver.bench;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * What a careful programmer writes by hand, for comparison with {@link KernelBenchmarks}: a plain
 * scalar loop (which C2 may auto-vectorize) and a hand-written {@link FloatVector} loop, each on one
 * thread ({@code threads=1}) or split in equal halves across {@code threads} cores with a ForkJoinPool.
 * The pixel loops compute exactly what the grayscale kernel does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g", "-Xms4g", "-XX:+AlwaysPreTouch"})
public class ControlBenchmarks {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final float S = 0.4f;

    @Param({"4096", "1048576", "67108864"})
    int size;

    @Param({"1", "2"})
    int threads;

    private float[] a;
    private float[] b;
    private float[] c;
    private int[] pixels;
    private int[] out;
    private ForkJoinPool pool;

    @Setup(Level.Trial)
    public void setUp() {
        a = Data.floats(size, 1);
        b = Data.floats(size, 2);
        c = Data.floats(size, 3);
        pixels = Data.pixels(size, 4);
        out = new int[size];
        pool = new ForkJoinPool(threads);
    }

    private interface Range {
        void run(int part, int from, int to);
    }

    /** Splits [0, size) into {@code threads} equal parts, the way an OpenMP static schedule does. */
    private void split(Range range) {
        if (threads == 1) {
            range.run(0, 0, size);
            return;
        }
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                var parts = new RecursiveAction[threads];
                int step = (size / threads + 63) & ~63;
                for (int t = 0; t < threads; t++) {
                    int part = t;
                    int from = Math.min(size, t * step);
                    int to = Math.min(size, from + step);
                    parts[t] = new RecursiveAction() {
                        @Override
                        protected void compute() {
                            range.run(part, from, to);
                        }
                    };
                }
                invokeAll(parts);
            }
        });
    }

    @Benchmark
    public float[] squareScalar() {
        split((part, from, to) -> {
            for (int i = from; i < to; i++) {
                b[i] = a[i] * a[i];
            }
        });
        return b;
    }

    @Benchmark
    public float[] squareFloatVector() {
        split((part, from, to) -> {
            int i = from;
            for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
                var v = FloatVector.fromArray(F, a, i);
                v.mul(v).intoArray(b, i);
            }
            for (; i < to; i++) {
                b[i] = a[i] * a[i];
            }
        });
        return b;
    }

    @Benchmark
    public float[] triadScalar() {
        split((part, from, to) -> {
            for (int i = from; i < to; i++) {
                a[i] = b[i] + S * c[i];
            }
        });
        return a;
    }

    @Benchmark
    public float[] triadFloatVector() {
        split((part, from, to) -> {
            int i = from;
            for (int bound = from + F.loopBound(to - from); i < bound; i += F.length()) {
                FloatVector.fromArray(F, b, i).add(FloatVector.fromArray(F, c, i).mul(S)).intoArray(a, i);
            }
            for (; i < to; i++) {
                a[i] = b[i] + S * c[i];
            }
        });
        return a;
    }

    @Benchmark
    public double dotScalar() {
        double[] parts = new double[threads];
        split((part, from, to) -> {
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += a[i] * b[i];
            }
            parts[part] = sum;
        });
        return java.util.Arrays.stream(parts).sum();
    }

    @Benchmark
    public double dotFloatVector() {
        double[] parts = new double[threads];
        split((part, from, to) -> {
            var s0 = FloatVector.zero(F);
            var s1 = FloatVector.zero(F);
            int i = from;
            int step = 2 * F.length();
            for (int bound = from + (to - from) / step * step; i < bound; i += step) {
                s0 = FloatVector.fromArray(F, a, i).fma(FloatVector.fromArray(F, b, i), s0);
                s1 = FloatVector.fromArray(F, a, i + F.length()).fma(FloatVector.fromArray(F, b, i + F.length()), s1);
            }
            double sum = s0.add(s1).reduceLanes(VectorOperators.ADD);
            for (; i < to; i++) {
                sum += a[i] * b[i];
            }
            parts[part] = sum;
        });
        return java.util.Arrays.stream(parts).sum();
    }

    /** Rec.601 luma of one pixel, rounded half to even, alpha kept: what the grayscale kernel computes. */
    private static int gray(int p) {
        float y = ((p >>> 16) & 0xFF) * 0.299f + ((p >>> 8) & 0xFF) * 0.587f + (p & 0xFF) * 0.114f;
        int level = (int) Math.min(Math.max(Math.rint(y), 0), 255);
        return (p & 0xFF000000) | level << 16 | level << 8 | level;
    }

    @Benchmark
    public int[] grayscaleScalar() {
        split((part, from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = gray(pixels[i]);
            }
        });
        return out;
    }

    @Benchmark
    public int[] grayscaleFloatVector() {
        split((part, from, to) -> {
            int i = from;
            for (int bound = from + I.loopBound(to - from); i < bound; i += I.length()) {
                var p = IntVector.fromArray(I, pixels, i);
                var r = (FloatVector) p.lanewise(VectorOperators.LSHR, 16).and(0xFF).convert(VectorOperators.I2F, 0);
                var g = (FloatVector) p.lanewise(VectorOperators.LSHR, 8).and(0xFF).convert(VectorOperators.I2F, 0);
                var bl = (FloatVector) p.and(0xFF).convert(VectorOperators.I2F, 0);
                var y = r.mul(0.299f).add(g.mul(0.587f)).add(bl.mul(0.114f));
                // Luma is within 0..255, so rounding by adding and subtracting 2^23 needs no sign handling.
                var level = (IntVector) y.add(0x1p23f).sub(0x1p23f).convert(VectorOperators.F2I, 0);
                p.and(0xFF000000).or(level.lanewise(VectorOperators.LSHL, 16)).or(level.lanewise(VectorOperators.LSHL, 8)).or(level)
                        .intoArray(out, i);
            }
            for (; i < to; i++) {
                out[i] = gray(pixels[i]);
            }
        });
        return out;
    }
}
