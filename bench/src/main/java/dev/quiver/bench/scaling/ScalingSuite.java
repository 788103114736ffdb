package dev.quiver.bench.scaling;

import dev.quiver.ParallelMap;
import dev.quiver.bench.report.Measurement;
import dev.quiver.bench.report.Samples;
import dev.quiver.bench.report.SizeList;
import dev.quiver.bench.run.Progress;
import dev.quiver.bench.run.Timing;
import dev.quiver.bench.stream.StreamKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Speed-up against thread count for two kinds of work: one kernel over large arrays on {@code simd}
 * (memory-bound: it stops scaling when memory bandwidth runs out), and a batch of CPU-bound Java function
 * calls on the task pool (it should scale with the cores). Each curve gets Amdahl's law fitted to it.
 *
 * @param threads    thread counts, 1 among them
 * @param batchItems items of the batch; each costs about a millisecond of arithmetic
 */
public record ScalingSuite(StreamKernel kernel, long size, List<Integer> threads, int batchItems, Timing timing) {

    /** @throws IllegalArgumentException if {@code threads} lacks 1 (the base of every speed-up) or has a count under 1 */
    public ScalingSuite {
        threads = threads.stream().distinct().sorted().toList();
        if (threads.isEmpty() || threads.getFirst() != 1) {
            throw new IllegalArgumentException("--threads must include 1, the base of every speed-up, and no count under 1; got " + threads);
        }
    }

    /** One curve: its rows, one per thread count, and the fit. */
    public record Curve(String title, List<Measurement> rows, double[] threads, double[] speedUps, Amdahl fit) {
    }

    public List<Curve> run(Progress progress) throws Exception {
        progress.addSteps(2 * threads.size());
        return List.of(kernelCurve(progress), batchCurve(progress));
    }

    private Curve kernelCurve(Progress progress) throws Exception {
        int n = Math.toIntExact(size);
        var r = new SplittableRandom(7);
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextDouble();
            b[i] = (float) r.nextDouble();
            c[i] = (float) r.nextDouble();
        }
        float[][] abc = {a, b, c};
        List<String> names = kernel.timed().inputNames();
        float[][] in = IntStream.range(0, names.size()).mapToObj(i -> switch (names.get(i)) {
            case "a" -> a;
            case "b" -> b;
            case "c" -> c;
            default -> abc[Math.min(i, 2)];
        }).toArray(float[][]::new);
        float[] out = kernel.inPlace() ? a : new float[n];
        String workload = kernel.name() + " " + SizeList.format(size);
        var samples = new ArrayList<Samples>();
        for (int t : threads) {
            progress.start(workload + " on simd, " + t + " thread" + (t == 1 ? "" : "s"));
            ParallelMap map = ParallelMap.on("simd").withThreads(t);
            double[] sink = new double[1];
            samples.add(timing.time(() -> {
                if (kernel.timed().isReduction()) {
                    sink[0] += map.reduce(kernel.timed(), in);
                } else {
                    switch (in.length) {
                        case 1 -> map.map(kernel.timed(), in[0], out);
                        case 2 -> map.map(kernel.timed(), in[0], in[1], out);
                        default -> map.map(kernel.timed(), in[0], in[1], in[2], out);
                    }
                }
            }));
            progress.done();
        }
        double bytes = (double) kernel.bytesPerElement() * n;
        return curve(workload + " on simd (memory-bound)", workload, "simd", size, "elements", samples, s -> bytes / s / 1e9, "GB/s");
    }

    private Curve batchCurve(Progress progress) throws Exception {
        List<Integer> items = IntStream.range(0, batchItems).boxed().toList();
        String workload = "batch of " + batchItems + " CPU-bound calls";
        var samples = new ArrayList<Samples>();
        for (int t : threads) {
            progress.start(workload + ", " + t + " thread" + (t == 1 ? "" : "s"));
            ParallelMap map = ParallelMap.auto().withThreads(t);
            double[] sink = new double[1];
            samples.add(timing.time(() -> sink[0] += map.map(items, ScalingSuite::work).stream().mapToDouble(Double::doubleValue).sum()));
            progress.done();
        }
        return curve(workload + " on the task pool (CPU-bound)", workload, "task pool", batchItems, "items", samples,
                s -> batchItems / s, "items/s");
    }

    private Curve curve(String title, String workload, String backend, long size, String unitOfSize, List<Samples> samples,
            java.util.function.DoubleUnaryOperator rate, String unit) {
        double one = samples.get(threads.indexOf(1)).best();
        var rows = new ArrayList<Measurement>();
        double[] x = new double[threads.size()];
        double[] speedUps = new double[threads.size()];
        for (int i = 0; i < threads.size(); i++) {
            Samples s = samples.get(i);
            x[i] = threads.get(i);
            speedUps[i] = one / s.best();
            rows.add(new Measurement("scaling", workload, "quiver", backend, size, unitOfSize, threads.get(i), s.runs(), s.best(), s.median(),
                    rate.applyAsDouble(s.best()), unit, Double.NaN, true, String.format(Locale.ROOT, "speed-up %.2fx over 1 thread", speedUps[i])));
        }
        return new Curve(title, rows, x, speedUps, Amdahl.fit(x, speedUps));
    }

    /** About a millisecond of arithmetic that no compiler can skip. */
    static double work(int item) {
        double acc = item;
        for (int i = 1; i <= 120_000; i++) {
            acc += Math.sqrt(acc + i) * 1e-9;
        }
        return acc;
    }
}
