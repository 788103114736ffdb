package dev.quiver.bench.run;

import dev.quiver.ParallelMap;
import dev.quiver.bench.report.Charts;
import dev.quiver.bench.report.Measurement;
import dev.quiver.bench.report.Report;
import dev.quiver.bench.report.SizeList;
import dev.quiver.bench.stream.StreamKernel;
import dev.quiver.bench.stream.StreamSuite;
import dev.quiver.gpu.opencl.OpenClDevices;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quiver bench stream}: BabelStream's kernels and square on every backend, against this machine's peak. */
@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"BabelStream's kernels (copy, mul, add, triad, dot, nstream) and square, with BabelStream's byte counts, on every "
                + "backend and size: best and median time, GB/s, and the share of this machine's peak, measured first in the same run "
                + "(the CPU's best streaming copy; a device's own device-to-device copy). Every element of every result is checked "
                + "against the reference interpreter; a result that does not match is reported INVALID, without a throughput.",
            "On an OpenCL device the arrays stay in device memory, so kernel rows are device time; the copies to and from the "
                + "device are the h2d and d2h rows."})
final class StreamCommand implements Callable<Integer> {
    private static final String SIZES = "1Mi,16Mi,64Mi";
    private static final String QUICK_SIZES = "64Ki,1Mi,4Mi";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-b", "--backends"}, paramLabel = "LIST", split = ",",
            description = "Backends: simd, threads, reference, opencl, opencl:N, opencl:gpu, opencl:cpu (default: simd, threads and every OpenCL device).")
    List<String> backends;

    @Option(names = {"-s", "--sizes"}, paramLabel = "LIST", description = "Elements per array, such as 1Mi,16Mi,256Mi (default: "
            + SIZES + ", the largest 8 times the L3 cache of this project's machines, as BabelStream asks; --quick: " + QUICK_SIZES + ").")
    String sizes;

    @Option(names = {"-r", "--runs"}, paramLabel = "N", description = "Timed runs per row after the warm-up; the best and the median are reported (default: 20; --quick: 5).")
    Integer runs;

    @Option(names = {"-k", "--kernels"}, paramLabel = "LIST", split = ",", description = "Kernels to run (default: all of copy,mul,add,triad,dot,nstream,square).")
    List<String> kernels;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Threads for the CPU backends (default: all cores).")
    Integer threads;

    @Option(names = "--peak-size", paramLabel = "N", description = "Elements per array for the peak copy; the largest of --sizes if that is larger (default: 64Mi; --quick: 32Mi).")
    String peakSize;

    @Option(names = "--warm-up", paramLabel = "SECONDS", description = "Untimed calls per row before timing, at most this long "
            + "(default: 1.5; --quick: 0.6; a kernel's first row also warms up as long on small arrays, for the JIT).")
    Double warmUp;

    @Option(names = "--quick", description = "A run of under a minute: small sizes, 5 runs, short warm-ups.")
    boolean quick;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        report.check(spec.commandLine());
        List<StreamKernel> chosen = new ArrayList<>();
        for (String k : kernels == null ? List.of(StreamKernel.names().split(",")) : kernels) {
            chosen.add(StreamKernel.named(k).orElseThrow(() -> usage("--kernels: no stream kernel '" + k + "'; there are " + StreamKernel.names())));
        }
        if (runs != null && runs < 1) {
            throw usage("--runs must be at least 1, got " + runs);
        }
        if (threads != null && threads < 1) {
            throw usage("--threads must be at least 1, got " + threads);
        }
        List<Long> sizeList;
        long peak;
        try {
            sizeList = SizeList.parseAll(sizes != null ? sizes : quick ? QUICK_SIZES : SIZES);
            peak = SizeList.parse(peakSize != null ? peakSize : quick ? "32Mi" : "64Mi");
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        List<String> names = backends != null ? backends : defaultBackends();
        if (warmUp != null && !(warmUp >= 0)) {
            throw usage("--warm-up must be 0 or more seconds, got " + warmUp);
        }
        var timing = quick ? new Timing(0.6, runs != null ? runs : 5, 1) : new Timing(1.5, runs != null ? runs : 20, 10);
        if (warmUp != null) {
            timing = timing.withWarmUp(warmUp);
        }
        var settings = new StreamSuite.Settings(names, sizeList, peak, timing);
        Progress progress = report.progress(err, 0);
        var suite = new StreamSuite(settings, chosen, progress, threads);
        try {
            suite.targets();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Instant started = Instant.now();
        List<Measurement> rows = suite.run();
        var findings = new ArrayList<String>();
        rows.stream().filter(m -> m.tool().equals("peak")).forEach(p -> findings.add(String.format(Locale.ROOT,
                "Peak for %s: %.1f GB/s (%s)", p.backend().equals("cpu") ? "the CPU backends" : p.backend(), p.throughput(), p.note())));
        long invalid = rows.stream().filter(m -> !m.isSkipped() && !m.isValid()).count();
        if (invalid > 0) {
            findings.add(invalid + " result(s) did NOT match the reference: they are marked INVALID and have no throughput.");
        }
        var result = new Report("stream", Bench.commandText(spec), started, Machine.describe(), rows, List.of(), findings);
        boolean written = report.publish(result, () -> Charts.stream(result), out, err);
        return result.allValid() && written ? 0 : Bench.FAILED;
    }

    /** simd and threads where usable, and every OpenCL device by number. */
    static List<String> defaultBackends() {
        var names = new ArrayList<String>();
        for (ParallelMap.BackendStatus b : ParallelMap.backends()) {
            if (b.usable() && (b.name().equals("simd") || b.name().equals("threads"))) {
                names.add(b.name());
            }
        }
        boolean opencl = ParallelMap.backends().stream().anyMatch(b -> b.name().equals("opencl") && b.usable());
        if (opencl) {
            OpenClDevices.discover().devices().forEach(d -> names.add("opencl:" + d.index()));
        }
        return names;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
