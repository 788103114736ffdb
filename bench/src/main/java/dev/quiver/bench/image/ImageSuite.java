package dev.quiver.bench.image;

import dev.quiver.ParallelMap;
import dev.quiver.bench.peer.Processes;
import dev.quiver.bench.peer.QuiverProcess;
import dev.quiver.bench.peer.Tool;
import dev.quiver.bench.report.Comparison;
import dev.quiver.bench.report.Measurement;
import dev.quiver.bench.report.Samples;
import dev.quiver.bench.run.Progress;
import dev.quiver.bench.run.Timing;
import dev.quiver.bench.run.WarmUp;
import dev.quiver.kernel.Kernel;
import dev.quiver.bench.stream.Peaks;
import dev.quiver.cli.image.ImageFormat;
import dev.quiver.cli.image.Ops;
import dev.quiver.cli.image.Picture;
import dev.quiver.cli.image.PictureReader;
import dev.quiver.cli.image.PictureWriter;
import dev.quiver.cli.image.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code quiver image} against ImageMagick and libvips on the same inputs (a batch of JPEG photos and one
 * large PNG), for each pipeline of operations:
 *
 * <ul>
 *   <li>end to end, as a user runs them: {@code quiver image} in a process of its own against one
 *       {@code mogrify} over the same files, the two run alternately, outputs emptied between runs;
 *   <li>compute only: Quiver's operations in this JVM on decoded pixels against the same operations in
 *       {@code vips} on its native {@code .v} files (whose reading and writing costs next to nothing),
 *       alternately, with Quiver's rate also as a share of the bandwidth bound (8 bytes per pixel, read and
 *       written, at the machine's measured copy bandwidth).
 * </ul>
 *
 * Every tool's output is checked against the reference interpreter's on the same decoded input: a mean
 * difference over a few levels marks it invalid. A peer that is not on the PATH is reported as skipped.
 */
public final class ImageSuite {
    /** Largest mean |difference| per channel from the reference, in levels of 255, that counts as the same operation. */
    static final double SAME_OPERATION_LEVELS = 3.0;
    static final List<String> MAGICK = List.of("magick", "mogrify");
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    /**
     * @param backend   the Quiver backend for the compute-only rows
     * @param rounds    alternating rounds of every tool, for the best and the median
     */
    public record Settings(int jpegs, int jpegWidth, int jpegHeight, int pngWidth, int pngHeight, List<String> ops, int rounds, String backend,
            Timing timing, long peakSize, Path workDir) {
    }

    /** What the suite found. */
    public record Outcome(List<Measurement> rows, List<Comparison> comparisons, List<String> findings) {
    }

    private final Settings settings;
    private final Progress progress;
    private final Optional<Tool> magick;
    private final Optional<Tool> vips;
    private final List<Measurement> rows = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();

    public ImageSuite(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
        this.magick = Tool.findAny(MAGICK);
        this.vips = Tool.find("vips");
    }

    public Outcome run() throws Exception {
        int perOps = 4 + 2 * settings.rounds() * 2;
        progress.addSteps(2 + settings.ops().size() * perOps);
        progress.start("making " + settings.jpegs() + " JPEGs of " + settings.jpegWidth() + "x" + settings.jpegHeight() + " and a PNG of "
                + settings.pngWidth() + "x" + settings.pngHeight());
        Path jpegDir = Files.createDirectories(settings.workDir().resolve("jpeg"));
        Path png = settings.workDir().resolve("png").resolve("large.png");
        makeInputs(jpegDir, png);
        progress.done();
        progress.start("peak copy on the CPU");
        Measurement peak = Peaks.cpu("image", settings.peakSize(), settings.timing());
        rows.add(peak.withNote("the bandwidth bound of the compute rows: 8 bytes per pixel at this copy rate"));
        progress.done();
        List<Path> jpegs;
        try (Stream<Path> files = Files.list(jpegDir)) {
            jpegs = files.sorted().toList();
        }
        var reader = PictureReader.forThisHeap();
        Picture firstJpeg = reader.read(jpegs.getFirst());
        Picture large = reader.read(png);
        String batch = settings.jpegs() + " JPEGs " + settings.jpegWidth() + "x" + settings.jpegHeight();
        String single = "PNG " + settings.pngWidth() + "x" + settings.pngHeight();
        for (String ops : settings.ops()) {
            Recipe recipe = Ops.recipe(ops);
            int[] firstJpegExpected = recipe.apply(ParallelMap.on("reference"), firstJpeg.argb(), firstJpeg.width(), firstJpeg.height());
            int[] largeExpected = recipe.apply(ParallelMap.on("reference"), large.argb(), large.width(), large.height());
            endToEnd(batch + " " + ops, ops, jpegDir, jpegs, (long) settings.jpegs() * firstJpeg.pixels(), firstJpegExpected, reader);
            endToEnd(single + " " + ops, ops, png.getParent(), List.of(png), large.pixels(), largeExpected, reader);
            compute("compute " + settings.jpegWidth() + "x" + settings.jpegHeight() + " " + ops, ops, recipe, firstJpeg, firstJpegExpected, peak);
            compute("compute " + settings.pngWidth() + "x" + settings.pngHeight() + " " + ops, ops, recipe, large, largeExpected, peak);
        }
        progress.clear();
        return new Outcome(rows, comparisons, findings);
    }

