package dev.quiver.bench.stream;

import dev.quiver.DeviceArray;
import dev.quiver.ParallelMap;
import dev.quiver.bench.report.Measurement;
import dev.quiver.bench.report.Samples;
import dev.quiver.bench.run.Timing;
import dev.quiver.kernel.Type;
import dev.quiver.library.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * This machine's peak streaming bandwidth, measured in the same run as what is compared with it: for the
 * CPU, the best copy it achieves (the JDK's {@code System.arraycopy}, its memcpy, split over every core;
 * and Quiver's {@code copy} kernel on {@code simd}); for a device, its device-to-device copy. Bytes are
 * counted as BabelStream counts a copy: each element read once and written once.
 */
public final class Peaks {
    public static final String TOOL = "peak";

    private Peaks() {
    }

    /** The CPU's best copy of two arrays of {@code n} floats, as a row of GB/s in {@code suite}. */
    public static Measurement cpu(String suite, long n, Timing timing) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int length = Math.toIntExact(n);
        float[] from = new float[length];
        float[] to = new float[length];
        java.util.Arrays.fill(from, 1.5f);
        var methods = new ArrayList<String>();
        double bestGbs = 0;
        Samples best = null;
        String bestMethod = "";
        try (ExecutorService pool = Executors.newFixedThreadPool(cores, r -> {
            Thread t = new Thread(r, "peak-copy");
            t.setDaemon(true);
            return t;
        })) {
            Samples s = timing.time(() -> parallelArraycopy(pool, cores, from, to));
            double gbs = gigabytesPerSecond(8.0 * n, s.best());
            methods.add(String.format(Locale.ROOT, "System.arraycopy on %d threads %.1f GB/s", cores, gbs));
            best = s;
            bestGbs = gbs;
            bestMethod = "System.arraycopy";
        }
        if (usable("simd")) {
            ParallelMap simd = ParallelMap.on("simd");
            Samples s = timing.time(() -> simd.map(Kernels.copy(), from, to));
            double gbs = gigabytesPerSecond(8.0 * n, s.best());
            methods.add(String.format(Locale.ROOT, "Quiver copy on simd %.1f GB/s", gbs));
            if (gbs > bestGbs) {
                best = s;
                bestGbs = gbs;
                bestMethod = "Quiver copy on simd";
            }
        }
        return new Measurement(suite, "peak copy", TOOL, "cpu", n, "elements", cores, best.runs(), best.best(), best.median(), bestGbs,
                "GB/s", 100, true, "the CPU's peak: " + bestMethod + " (best of " + String.join(", ", methods) + ")");
    }

    /** A device's copy of one of its buffers of {@code n} floats into another, as a row of GB/s. */
    public static Measurement device(ParallelMap device, String label, int computeUnits, long n, Timing timing) throws Exception {
        try (DeviceArray from = device.allocate(Type.FLOAT, n); DeviceArray to = device.allocate(Type.FLOAT, n)) {
            Samples s = timing.time(() -> to.copyFrom(from));
            return new Measurement("stream", "peak copy", TOOL, label, n, "elements", computeUnits, s.runs(), s.best(), s.median(),
                    gigabytesPerSecond(8.0 * n, s.best()), "GB/s", 100, true, "the device's peak: device-to-device copy in " + from.where());
        }
    }

    static double gigabytesPerSecond(double bytes, double seconds) {
        return bytes / seconds / 1e9;
    }

    private static boolean usable(String backend) {
        return ParallelMap.backends().stream().anyMatch(b -> b.name().equals(backend) && b.usable());
    }

    private static void parallelArraycopy(ExecutorService pool, int parts, float[] from, float[] to) throws Exception {
        var done = new ArrayList<Future<?>>(parts);
        int n = from.length;
        for (int p = 0; p < parts; p++) {
            // Split on 64-byte boundaries so that no cache line is written by two threads.
            int lo = (int) ((long) n * p / parts) & ~15;
            int hi = p == parts - 1 ? n : (int) ((long) n * (p + 1) / parts) & ~15;
            done.add(pool.submit(() -> System.arraycopy(from, lo, to, lo, hi - lo)));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    /** The peak of {@code backend} (such as {@code cpu} or {@code opencl:0}) among {@code peaks}, in GB/s; NaN if it was not measured. */
    public static double of(String backend, List<Measurement> peaks) {
        return peaks.stream().filter(p -> p.backend().equals(backend)).findFirst().map(Measurement::throughput).orElse(Double.NaN);
    }
}
