package dev.quiver.cli;

import dev.quiver.ParallelMap;
import dev.quiver.cli.image.ImageFormat;
import dev.quiver.cli.image.Ops;
import dev.quiver.cli.image.Picture;
import dev.quiver.cli.image.PictureWriter;
import dev.quiver.cli.image.Recipe;
import dev.quiver.cli.image.SampleImage;
import dev.quiver.kernel.Accuracy;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Type;
import dev.quiver.library.Builtin;
import dev.quiver.library.Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job on a built-in sample: every built-in kernel over a large array on every usable backend,
 * timed, and checked against the reference interpreter.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every built-in kernel over a large array on every usable backend, and check each result "
            + "against the reference interpreter.",
            "Prints kernel, backend, size, best time, GB/s (bytes read and written, counted as BabelStream does) "
            + "and whether the result matched.",
            "Then runs a built-in sample image (a gradient with shapes, made in code) through image operations on the same "
            + "backends and the reference, writes each output as PNG, and prints each backend's best time, megapixels per "
            + "second and whether its pixels matched the reference's, byte for byte. Exits 1 if any result did not match."})
final class DemoCommand implements Callable<Integer> {
    /** Seconds of timed runs per kernel and backend before the demo moves on, so slow backends do not hold it up. */
    private static final double TIME_PER_ROW = 1.5;
    /** Untimed warm-up per kernel and backend: at most this many calls, stopping once this long has passed. */
    private static final int WARM_UP_CALLS = 200;
    private static final long WARM_UP_NANOS = 1_000_000_000L;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-n", "--size"}, paramLabel = "N", defaultValue = "16Mi", converter = Sizes.class,
            description = "Elements per array: 4096, 64Ki, 16Mi... (default: ${DEFAULT-VALUE}).")
    long size;

    @Option(names = {"-r", "--runs"}, paramLabel = "R", defaultValue = "5", description = "Timed runs per kernel and backend, after untimed warm-up runs (fewer if they take over 1.5 s); the best is shown (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = {"-b", "--backends"}, paramLabel = "LIST", split = ",",
            description = "Backends to run, such as simd,threads (default: every usable one, and the reference).")
    List<String> backends;

    @Option(names = {"-k", "--kernels"}, paramLabel = "LIST", split = ",", description = "Built-in kernels to run (default: all).")
    List<String> kernels;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Use at most N threads (default: all cores).")
    Integer threads;

    @Option(names = "--image-size", paramLabel = "WxH", defaultValue = "2048x1536",
            description = "The built-in sample image's size, or 0 for no image section (default: ${DEFAULT-VALUE}).")
    String imageSize;

    @Option(names = "--image-ops", paramLabel = "OPS", defaultValue = "grayscale,contrast=1.2,gamma=2.2",
            description = "The operations run over the sample image, as for quiver image (default: ${DEFAULT-VALUE}).")
    String imageOps;

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Where the sample image and each backend's output are written as PNG (default: a new temporary directory, printed).")
    Path outDir;

    @Override
    public Integer call() {
        if (size > Integer.MAX_VALUE - 8 || size < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be from 1 to 2^31 - 9 elements, got " + size);
        }
        if (runs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1, got " + runs);
        }
        PrintWriter out = spec.commandLine().getOut();
        int n = (int) size;
        List<String> names = backends != null ? backends : ParallelMap.backends().stream()
                .filter(ParallelMap.BackendStatus::usable).map(ParallelMap.BackendStatus::name).toList();
        List<Builtin> chosen = kernels == null ? Kernels.all() : kernels.stream().map(k -> Kernels.find(k).orElseThrow(
                () -> new CommandLine.ParameterException(spec.commandLine(), "no built-in kernel '" + k + "'; see 'quiver map --help'"))).toList();
        var maps = new ArrayList<ParallelMap>();
        for (String name : names) {
            ParallelMap m = ParallelMap.on(name);
            maps.add(threads == null ? m : m.withThreads(threads));
        }
        ImageSection image = imageSection(names, maps);
        out.printf(Locale.ROOT, "Quiver demo: %s elements per array, best of %d runs%n", Sizes.format(n), runs);
        out.println("Machine: " + Machine.describe());
        out.println();
        out.printf(Locale.ROOT, "%-13s %-10s %8s %12s %9s  %s%n", "kernel", "backend", "size", "best time", "GB/s", "matches reference");
        out.flush();
        var data = new Data(n);
        ParallelMap reference = ParallelMap.on("reference");
        boolean allMatch = true;
        for (Builtin b : chosen) {
            Kernel k = b.kernel().params().stream().allMatch(p -> b.kernel().value(p).isPresent()) ? b.kernel() : sample(b);
            Object expected = data.run(reference, k);
            for (int i = 0; i < maps.size(); i++) {
                ParallelMap m = maps.get(i);
                var unsupported = m.unsupported(k);
                if (unsupported.isPresent()) {
                    out.printf(Locale.ROOT, "%-13s %-10s %8s %12s %9s  %s%n", b.name(), names.get(i), Sizes.format(n), "-", "-",
                            "not run: " + unsupported.get());
                    continue;
                }
                double best = Double.MAX_VALUE;
                double spent = 0;
                Object result = warmUp(data, m, k);
                for (int r = 0; r < runs && spent < TIME_PER_ROW; r++) {
                    long t0 = System.nanoTime();
                    result = data.run(m, k);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    best = Math.min(best, seconds);
                    spent += seconds;
                }
                String verdict = data.compare(k, expected, result);
                allMatch &= verdict.equals("yes");
                double gbs = k.program().bytesPerElement() * (double) n / best / 1e9;
                out.printf(Locale.ROOT, "%-13s %-10s %8s %9.3f ms %9.2f  %s%n", b.name(), names.get(i), Sizes.format(n), best * 1e3, gbs, verdict);
                out.flush();
            }
        }
        if (image != null) {
            allMatch &= image.run(out);
        }
        out.println();
        out.println(allMatch ? "Every result matched the reference (exactly, or within the bounds in dev.quiver.kernel.Accuracy)."
                : "SOME RESULTS DID NOT MATCH THE REFERENCE.");
        out.flush();
        return allMatch ? 0 : Quiver.FAILED;
    }

    /** The image section's settings, checked before anything runs; null for --image-size 0. */
    private ImageSection imageSection(List<String> names, List<ParallelMap> maps) {
        if (imageSize.equals("0")) {
            return null;
        }
        var size = java.util.regex.Pattern.compile("(\\d{1,6})x(\\d{1,6})").matcher(imageSize);
        if (!size.matches() || Integer.parseInt(size.group(1)) < 1 || Integer.parseInt(size.group(2)) < 1
                || Long.parseLong(size.group(1)) * Long.parseLong(size.group(2)) > Integer.MAX_VALUE - 8) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--image-size must be WIDTHxHEIGHT, such as 2048x1536, or 0; got " + imageSize);
        }
        Recipe recipe;
        try {
            recipe = Ops.recipe(imageOps);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--image-ops: " + e.getMessage());
        }
        return new ImageSection(Integer.parseInt(size.group(1)), Integer.parseInt(size.group(2)), recipe, names, maps);
    }

    /**
     * The sample image through the image operations on each backend: best time, megapixels per second, and
     * whether the output's pixels are the reference's, byte for byte; every output written as PNG.
     */
    private final class ImageSection {
        private final int width;
        private final int height;
        private final Recipe recipe;
        private final List<String> names;
        private final List<ParallelMap> maps;

        ImageSection(int width, int height, Recipe recipe, List<String> names, List<ParallelMap> maps) {
            this.width = width;
            this.height = height;
            this.recipe = recipe;
            this.names = names;
            this.maps = maps;
        }

        /** Prints the section; false if some backend's output differed from the reference's. */
        boolean run(PrintWriter out) {
            Path dir;
            try {
                dir = outDir != null ? Files.createDirectories(outDir) : Files.createTempDirectory("quiver-demo-");
            } catch (IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out-dir " + outDir + ": cannot create it: " + e.getMessage());
            }
            Picture sample = SampleImage.of(width, height);
            int[] expected = new int[sample.pixels()];
            recipe.apply(ParallelMap.on("reference"), sample.argb(), width, height, expected);
            out.println();
            out.printf(Locale.ROOT, "Sample image: %d x %d (%.1f megapixels), %s; outputs in %s%n", width, height, sample.pixels() / 1e6, imageOps, dir);
            write(out, sample, dir.resolve("sample.png"));
            out.printf(Locale.ROOT, "%-10s %12s %10s  %-28s %s%n", "backend", "best time", "Mpx/s", "output", "matches reference");
            out.flush();
            boolean allMatch = true;
            List<String> rows = names.contains("reference") ? names : java.util.stream.Stream.concat(names.stream(), java.util.stream.Stream.of("reference")).toList();
            for (int i = 0; i < rows.size(); i++) {
                ParallelMap m = i < maps.size() ? maps.get(i) : ParallelMap.on("reference");
                int[] result = new int[sample.pixels()];
                double best = Double.MAX_VALUE;
                double spent = 0;
                long warmStart = System.nanoTime();
                for (int calls = 0; calls < WARM_UP_CALLS && System.nanoTime() - warmStart < WARM_UP_NANOS; calls++) {
                    recipe.apply(m, sample.argb(), width, height, result);
                }
                for (int r = 0; r < runs && spent < TIME_PER_ROW; r++) {
                    long t0 = System.nanoTime();
                    recipe.apply(m, sample.argb(), width, height, result);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    best = Math.min(best, seconds);
                    spent += seconds;
                }
                int differ = java.util.stream.IntStream.range(0, expected.length).filter(p -> expected[p] != result[p]).findFirst().orElse(-1);
                String verdict = differ < 0 ? "yes" : String.format(Locale.ROOT, "NO: pixel (%d, %d) is %08x, the reference %08x",
                        differ % width, differ / width, result[differ], expected[differ]);
                allMatch &= differ < 0;
                String file = "sample." + rows.get(i).replace(':', '-') + ".png";
                write(out, sample.withPixels(result), dir.resolve(file));
                out.printf(Locale.ROOT, "%-10s %9.3f ms %10.1f  %-28s %s%n", rows.get(i), best * 1e3, sample.pixels() / 1e6 / best, file, verdict);
                out.flush();
            }
            return allMatch;
        }

        private static void write(PrintWriter out, Picture picture, Path file) {
            try {
                new PictureWriter(ImageFormat.PNG, 90).write(picture, file, true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Untimed runs until the JIT has had time to compile the kernel's loop: one run is not enough, as a
     * Vector API loop runs several hundred times slower until C2 has compiled it (about a second in).
     */
    private static Object warmUp(Data data, ParallelMap m, Kernel k) {
        long start = System.nanoTime();
        Object result;
        int calls = 0;
        do {
            result = data.run(m, k);
            calls++;
        } while (calls < WARM_UP_CALLS && System.nanoTime() - start < WARM_UP_NANOS);
        return result;
    }

    /** A built-in whose parameters need values, with typical ones. */
    private static Kernel sample(Builtin b) {
        return switch (b.name()) {
            case "brightness" -> Kernels.brightness(20);
            case "contrast" -> Kernels.contrast(1.3f);
            case "gamma" -> Kernels.gamma(2.2f);
            case "threshold" -> Kernels.threshold(128);
            default -> throw new IllegalStateException("no sample value for " + b.signature());
        };
    }

    /** The sample arrays: uniform floats in [-1, 1) and random opaque pixels, the same for every backend. */
    private static final class Data {
        final float[][] floats = new float[3][];
        final int[] pixels;

        Data(int n) {
            var r = new SplittableRandom(2026);
            for (int k = 0; k < 3; k++) {
                floats[k] = new float[n];
                for (int i = 0; i < n; i++) {
                    floats[k][i] = (float) (r.nextDouble() * 2 - 1);
                }
            }
            pixels = new int[n];
            for (int i = 0; i < n; i++) {
                pixels[i] = 0xFF000000 | r.nextInt(1 << 24);
            }
        }

        /** Runs the kernel; returns its output array, or its reduction as a Double. */
        Object run(ParallelMap m, Kernel k) {
            int n = pixels.length;
            if (k.isReduction()) {
                return switch (k.inputNames().size()) {
                    case 1 -> m.reduce(k, floats[0]);
                    default -> m.reduce(k, floats[0], floats[1]);
                };
            }
            if (k.outputType() == Type.PIXEL) {
                int[] out = new int[n];
                m.map(k, pixels, out);
                return out;
            }
            float[] out = new float[n];
            switch (k.inputNames().size()) {
                case 1 -> m.map(k, floats[0], out);
                case 2 -> m.map(k, floats[0], floats[1], out);
                default -> m.map(k, floats[0], floats[1], floats[2], out);
            }
            return out;
        }

        String compare(Kernel k, Object expected, Object actual) {
            if (expected instanceof Double e) {
                double a = (Double) actual;
                if (k.program().reduction().orElseThrow() != dev.quiver.kernel.Reduction.SUM) {
                    return e.equals(a) ? "yes" : "NO: " + a + " where the reference gives " + e;
                }
                double magnitude = 0;
                for (int i = 0; i < pixels.length; i++) {
                    magnitude += Math.abs(k.inputNames().size() == 1 ? floats[0][i] : (double) (floats[0][i] * floats[1][i]));
                }
                double tolerance = Accuracy.sumTolerance(pixels.length, magnitude, true);
                return Math.abs(e - a) <= tolerance ? "yes" : String.format(Locale.ROOT, "NO: off by %.3g (allowed %.3g)", Math.abs(e - a), tolerance);
            }
            if (expected instanceof int[] e) {
                int[] a = (int[]) actual;
                for (int i = 0; i < e.length; i++) {
                    if (!Accuracy.acceptable(k.program(), e[i], a[i])) {
                        return String.format(Locale.ROOT, "NO: pixel %d is %08x, the reference %08x", i, a[i], e[i]);
                    }
                }
                return "yes";
            }
            float[] e = (float[]) expected;
            float[] a = (float[]) actual;
            for (int i = 0; i < e.length; i++) {
                if (!Accuracy.acceptable(k.program(), e[i], a[i])) {
                    return String.format(Locale.ROOT, "NO: element %d is %s, the reference %s", i, a[i], e[i]);
                }
            }
            return "yes";
        }
    }
}