    private void makeInputs(Path jpegDir, Path png) throws IOException {
        var jpeg = new PictureWriter(ImageFormat.JPEG, 90);
        ParallelMap.auto().forEach(IntStream.range(0, settings.jpegs()).boxed().toList(), i -> {
            try {
                jpeg.write(Photos.photo(settings.jpegWidth(), settings.jpegHeight(), i), jpegDir.resolve(String.format(Locale.ROOT, "img%03d.jpg", i + 1)), true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Files.createDirectories(png.getParent());
        new PictureWriter(ImageFormat.PNG, 90).write(Photos.photo(settings.pngWidth(), settings.pngHeight(), 1000), png, true);
    }

    /** {@code quiver image} against {@code mogrify} over the same files, alternately. */
    private void endToEnd(String workload, String ops, Path inputDir, List<Path> inputs, long pixels, int[] firstExpected, PictureReader reader)
            throws Exception {
        Path quiverOut = Files.createDirectories(settings.workDir().resolve("out-quiver"));
        Path magickOut = Files.createDirectories(settings.workDir().resolve("out-magick"));
        List<String> quiver = QuiverProcess.command(List.of("image", ops, inputDir.toString(), "--out-dir", quiverOut.toString(), "--no-progress",
                "--backend", settings.backend()));
        Optional<List<String>> magickArgs = PeerOps.imageMagick(ops);
        List<String> mogrify = null;
        String magickSkip = null;
        if (magick.isEmpty()) {
            magickSkip = Tool.missing(MAGICK);
        } else if (magickArgs.isEmpty()) {
            magickSkip = "no ImageMagick spelling of '" + ops + "' is known to quiver bench";
        } else {
            mogrify = new ArrayList<>();
            mogrify.add(magick.get().path().toString());
            if (magick.get().name().equals("magick")) {
                mogrify.add("mogrify");
            }
            mogrify.addAll(List.of("-path", magickOut.toString(), "-quality", "90"));
            mogrify.addAll(magickArgs.get());
            for (Path p : inputs) {
                mogrify.add(p.toString());
            }
        }
        var quiverTimes = new ArrayList<Double>();
        var magickTimes = new ArrayList<Double>();
        String[] failed = new String[2];
        for (int r = 0; r < settings.rounds(); r++) {
            // Alternate who goes first, so that neither always meets a warmer or colder page cache.
            boolean quiverFirst = r % 2 == 0;
            for (int turn = 0; turn < 2; turn++) {
                boolean isQuiver = (turn == 0) == quiverFirst;
                if (!isQuiver && mogrify == null || failed[isQuiver ? 0 : 1] != null) {
                    continue;
                }
                progress.start(workload + ": " + (isQuiver ? "quiver image" : magick.get().name()) + ", round " + (r + 1));
                Path out = isQuiver ? quiverOut : magickOut;
                empty(out);
                try {
                    (isQuiver ? quiverTimes : magickTimes).add(Processes.time(isQuiver ? quiver : mogrify, null, TIMEOUT));
                } catch (Processes.Failed e) {
                    failed[isQuiver ? 0 : 1] = e.getMessage();
                }
                progress.done();
            }
        }
        String first = inputs.getFirst().getFileName().toString();
        Measurement q = failed[0] != null ? failedRow(workload, "quiver", "quiver image --backend " + settings.backend(), pixels, failed[0])
                : endToEndRow(workload, "quiver", "quiver image --backend " + settings.backend(), pixels, quiverTimes,
                        check(quiverOut.resolve(first), firstExpected, reader));
        rows.add(q);
        if (mogrify == null) {
            rows.add(Measurement.skipped("image", workload, magick.map(Tool::name).orElse("magick"), "", pixels, "pixels", "Mpx/s", magickSkip));
            return;
        }
        String how = magick.get().name() + " " + version(magick.get());
        Measurement m = failed[1] != null ? failedRow(workload, "imagemagick", how, pixels, failed[1])
                : endToEndRow(workload, "imagemagick", how, pixels, magickTimes, check(magickOut.resolve(first), firstExpected, reader));
        rows.add(m);
        if (q.isValid() && m.isValid()) {
            comparisons.add(Comparison.of(q, m, 1 / 0.8));
        }
    }

    /** A tool that ran and failed: invalid, with what it said. */
    static Measurement failedRow(String workload, String tool, String how, long pixels, String message) {
        return new Measurement("image", workload, tool, how, pixels, "pixels", 0, 0, Double.NaN, Double.NaN, Double.NaN, "Mpx/s", Double.NaN,
                false, "failed: " + message);
    }

    private Measurement endToEndRow(String workload, String tool, String how, long pixels, List<Double> times, Check check) {
        Samples s = Samples.of(times.stream().mapToDouble(Double::doubleValue).toArray());
        var row = new Measurement("image", workload, tool, how, pixels, "pixels", Runtime.getRuntime().availableProcessors(), s.runs(), s.best(),
                s.median(), pixels / s.best() / 1e6, "Mpx/s", Double.NaN, true, "end to end: decode, compute, encode, write; " + check.text());
        return check.same() ? row : row.invalid(check.text());
    }

    /** Quiver's operations in this JVM against the same operations in vips on .v files, alternately. */
    private void compute(String workload, String ops, Recipe recipe, Picture picture, int[] expected, Measurement peak) throws Exception {
        ParallelMap map = ParallelMap.on(settings.backend());
        int[] out = new int[picture.pixels()];
        long pixels = picture.pixels();
        Optional<List<List<String>>> chain = Optional.empty();
        String vipsSkip = null;
        Path scratch = Files.createDirectories(settings.workDir().resolve("vips"));
        Path vin = scratch.resolve("in.v");
        Path vout = scratch.resolve("out.v");
        if (vips.isEmpty()) {
            vipsSkip = Tool.missing(List.of("vips"));
        } else {
            Path matrix = scratch.resolve("gray.mat");
            Files.writeString(matrix, PeerOps.VIPS_GRAY_MATRIX);
            chain = PeerOps.vips(vips.get().path().toString(), ops, vin, vout, matrix, scratch);
            if (chain.isEmpty()) {
                vipsSkip = "no vips spelling of '" + ops + "' is known to quiver bench";
            } else {
                Path png = scratch.resolve("in.png");
                new PictureWriter(ImageFormat.PNG, 90).write(picture, png, true);
                Processes.time(List.of(vips.get().path().toString(), "copy", png.toString(), vin.toString()), null, TIMEOUT);
            }
        }
        warmUpSmall(map, recipe);
        var quiverTimes = new ArrayList<Double>();
        var vipsTimes = new ArrayList<Double>();
        int quiverRuns = 0;
        for (int r = 0; r < settings.rounds(); r++) {
            progress.start(workload + ": quiver on " + settings.backend() + ", round " + (r + 1));
            Samples s = (r == 0 ? settings.timing() : settings.timing().withWarmUp(0)).time(() -> recipe.apply(map, picture.argb(), picture.width(),
                    picture.height(), out));
            quiverTimes.add(s.best());
            quiverRuns += s.runs();
            progress.done();
            if (chain.isPresent()) {
                progress.start(workload + ": vips, round " + (r + 1));
                double total = 0;
                for (List<String> command : chain.get()) {
                    total += Processes.time(command, null, TIMEOUT);
                }
                vipsTimes.add(total);
                progress.done();
            }
        }
        String problem = "";
        for (int i = 0; i < out.length && problem.isEmpty(); i++) {
            // Every backend gives the reference's bytes (transcendental steps within their ulp bound, which rounds to the same byte).
            boolean same = out[i] == expected[i] || recipe.steps().size() == 1 && recipe.steps().getFirst() instanceof Recipe.Point(var k)
                    && dev.quiver.kernel.Accuracy.acceptable(k.program(), expected[i], out[i]);
            if (!same) {
                problem = String.format(Locale.ROOT, "differs from the reference at pixel %d: %08x, the reference %08x", i, out[i], expected[i]);
            }
        }
        Samples qs = Samples.of(quiverTimes.stream().mapToDouble(Double::doubleValue).toArray());
        double rate = pixels / qs.best() / 1e6;
        double bound = peak.throughput() * 1e9 / (8.0 * recipe.steps().size()) / 1e6;
        var q = new Measurement("image", workload, "quiver", settings.backend(), pixels, "pixels", map.threads(), quiverRuns, qs.best(), qs.median(),
                rate, "Mpx/s", 100 * rate / bound, true, String.format(Locale.ROOT,
                        "compute only, in this JVM on decoded pixels; the bandwidth bound is %.0f Mpx/s; best of each round's %d runs", bound,
                        settings.timing().runs()));
        q = problem.isEmpty() ? q : q.invalid(problem);
        rows.add(q);
        findings.add(String.format(Locale.ROOT, "%s on %s: %.0f Mpx/s, %.0f%% of the %.0f Mpx/s that %.1f GB/s of copy bandwidth allows at 8 bytes a pixel"
                + " (target >= 70%%): %s", workload, settings.backend(), rate, 100 * rate / bound, bound, peak.throughput(),
                rate / bound >= 0.7 ? "met" : "NOT met"));
        if (chain.isEmpty()) {
            rows.add(Measurement.skipped("image", workload, "vips", "", pixels, "pixels", "Mpx/s", vipsSkip));
            return;
        }
        // What every vips command costs before it computes anything: starting the process, reading and writing .v.
        var copyTimes = new ArrayList<Double>();
        for (int r = 0; r < settings.rounds(); r++) {
            copyTimes.add(Processes.time(List.of(vips.get().path().toString(), "copy", vin.toString(), scratch.resolve("copy.v").toString()), null,
                    TIMEOUT));
        }
        Samples cs = Samples.of(copyTimes.stream().mapToDouble(Double::doubleValue).toArray());
        Samples vs = Samples.of(vipsTimes.stream().mapToDouble(Double::doubleValue).toArray());
        Path outPng = scratch.resolve("out.png");
        Processes.time(List.of(vips.get().path().toString(), "copy", vout.toString(), outPng.toString()), null, TIMEOUT);
        Check vipsCheck = check(outPng, expected, PictureReader.forThisHeap());
        var v = new Measurement("image", workload, "vips", "vips " + version(vips.get()) + ", " + chain.get().size() + " commands on .v", pixels,
                "pixels", Runtime.getRuntime().availableProcessors(), vs.runs(), vs.best(), vs.median(), pixels / vs.best() / 1e6, "Mpx/s", Double.NaN,
                true, "each operation a vips process reading and writing .v files: " + chain.get().stream()
                        .map(c -> c.get(1)).reduce((a, b) -> a + ", " + b).orElse("") + "; " + vipsCheck.text());
        v = vipsCheck.same() ? v : v.invalid(vipsCheck.text());
        rows.add(v);
        rows.add(new Measurement("image", workload, "vips-copy", "vips copy in.v out.v", pixels, "pixels", Runtime.getRuntime().availableProcessors(),
                cs.runs(), cs.best(), cs.median(), pixels / cs.best() / 1e6, "Mpx/s", Double.NaN, true, String.format(Locale.ROOT,
                        "no operation: the cost of one vips command (process start, .v in and out), of which the row above has %d",
                        chain.get().size())));
        if (q.isValid() && v.isValid()) {
            comparisons.add(Comparison.of(q, v, 2));
        }
    }

    /**
     * Calls on a small tile until the backend runs the fused kernels as a long job does (C2 wants a number of
     * calls, which large images make slow to reach), so that the timed calls measure that code.
     */
    private void warmUpSmall(ParallelMap map, Recipe recipe) throws Exception {
        Picture tile = Photos.photo(256, 256, 7);
        int[] out = new int[tile.pixels()];
        List<Kernel> kernels = recipe.steps().stream().<Kernel>mapMulti((step, into) -> {
            if (step instanceof Recipe.Point(var k)) {
                into.accept(k);
            }
        }).toList();
        WarmUp.untilSteady(map.backend(), kernels, settings.timing().warmUpSeconds(),
                () -> recipe.apply(map, tile.argb(), tile.width(), tile.height(), out));
    }

    /**
     * Whether a tool's output is the reference's operation.
     *
     * @param text "mean |difference| from the reference 0.41 levels on img001.jpg", or why it is not the same
     */
    record Check(boolean same, String text) {
    }

    /** How far a tool's output is from the reference's pixels. */
    static Check check(Path output, int[] expected, PictureReader reader) {
        if (!Files.isRegularFile(output)) {
            return new Check(false, "no output " + output.getFileName() + " was written");
        }
        Picture got;
        try {
            got = reader.read(output);
        } catch (IOException e) {
            return new Check(false, "the output " + output.getFileName() + " cannot be read: " + e.getMessage());
        }
        if (got.pixels() != expected.length) {
            return new Check(false, output.getFileName() + " has " + got.pixels() + " pixels, the reference " + expected.length);
        }
        double sum = 0;
        int[] a = got.argb();
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += Math.abs(((a[i] >> shift) & 0xFF) - ((expected[i] >> shift) & 0xFF));
            }
        }
        double mean = sum / (3.0 * a.length);
        String measured = String.format(Locale.ROOT, "mean |difference| from the reference %.2f levels on %s", mean, output.getFileName());
        return mean <= SAME_OPERATION_LEVELS ? new Check(true, measured)
                : new Check(false, "not the same operation: " + measured + ", more than " + SAME_OPERATION_LEVELS);
    }

    private static void empty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The peer's version, as its first line says it ("8.14.1"), or "" if it will not say. */
    static String version(Tool tool) {
        try {
            Process p = new ProcessBuilder(tool.path().toString(), tool.name().equals("vips") ? "--version" : "-version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            var m = java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+(-\\d+)?)").matcher(text);
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
