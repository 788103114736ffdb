package dev.quiver.bench.run;

import dev.quiver.bench.report.Charts;
import dev.quiver.bench.report.Measurement;
import dev.quiver.bench.report.Report;
import dev.quiver.bench.report.SizeList;
import dev.quiver.bench.scaling.ScalingSuite;
import dev.quiver.bench.stream.StreamKernel;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.internal.chartpart.Chart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quiver bench scaling}: speed-up against threads, with Amdahl's law fitted. */
@Command(name = "scaling", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Speed-up against thread count for a kernel over large arrays on simd (memory-bound) and for a batch of CPU-bound "
                + "Java function calls on the task pool, each with Amdahl's law fitted to the curve: the serial fraction it implies "
                + "and the speed-up it allows at most. Speed-ups are of best times over the best time on one thread."})
final class ScalingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-k", "--kernel"}, paramLabel = "K", defaultValue = "triad", description = "The stream kernel (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = {"-t", "--threads"}, paramLabel = "LIST", split = ",",
            description = "Thread counts (default: 1, 2, 4... up to the cores, and the cores; 1 is always measured).")
    List<Integer> threads;

    @Option(names = {"-s", "--size"}, paramLabel = "N", description = "Elements per array for the kernel (default: 64Mi; --quick: 4Mi).")
    String size;

    @Option(names = "--items", paramLabel = "N", description = "Calls in the batch, about a millisecond each (default: 64 per core, at least 512; --quick: 64).")
    Integer items;

    @Option(names = {"-r", "--runs"}, paramLabel = "N", description = "Timed runs per point (default: 10; --quick: 3).")
    Integer runs;

    @Option(names = "--quick", description = "A run of under a minute.")
    boolean quick;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        report.check(spec.commandLine());
        StreamKernel k = StreamKernel.named(kernel).orElseThrow(() -> usage("--kernel: no stream kernel '" + kernel + "'; there are " + StreamKernel.names()));
        int cores = Runtime.getRuntime().availableProcessors();
        var counts = new ArrayList<Integer>(List.of(1));
        if (threads != null) {
            counts.addAll(threads);
        } else {
            for (int t = 2; t < cores; t *= 2) {
                counts.add(t);
            }
            counts.add(cores);
        }
        if (counts.stream().anyMatch(t -> t < 1)) {
            throw usage("--threads must be at least 1 each, got " + threads);
        }
        long n;
        try {
            n = SizeList.parse(size != null ? size : quick ? "4Mi" : "64Mi");
        } catch (IllegalArgumentException e) {
            throw usage("--size: " + e.getMessage());
        }
        if (n > Integer.MAX_VALUE - 8 || 16 * n > Runtime.getRuntime().maxMemory() * 0.9) {
            throw usage("--size " + SizeList.format(n) + " does not fit: four arrays of that many floats must fit in the heap");
        }
        int batch = items != null ? items : quick ? 64 : Math.max(512, 64 * cores);
        if (batch < 1) {
            throw usage("--items must be at least 1, got " + batch);
        }
        var timing = quick ? new Timing(0.3, runs != null ? runs : 3, 2) : new Timing(1, runs != null ? runs : 10, 10);
        var suite = new ScalingSuite(k, n, counts, batch, timing);
        Instant started = Instant.now();
        Progress progress = report.progress(err, 0);
        List<ScalingSuite.Curve> curves = suite.run(progress);
        progress.clear();
        var rows = new ArrayList<Measurement>();
        var findings = new ArrayList<String>();
        for (ScalingSuite.Curve c : curves) {
            rows.addAll(c.rows());
            double f = c.fit().serialFraction();
            String limit = f == 0 ? "no serial part: nothing but the thread count limits the speed-up"
                    : String.format(Locale.ROOT, "so at most %.1fx on any number of threads", c.fit().limit());
            findings.add(String.format(Locale.ROOT, "%s: Amdahl's law fits a serial fraction of %.3f, %s (measured %.2fx on %d threads).", c.title(), f,
                    limit, c.speedUps()[c.speedUps().length - 1], (int) c.threads()[c.threads().length - 1]));
        }
        double load = loadAverage();
        if (load >= cores - 0.5) {
            findings.add(String.format(Locale.ROOT, "The machine was busy (load average %.1f on %d cores at the end): added threads found no idle core,"
                    + " so these speed-ups measure the sharing of the machine more than Quiver; run again on an idle one.", load, cores));
        }
        if (cores <= 2) {
            findings.add("This machine has " + cores + " cores, so each curve has few points; on a many-core machine it says more.");
        }
        var result = new Report("scaling", Bench.commandText(spec), started, Machine.describe(), rows, List.of(), findings);
        boolean written = report.publish(result, () -> {
            var panels = new ArrayList<Chart<?, ?>>();
            curves.forEach(c -> panels.add(Charts.scaling(c.title(), c.threads(), c.speedUps(), c.fit().serialFraction())));
            return panels;
        }, out, err);
        return result.allValid() && written ? 0 : Bench.FAILED;
    }

    /** The one-minute load average, or 0 where the system does not say. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
