package dev.quiver.bench.stream;

import dev.quiver.DeviceArray;
import dev.quiver.ParallelMap;
import dev.quiver.bench.report.Measurement;
import dev.quiver.bench.report.Samples;
import dev.quiver.bench.report.SizeList;
import dev.quiver.bench.run.Progress;
import dev.quiver.bench.run.Timing;
import dev.quiver.bench.run.WarmUp;
import dev.quiver.gpu.opencl.OpenClDevice;
import dev.quiver.gpu.opencl.OpenClDevices;
import dev.quiver.kernel.Accuracy;
import dev.quiver.kernel.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BabelStream's kernels on every backend asked for, at every size: best and median time, GB/s, the share of
 * this machine's peak (measured first, in the same run), and whether the result matched the reference
 * interpreter's, element by element.
 *
 * <p>On the CPU backends the kernels run over Java arrays. On an OpenCL device the arrays are uploaded once
 * and the kernels run on device memory, so kernel time is device time; the copies to and from the device
 * are timed apart, as {@code h2d} and {@code d2h} rows, and the device's own buffer-to-buffer copy is its
 * peak. Every element of every result is checked; a result that does not match is reported as invalid,
 * with no throughput.
 */
public final class StreamSuite {
    /** Arrays the suite holds at once per size: a, b, c, the output and the reference's output. */
    public static final int ARRAYS = 5;
    private static final Pattern DEVICE_INDEX = Pattern.compile("opencl:(\\d+)");

    /**
     * @param backends names for {@link ParallelMap#on}
     * @param sizes    elements per array
     * @param peakSize elements per array for the peak copy; at least the largest size is used
     */
    public record Settings(List<String> backends, List<Long> sizes, long peakSize, Timing timing) {
    }

    private final Settings settings;
    private final List<StreamKernel> kernels;
    private final Progress progress;
    private final Integer threads;
    /** Kernel and backend pairs timed already: their code is compiled, so later sizes need only a short warm-up. */
    private final java.util.Set<String> warm = new java.util.HashSet<>();

    /** @param threads the most threads a CPU backend uses, or null for all cores */
    public StreamSuite(Settings settings, List<StreamKernel> kernels, Progress progress, Integer threads) {
        this.settings = settings;
        this.kernels = List.copyOf(kernels);
        this.progress = progress;
        this.threads = threads;
    }

