package dev.quiver.bench.run;

import dev.quiver.bench.image.ImageSuite;
import dev.quiver.bench.report.Charts;
import dev.quiver.bench.report.Measurement;
import dev.quiver.bench.report.Report;
import dev.quiver.cli.image.Ops;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.knowm.xchart.internal.chartpart.Chart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quiver bench image}: quiver image against ImageMagick (end to end) and libvips (compute only). */
@Command(name = "image", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"quiver image against the peers on the PATH, on the same inputs made in code (a batch of JPEG photos and one "
                + "large PNG), for each pipeline of operations:",
            "  end to end: quiver image in a process of its own against ImageMagick's mogrify over the same files, run alternately "
                + "(target: Quiver's time <= 0.8x ImageMagick's);",
            "  compute only: the operations in this JVM on decoded pixels against the same operations in vips on its native .v "
                + "files (target: >= 2x libvips' Mpx/s), and against the bandwidth bound (target: >= 70%%).",
            "Every output is checked against the reference interpreter's; a peer not on the PATH is reported as skipped."})
final class ImageBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--jpegs", paramLabel = "N", description = "JPEG photos in the batch (default: 50; --quick: 8).")
    Integer jpegs;

    @Option(names = "--jpeg-size", paramLabel = "WxH", defaultValue = "1920x1080", description = "Their size (default: ${DEFAULT-VALUE}).")
    String jpegSize;

    @Option(names = "--png-size", paramLabel = "WxH", description = "The single PNG's size (default: 6000x4000; --quick: 2000x1500).")
    String pngSize;

    @Option(names = "--ops", paramLabel = "OPS;OPS", defaultValue = "grayscale;grayscale,gamma=2.2,contrast=1.2",
            description = "Pipelines to measure, separated by ';', each as for quiver image (default: ${DEFAULT-VALUE}).")
    String ops;

    @Option(names = "--rounds", paramLabel = "N", description = "Alternating rounds of every tool; best and median over them (default: 3; --quick: 1).")
    Integer rounds;

    @Option(names = {"-b", "--backend"}, paramLabel = "B", defaultValue = "simd", description = "Quiver's backend (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where inputs and outputs go (default: a temporary directory, deleted at the end).")
    Path workDir;

    @Option(names = "--quick", description = "A run of under a minute: fewer and smaller images, one round.")
    boolean quick;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        report.check(spec.commandLine());
        int[] jpeg = size("--jpeg-size", jpegSize);
        int[] png = size("--png-size", pngSize != null ? pngSize : quick ? "2000x1500" : "6000x4000");
        int n = jpegs != null ? jpegs : quick ? 8 : 50;
        int r = rounds != null ? rounds : quick ? 1 : 3;
        if (n < 1 || r < 1) {
            throw usage("--jpegs and --rounds must be at least 1");
        }
        List<String> pipelines = List.of(ops.split(";"));
        for (String p : pipelines) {
            try {
                Ops.recipe(p);
            } catch (IllegalArgumentException e) {
                throw usage("--ops '" + p + "': " + e.getMessage());
            }
        }
        try {
            dev.quiver.ParallelMap.on(backend);
        } catch (IllegalArgumentException e) {
            throw usage("--backend: " + e.getMessage());
        }
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("quiver-bench-image-") : Files.createDirectories(workDir);
        var timing = quick ? new Timing(0.6, 5, 1) : new Timing(1, 10, 5);
        var settings = new ImageSuite.Settings(n, jpeg[0], jpeg[1], png[0], png[1], pipelines, r, backend, timing, quick ? 32L << 20 : 64L << 20, dir);
        Instant started = Instant.now();
        ImageSuite.Outcome outcome;
        try {
            outcome = new ImageSuite(settings, report.progress(err, 0)).run();
        } finally {
            if (temporary) {
                DeleteTree.quietly(dir);
            }
        }
        var result = new Report("image", Bench.commandText(spec), started, Machine.describe(), outcome.rows(), outcome.comparisons(), outcome.findings());
        boolean written = report.publish(result, () -> bars(result), out, err);
        return result.allValid() && written ? 0 : Bench.FAILED;
    }

    /** One bar chart per workload: each tool's median Mpx/s. */
    static List<Chart<?, ?>> bars(Report report) {
        var workloads = new LinkedHashSet<String>();
        report.measurements().stream().filter(m -> !m.tool().equals("peak")).forEach(m -> workloads.add(m.workload()));
        var panels = new ArrayList<Chart<?, ?>>();
        for (String w : workloads) {
            List<Measurement> rows = report.measurements().stream().filter(m -> m.workload().equals(w)).toList();
            panels.add(Charts.bars(w, rows));
        }
        return panels;
    }

    private int[] size(String option, String text) {
        var m = java.util.regex.Pattern.compile("(\\d{1,5})x(\\d{1,5})").matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(2)) < 1) {
            throw usage(option + " must be WIDTHxHEIGHT, such as 1920x1080; got " + text);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
