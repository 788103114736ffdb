package dev.quiver.bench;

import dev.quiver.ParallelMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ParallelMap.map(List, Function)} beside what a Java programmer would otherwise write: a parallel
 * stream, a ForkJoinPool splitting the list recursively, and a sequential loop. {@code trivial*} measures
 * the cost per item of the machinery (the function adds one); {@code heavy*} a CPU-bound function of
 * about 40 µs per item, where two cores should give nearly twice the loop's speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx2g", "-Xms2g", "-XX:+AlwaysPreTouch"})
public class TaskBenchmarks {
    private static final Function<Integer, Integer> TRIVIAL = i -> i + 1;
    private static final Function<Integer, Double> HEAVY = TaskBenchmarks::work;

    @Param({"1000", "100000"})
    int size;

    private List<Integer> items;
    private List<Integer> heavyItems;
    private ForkJoinPool pool;
    private ParallelMap map;

    @Setup(Level.Trial)
    public void setUp() {
        items = IntStream.range(0, size).boxed().toList();
        heavyItems = items.subList(0, Math.min(size, 1000));
        pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        map = ParallelMap.auto();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** About 40 µs of arithmetic (measured on the 2-core EPYC) that C2 cannot fold away. */
    static double work(int seed) {
        double x = seed;
        for (int k = 0; k < 6_000; k++) {
            x = Math.sqrt(x + k) * 1.0000001;
        }
        return x;
    }

    @Benchmark
    public List<Integer> trivialQuiver() {
        return map.map(items, TRIVIAL);
    }

    @Benchmark
    public List<Integer> trivialParallelStream() {
        return items.parallelStream().map(TRIVIAL).toList();
    }

    @Benchmark
    public List<Integer> trivialForkJoin() {
        return forkJoin(items, TRIVIAL);
    }

    @Benchmark
    public List<Integer> trivialLoop() {
        return loop(items, TRIVIAL);
    }

    @Benchmark
    public List<Double> heavyQuiver() {
        return map.map(heavyItems, HEAVY);
    }

    @Benchmark
    public List<Double> heavyParallelStream() {
        return heavyItems.parallelStream().map(HEAVY).toList();
    }

    @Benchmark
    public List<Double> heavyLoop() {
        return loop(heavyItems, HEAVY);
    }

    private static <T, R> List<R> loop(List<T> in, Function<T, R> f) {
        List<R> out = new ArrayList<>(in.size());
        for (T t : in) {
            out.add(f.apply(t));
        }
        return out;
    }

    /** Halves the range until it has at most 1/(8 × cores) of the items, as a careful fork/join programmer would. */
    @SuppressWarnings("unchecked")
    private <T, R> List<R> forkJoin(List<T> in, Function<T, R> f) {
        Object[] out = new Object[in.size()];
        int leaf = Math.max(1, in.size() / (8 * pool.getParallelism()));
        class Split extends RecursiveAction {
            final int from;
            final int to;

            Split(int from, int to) {
                this.from = from;
                this.to = to;
            }

            @Override
            protected void compute() {
                if (to - from <= leaf) {
                    for (int i = from; i < to; i++) {
                        out[i] = f.apply(in.get(i));
                    }
                    return;
                }
                int mid = (from + to) >>> 1;
                invokeAll(new Split(from, mid), new Split(mid, to));
            }
        }
        pool.invoke(new Split(0, in.size()));
        return (List<R>) Arrays.asList(out);
    }
}