    /**
     * The backends and sizes checked before anything runs.
     *
     * @throws IllegalArgumentException naming the backend or size that cannot be run, and why
     */
    public List<Target> targets() {
        var targets = new ArrayList<Target>();
        for (String name : settings.backends()) {
            targets.add(Target.open(name, threads));
        }
        long heap = Runtime.getRuntime().maxMemory();
        for (long n : settings.sizes()) {
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("size " + SizeList.format(n) + " is more than a Java array holds (2^31 - 9 elements)");
            }
            long needed = ARRAYS * 4L * n;
            if (needed > heap * 0.9) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "size %s needs about %.1f GiB of heap (%d arrays of %s floats), but this JVM has %.1f GiB: use smaller --sizes, "
                                + "or a larger heap (QUIVER_JAVA_OPTS=-Xmx%dg)", SizeList.format(n), needed / (double) (1L << 30), ARRAYS,
                        SizeList.format(n), heap / (double) (1L << 30), (long) Math.ceil(needed * 1.3 / (1L << 30))));
            }
        }
        return targets;
    }

    /** The peaks first, then for each size: the transfers of each device, then each kernel on each backend. */
    public List<Measurement> run() throws Exception {
        List<Target> targets = targets();
        long peakSize = Math.max(settings.peakSize(), settings.sizes().stream().mapToLong(Long::longValue).max().orElse(1));
        peakSize = Math.min(peakSize, Math.max(1, (long) (Runtime.getRuntime().maxMemory() * 0.4 / 8)));
        int devices = (int) targets.stream().filter(Target::onDevice).count();
        progress.addSteps(2 * (1 + devices) + settings.sizes().size() * (kernels.size() * targets.size() + devices));
        var rows = new ArrayList<Measurement>();
        List<Measurement> first = peaks(targets, peakSize, "first");
        for (long size : settings.sizes()) {
            try (var arrays = new StreamArrays((int) size)) {
                for (Target t : targets) {
                    if (t.onDevice()) {
                        progress.start("transfers to and from " + t.label() + ", " + SizeList.format(size));
                        arrays.upload(t);
                        rows.addAll(transfers(t, arrays));
                        progress.done();
                    }
                }
                for (StreamKernel k : kernels) {
                    arrays.expect(k);
                    for (Target t : targets) {
                        progress.start(k.name() + " on " + t.label() + ", " + SizeList.format(size));
                        rows.add(t.onDevice() ? onDevice(t, k, arrays) : onHost(t, k, arrays));
                        progress.done();
                    }
                }
            }
        }
        // The peak is the best the machine did in this run: on a shared host its bandwidth drifts from minute to minute.
        List<Measurement> last = peaks(targets, peakSize, "last");
        var peaks = new ArrayList<Measurement>();
        for (int i = 0; i < first.size(); i++) {
            Measurement a = first.get(i);
            Measurement b = last.get(i);
            Measurement best = a.throughput() >= b.throughput() ? a : b;
            peaks.add(best.withNote(String.format(Locale.ROOT, "the better of %.1f GB/s at the start and %.1f GB/s at the end of the run",
                    a.throughput(), b.throughput())));
        }
        var result = new ArrayList<Measurement>(peaks);
        for (Measurement m : rows) {
            boolean kernel = m.tool().equals("quiver") && !m.workload().equals("h2d") && !m.workload().equals("d2h");
            double peak = Peaks.of(m.backend().startsWith("opencl:") ? m.backend() : "cpu", peaks);
            result.add(kernel && m.isValid() && !Double.isNaN(peak) ? m.withPeakPercent(100 * m.throughput() / peak) : m);
        }
        progress.clear();
        return result;
    }

    /** The CPU's peak copy and each device's, measured now. */
    private List<Measurement> peaks(List<Target> targets, long peakSize, String when) throws Exception {
        var peaks = new ArrayList<Measurement>();
        progress.start("peak copy on the CPU (" + when + "), " + SizeList.format(peakSize) + " floats");
        peaks.add(Peaks.cpu("stream", peakSize, settings.timing()));
        progress.done();
        for (Target t : targets) {
            if (t.onDevice()) {
                progress.start("peak copy on " + t.label() + " (" + when + ")");
                long n = Math.min(peakSize, t.device().map(d -> d.maxAllocation() / 4).orElse(peakSize));
                peaks.add(Peaks.device(t.map(), t.label(), t.threads(), n, settings.timing()));
                progress.done();
            }
        }
        return peaks;
    }

    private Measurement onHost(Target t, StreamKernel k, StreamArrays arrays) throws Exception {
        ParallelMap map = t.map();
        Optional<String> unsupported = map.unsupported(k.timed());
        if (unsupported.isPresent()) {
            return Measurement.skipped("stream", k.name(), "quiver", t.label(), arrays.n, "elements", "GB/s", unsupported.get());
        }
        if (!warm.contains(k.name() + " " + t.label())) {
            warmUpSmall(map, k);
        }
        float[][] in = arrays.inputsOf(k.timed());
        double[] sum = new double[1];
        Timing.Call call = k.timed().isReduction() ? () -> sum[0] = map.reduce(k.timed(), in)
                : () -> run(map, k, in, k.inPlace() ? arrays.a : arrays.out);
        arrays.resetA(k);
        Samples s = timing(k, t).time(call);
        // Check the result of one more call on the inputs the reference saw.
        arrays.resetA(k);
        call.run();
        String problem = k.timed().isReduction() ? arrays.checkSum(k, sum[0]) : arrays.check(k, k.inPlace() ? arrays.a : arrays.out);
        arrays.resetA(k);
        return row(k, t, arrays.n, s, problem, "");
    }

    private Measurement onDevice(Target t, StreamKernel k, StreamArrays arrays) throws Exception {
        ParallelMap map = t.map();
        Optional<String> unsupported = map.unsupported(k.timed());
        if (unsupported.isPresent()) {
            return Measurement.skipped("stream", k.name(), "quiver", t.label(), arrays.n, "elements", "GB/s", unsupported.get());
        }
        DeviceSet d = arrays.on(t);
        DeviceArray[] in = d.inputsOf(arrays.inputsOf(k.timed()), arrays);
        DeviceArray out = k.inPlace() ? d.a : d.out;
        double[] sum = new double[1];
        Timing.Call call;
        if (k.timed().isReduction()) {
            call = () -> sum[0] = map.reduce(k.timed(), in);
        } else {
            DeviceArray[] all = java.util.Arrays.copyOf(in, in.length + 1);
            all[in.length] = out;
            call = () -> map.map(k.timed(), all);
        }
        Samples s = timing(k, t).time(call);
        String problem;
        if (k.inPlace()) {
            d.a.copyFrom(arrays.a);
        }
        call.run();
        if (k.timed().isReduction()) {
            problem = arrays.checkSum(k, sum[0]);
        } else {
            out.copyTo(arrays.out);
            problem = arrays.check(k, arrays.out);
        }
        if (k.inPlace()) {
            d.a.copyFrom(arrays.a);
        }
        return row(k, t, arrays.n, s, problem, "device time: the arrays stay in " + out.where());
    }

    /**
     * Calls on small arrays until the backend runs the kernel as it will keep running it: a Vector API loop
     * runs hundreds of times slower before C2 has it, and C2 wants a number of calls, which large arrays make
     * slow to reach.
     */
    private void warmUpSmall(ParallelMap map, StreamKernel k) throws Exception {
        int n = 16 << 10;
        float[][] in = new float[k.timed().inputNames().size()][];
        for (int i = 0; i < in.length; i++) {
            in[i] = StreamArrays.fill(new float[n], 10 + i);
        }
        float[] out = new float[n];
        WarmUp.untilSteady(map.backend(), List.of(k.timed()), settings.timing().warmUpSeconds(), () -> {
            if (k.timed().isReduction()) {
                map.reduce(k.timed(), in);
            } else {
                run(map, k, in, out);
            }
        });
    }

    private Timing timing(StreamKernel k, Target t) {
        Timing full = settings.timing();
        return warm.add(k.name() + " " + t.label()) ? full : full.withWarmUp(Math.min(full.warmUpSeconds(), 0.1 + full.warmUpSeconds() / 5));
    }

    private static Measurement row(StreamKernel k, Target t, long n, Samples s, String problem, String note) {
        var m = new Measurement("stream", k.name(), "quiver", t.label(), n, "elements", t.threads(), s.runs(), s.best(), s.median(),
                Peaks.gigabytesPerSecond((double) k.bytesPerElement() * n, s.best()), "GB/s", Double.NaN, true, note);
        return problem.isEmpty() ? m : m.invalid(problem);
    }

    private List<Measurement> transfers(Target t, StreamArrays arrays) throws Exception {
        DeviceArray d = arrays.on(t).out;
        Samples to = settings.timing().time(() -> d.copyFrom(arrays.a));
        Samples from = settings.timing().time(() -> d.copyTo(arrays.out));
        boolean same = java.util.Arrays.equals(arrays.a, arrays.out);
        String problem = same ? "" : "the array read back from " + d.where() + " is not the one written";
        double bytes = 4.0 * arrays.n;
        var h2d = new Measurement("stream", "h2d", "quiver", t.label(), arrays.n, "elements", t.threads(), to.runs(), to.best(), to.median(),
                Peaks.gigabytesPerSecond(bytes, to.best()), "GB/s", Double.NaN, true, "host to device: float[] into " + d.where());
        var d2h = new Measurement("stream", "d2h", "quiver", t.label(), arrays.n, "elements", t.threads(), from.runs(), from.best(), from.median(),
                Peaks.gigabytesPerSecond(bytes, from.best()), "GB/s", Double.NaN, true, "device to host: " + d.where() + " into float[]");
        return problem.isEmpty() ? List.of(h2d, d2h) : List.of(h2d.invalid(problem), d2h.invalid(problem));
    }

    private static void run(ParallelMap map, StreamKernel k, float[][] in, float[] out) {
        switch (in.length) {
            case 1 -> map.map(k.timed(), in[0], out);
            case 2 -> map.map(k.timed(), in[0], in[1], out);
            case 3 -> map.map(k.timed(), in[0], in[1], in[2], out);
            default -> throw new IllegalArgumentException("kernel '" + k.name() + "' takes " + in.length + " inputs; the stream suite gives 1 to 3");
        }
    }

    /**
     * A backend the suite runs on: a CPU backend computing on Java arrays, or an OpenCL device computing on
     * its own memory.
     *
     * @param label   {@code simd}, {@code threads}, or {@code opencl:N} for a device
     * @param threads threads, or the device's compute units
     * @param device  the OpenCL device's description, where there is one
     */
    public record Target(String label, ParallelMap map, boolean onDevice, int threads, Optional<OpenClDevice> device) {

        /** @throws IllegalArgumentException if there is no such backend or it cannot run here */
        static Target open(String name, Integer threads) {
            ParallelMap map;
            try {
                map = threads == null ? ParallelMap.on(name) : ParallelMap.on(name).withThreads(threads);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--backends " + name + ": " + e.getMessage(), e);
            }
            String where;
            boolean onDevice;
            try (DeviceArray probe = map.allocate(Type.FLOAT, 1)) {
                onDevice = probe.onDevice();
                where = probe.where();
            }
            if (!onDevice) {
                return new Target(name, map, false, map.threads(), Optional.empty());
            }
            Matcher m = DEVICE_INDEX.matcher(where);
            String label = m.find() ? m.group() : name;
            Optional<OpenClDevice> device = m.find(0) ? OpenClDevices.discover().devices().stream()
                    .filter(d -> d.index() == Integer.parseInt(m.group(1))).findFirst() : Optional.empty();
            return new Target(label, map, true, device.map(OpenClDevice::computeUnits).orElse(0), device);
        }
    }

    /** The arrays of one size, on the host and on each device, and the reference's output for the kernel now running. */
    private static final class StreamArrays implements AutoCloseable {
        private static final long SEED_A = 1;
        private static final long SEED_B = 2;
        private static final long SEED_C = 3;
        final int n;
        final float[] a;
        final float[] b;
        final float[] c;
        final float[] out;
        final float[] expected;
        double expectedSum;
        double sumOfMagnitudes;
        private final java.util.Map<String, DeviceSet> onDevices = new java.util.LinkedHashMap<>();

        StreamArrays(int n) {
            this.n = n;
            a = fill(new float[n], SEED_A);
            b = fill(new float[n], SEED_B);
            c = fill(new float[n], SEED_C);
            out = new float[n];
            expected = new float[n];
        }

        /** Values in [-1, 1), the same for every backend and every run. */
        static float[] fill(float[] x, long seed) {
            var r = new SplittableRandom(seed);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
            return x;
        }

        /** Puts a back as it was, after an in-place kernel has changed it. */
        void resetA(StreamKernel k) {
            if (k.inPlace()) {
                fill(a, SEED_A);
            }
        }

        /** Copies a, b and c to the device, where they stay for every kernel of this size. */
        void upload(Target t) {
            onDevices.put(t.label(), new DeviceSet(t.map(), this));
        }

        DeviceSet on(Target t) {
            return onDevices.get(t.label());
        }

        /** Arrays a, b, c bound to the kernel's inputs by name, or in order when the names are others (square's x). */
        float[][] inputsOf(dev.quiver.kernel.Kernel kernel) {
            List<String> names = kernel.inputNames();
            float[][] in = new float[names.size()][];
            float[][] abc = {a, b, c};
            for (int i = 0; i < in.length; i++) {
                in[i] = switch (names.get(i)) {
                    case "a" -> a;
                    case "b" -> b;
                    case "c" -> c;
                    default -> abc[Math.min(i, 2)];
                };
            }
            return in;
        }

        /** Runs the reference interpreter for {@code k} on the inputs as they are now. */
        void expect(StreamKernel k) {
            ParallelMap reference = ParallelMap.on("reference");
            float[][] in = inputsOf(k.reference());
            if (k.reference().isReduction()) {
                expectedSum = reference.reduce(k.reference(), in);
                double magnitude = 0;
                for (int i = 0; i < n; i++) {
                    float term = in[0][i];
                    for (int j = 1; j < in.length; j++) {
                        term *= in[j][i];
                    }
                    magnitude += Math.abs(term);
                }
                sumOfMagnitudes = magnitude;
                return;
            }
            switch (in.length) {
                case 1 -> reference.map(k.reference(), in[0], expected);
                case 2 -> reference.map(k.reference(), in[0], in[1], expected);
                default -> reference.map(k.reference(), in[0], in[1], in[2], expected);
            }
        }

        /** Empty if every element is what the reference gave (exactly, or within the bounds of {@link Accuracy}); else the first that is not. */
        String check(StreamKernel k, float[] result) {
            for (int i = 0; i < n; i++) {
                if (!Accuracy.acceptable(k.reference().program(), expected[i], result[i])) {
                    return String.format(Locale.ROOT, "element %d is %s where the reference gives %s", i, result[i], expected[i]);
                }
            }
            return "";
        }

        String checkSum(StreamKernel k, double result) {
            double tolerance = Accuracy.sumTolerance(n, sumOfMagnitudes, true);
            if (Math.abs(result - expectedSum) <= tolerance) {
                return "";
            }
            return String.format(Locale.ROOT, "the sum is %s where the reference gives %s (allowed difference %.3g)", result, expectedSum, tolerance);
        }

        @Override
        public void close() {
            onDevices.values().forEach(DeviceSet::close);
            onDevices.clear();
        }
    }

    /** Copies of a, b and c in one device's memory, and an output there. */
    private static final class DeviceSet implements AutoCloseable {
        final DeviceArray a;
        final DeviceArray b;
        final DeviceArray c;
        final DeviceArray out;

        DeviceSet(ParallelMap device, StreamArrays host) {
            var made = new ArrayList<DeviceArray>();
            try {
                a = keep(made, device.upload(host.a));
                b = keep(made, device.upload(host.b));
                c = keep(made, device.upload(host.c));
                out = keep(made, device.allocate(Type.FLOAT, host.n));
            } catch (RuntimeException e) {
                made.forEach(DeviceArray::close);
                throw e;
            }
        }

        private static DeviceArray keep(List<DeviceArray> made, DeviceArray d) {
            made.add(d);
            return d;
        }

        /** The device copies of the host arrays given. */
        DeviceArray[] inputsOf(float[][] hostInputs, StreamArrays host) {
            DeviceArray[] in = new DeviceArray[hostInputs.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = hostInputs[i] == host.a ? a : hostInputs[i] == host.b ? b : c;
            }
            return in;
        }

        @Override
        public void close() {
            for (DeviceArray d : List.of(a, b, c, out)) {
                d.close();
            }
        }
    }
}
