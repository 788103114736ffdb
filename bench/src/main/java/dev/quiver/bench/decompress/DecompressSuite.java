package dev.quiver.bench.decompress;

import dev.quiver.ParallelMap;
import dev.quiver.bench.peer.Processes;
import dev.quiver.bench.peer.Tool;
import dev.quiver.bench.report.Comparison;
import dev.quiver.bench.report.Measurement;
import dev.quiver.bench.report.Samples;
import dev.quiver.bench.run.Progress;
import dev.quiver.decompress.BatchLimits;
import dev.quiver.decompress.Decompress;
import dev.quiver.decompress.Options;
import dev.quiver.tasks.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The batch: {@code items} buffers of English text, each compressed on its own, decompressed by
 * Quiver's {@link Decompress#batch} in this JVM, by Python's {@code ProcessPoolExecutor(workers).map} (the
 * classic way), and by the best native parallel tool over the same buffers concatenated into one file
 * (lbzip2, pigz, zstd; output discarded). Rounds alternate the three. Every output is checked: Quiver's
 * item by item, Python's and the tool's by length and CRC-32.
 */
public final class DecompressSuite {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** @param rounds alternating rounds of the three, for the best and the median */
    public record Settings(List<Format> formats, int items, int itemSize, int threads, int rounds, List<Path> corpus, Path workDir) {
    }

    public record Outcome(List<Measurement> rows, List<Comparison> comparisons, List<String> findings) {
    }

    private final Settings settings;
    private final Progress progress;
    private final List<Measurement> rows = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();

    public DecompressSuite(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public Outcome run() throws Exception {
        progress.addSteps(1 + settings.formats().size() * (1 + 3 * settings.rounds()));
        progress.start("cutting " + settings.items() + " items of " + settings.itemSize() + " bytes from the corpus");
        byte[] text = Corpus.read(settings.corpus(), settings.itemSize());
        List<byte[]> plain = Corpus.slices(text, settings.items(), settings.itemSize());
        var crc = new CRC32();
        plain.forEach(crc::update);
        long expectedCrc = crc.getValue();
        long total = (long) settings.items() * settings.itemSize();
        findings.add(String.format(Locale.ROOT, "Batch: %d items of %,d bytes (%.1f MB in all) cut from %.1f MB of plain text in %s.",
                settings.items(), settings.itemSize(), total / 1e6, text.length / 1e6, settings.corpus()));
        progress.done();
        ParallelMap map = ParallelMap.auto().withThreads(settings.threads());
        for (Format format : settings.formats()) {
            progress.start("compressing the items with " + format.label());
            List<byte[]> compressed = map.map(plain, format::compress);
            Path dir = Files.createDirectories(settings.workDir().resolve(format.label()));
            var files = new ArrayList<String>();
            Path all = dir.resolve("all." + format.suffix());
            try (OutputStream concatenated = Files.newOutputStream(all)) {
                for (int i = 0; i < compressed.size(); i++) {
                    Path f = dir.resolve(String.format(Locale.ROOT, "item%04d.%s", i, format.suffix()));
                    Files.write(f, compressed.get(i));
                    files.add(f.toString());
                    concatenated.write(compressed.get(i));
                }
            }
            long packed = compressed.stream().mapToLong(b -> b.length).sum();
            progress.done();
            runFormat(format, plain, compressed, files, all, packed, total, expectedCrc, map);
        }
        progress.clear();
        return new Outcome(rows, comparisons, findings);
    }

    private void runFormat(Format format, List<byte[]> plain, List<byte[]> compressed, List<String> files, Path all, long packed, long total,
            long expectedCrc, ParallelMap map) throws Exception {
        String workload = String.format(Locale.ROOT, "%s %d x %d KB", format.label(), settings.items(), settings.itemSize() / 1000);
        int threads = settings.threads();
        BatchLimits limits = BatchLimits.forBytes().withMaxTotalOutputBytes(Math.max(BatchLimits.DEFAULT_BYTES_TOTAL, 2 * total));
        // The native tool: checked once, writing a file, before it is timed writing nowhere.
        Optional<Tool> tool = Tool.find(format.tool());
        List<String> toolCommand = null;
        String toolProblem = "";
        if (tool.isPresent()) {
            toolCommand = new ArrayList<>(List.of(tool.get().path().toString()));
            toolCommand.addAll(format.toolArgs(threads));
            toolCommand.add(all.toString());
            Path check = all.resolveSibling("tool-output");
            try {
                Processes.time(toolCommand, check.toFile(), TIMEOUT);
                toolProblem = sameAs(check, total, expectedCrc);
            } catch (Processes.Failed e) {
                toolProblem = "failed: " + e.getMessage();
            } finally {
                Files.deleteIfExists(check);
            }
        }
        PythonPool python = PythonPool.start(format, threads, files, settings.workDir(), total, expectedCrc);
        try {
            // Quiver: warm up (the JIT, the pool), checking every item once.
            String quiverProblem = checkQuiver(Decompress.batch(compressed, limits, Options.defaults(), map), plain);
            var quiverTimes = new ArrayList<Double>();
            var pythonTimes = new ArrayList<Double>();
            var toolTimes = new ArrayList<Double>();
            String pythonProblem = python.problem();
            for (int r = 0; r < settings.rounds(); r++) {
                for (int turn = 0; turn < 3; turn++) {
                    int who = (turn + r) % 3;
                    if (who == 0) {
                        progress.start(workload + ": quiver, round " + (r + 1));
                        long t0 = System.nanoTime();
                        List<Result<byte[], byte[]>> out = Decompress.batch(compressed, limits, Options.defaults(), map);
                        quiverTimes.add((System.nanoTime() - t0) / 1e9);
                        long bytes = out.stream().mapToLong(x -> x instanceof Result.Success<byte[], byte[]> s ? s.value().length : 0).sum();
                        if (quiverProblem.isEmpty() && bytes != total) {
                            quiverProblem = "gave " + bytes + " bytes in round " + (r + 1) + ", not " + total;
                        }
                        progress.done();
                    } else if (who == 1 && python.ready()) {
                        progress.start(workload + ": python ProcessPoolExecutor, round " + (r + 1));
                        double[] run = python.run();
                        pythonTimes.add(run[0]);
                        if (pythonProblem.isEmpty() && (long) run[1] != total) {
                            pythonProblem = "gave " + (long) run[1] + " bytes in round " + (r + 1) + ", not " + total;
                        }
                        progress.done();
                    } else if (who == 2 && toolCommand != null && !toolProblem.startsWith("failed")) {
                        progress.start(workload + ": " + format.tool() + ", round " + (r + 1));
                        toolTimes.add(Processes.time(toolCommand, null, TIMEOUT));
                        progress.done();
                    } else {
                        progress.done();
                    }
                }
            }
            String ratio = String.format(Locale.ROOT, "%.1f MB compressed (ratio %.2f)", packed / 1e6, (double) total / packed);
            Measurement q = row(workload, "quiver", "Decompress.batch on " + threads + " threads", total, threads, quiverTimes, quiverProblem,
                    "in this JVM, after one warm-up batch; " + ratio);
            rows.add(q);
            Measurement p;
            if (!python.ready()) {
                p = Measurement.skipped("decompress", workload, "python", "ProcessPoolExecutor", total, "bytes", "MB/s", python.skipReason());
            } else {
                p = row(workload, "python", "ProcessPoolExecutor(" + threads + ").map(" + format.pythonModule() + ".decompress)", total, threads, pythonTimes,
                        pythonProblem, "timed inside Python, after one warm-up batch; " + python.version());
            }
            rows.add(p);
            Measurement t;
            if (tool.isEmpty()) {
                t = Measurement.skipped("decompress", workload, format.tool(), "", total, "bytes", "MB/s", Tool.missing(List.of(format.tool())));
            } else if (toolProblem.startsWith("failed")) {
                t = new Measurement("decompress", workload, format.tool(), String.join(" ", format.toolArgs(threads)), total, "bytes", threads, 0,
                        Double.NaN, Double.NaN, Double.NaN, "MB/s", Double.NaN, false, toolProblem);
            } else {
                t = row(workload, format.tool(), String.join(" ", format.toolArgs(threads)), total, threads, toolTimes, toolProblem,
                        "a process over the items concatenated into one file, output discarded");
            }
            rows.add(t);
            if (q.isValid() && p.isValid()) {
                comparisons.add(Comparison.of(q, p, 1.5));
            }
            if (q.isValid() && t.isValid()) {
                comparisons.add(Comparison.of(q, t, 0.9));
            }
        } finally {
            python.close();
        }
    }

    private static Measurement row(String workload, String tool, String how, long bytes, int threads, List<Double> times, String problem, String note) {
        if (times.isEmpty()) {
            return new Measurement("decompress", workload, tool, how, bytes, "bytes", threads, 0, Double.NaN, Double.NaN, Double.NaN, "MB/s", Double.NaN,
                    false, problem.isEmpty() ? "no round ran" : problem);
        }
        Samples s = Samples.of(times.stream().mapToDouble(Double::doubleValue).toArray());
        var m = new Measurement("decompress", workload, tool, how, bytes, "bytes", threads, s.runs(), s.best(), s.median(), bytes / s.best() / 1e6,
                "MB/s", Double.NaN, true, note);
        return problem.isEmpty() ? m : m.invalid(problem);
    }

    private static String checkQuiver(List<Result<byte[], byte[]>> out, List<byte[]> plain) {
        for (int i = 0; i < out.size(); i++) {
            if (!(out.get(i) instanceof Result.Success<byte[], byte[]> s)) {
                return "item " + i + " failed: " + ((Result.Failure<byte[], byte[]>) out.get(i)).error().getMessage();
            }
            if (!Arrays.equals(s.value(), plain.get(i))) {
                return "item " + i + " is not the text it was made from";
            }
        }
        return "";
    }

    private static String sameAs(Path file, long total, long expectedCrc) throws IOException {
        var crc = new CRC32();
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int r; (r = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, r);
                n += r;
            }
        }
        if (n != total) {
            return "gave " + n + " bytes, not " + total;
        }
        return crc.getValue() == expectedCrc ? "" : "gave other bytes than the text (CRC-32 differs)";
    }

    /** The Python side: one python3 process holding a warm ProcessPoolExecutor, timing a batch each time it is asked. */
    static final class PythonPool implements AutoCloseable {
        private final Process process;
        private final BufferedReader from;
        private final Writer to;
        private final String skip;
        private final String problem;
        private final String version;

        private PythonPool(Process process, BufferedReader from, Writer to, String skip, String problem, String version) {
            this.process = process;
            this.from = from;
            this.to = to;
            this.skip = skip;
            this.problem = problem;
            this.version = version;
        }

        /** Starts python3 and waits until its pool has decompressed the batch once, checked against {@code total} bytes and their CRC-32. */
        static PythonPool start(Format format, int workers, List<String> files, Path workDir, long total, long expectedCrc) throws IOException {
            Optional<Tool> python = Tool.find("python3");
            if (python.isEmpty()) {
                return new PythonPool(null, null, null, Tool.missing(List.of("python3")), "", "");
            }
            Path script = workDir.resolve("pool_decompress.py");
            try (InputStream in = DecompressSuite.class.getResourceAsStream("pool_decompress.py")) {
                Files.write(script, in.readAllBytes());
            }
            var command = new ArrayList<>(List.of(python.get().path().toString(), script.toString(), format.label(), Integer.toString(workers)));
            command.addAll(files);
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            var from = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            var to = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            String first = from.readLine();
            String version = versionOf(python.get());
            if (first == null) {
                p.destroy();
                return new PythonPool(null, null, null, "python3 ended before it was ready (exit " + waitFor(p) + ")", "", version);
            }
            if (first.startsWith("skip ")) {
                waitFor(p);
                return new PythonPool(null, null, null, first.substring(5), "", version);
            }
            String[] ready = first.split(" ");
            String problem;
            if (ready.length != 3 || !ready[0].equals("ready")) {
                problem = "python3 said '" + first + "' where it should say 'ready BYTES CRC32'";
            } else if (Long.parseLong(ready[1]) != total) {
                problem = "gave " + ready[1] + " bytes, not " + total;
            } else {
                problem = Long.parseLong(ready[2]) == expectedCrc ? "" : "gave other bytes than the text (CRC-32 differs)";
            }
            return new PythonPool(p, from, to, "", problem, version);
        }

        boolean ready() {
            return process != null;
        }

        String skipReason() {
            return skip;
        }

        String problem() {
            return problem;
        }

        String version() {
            return version;
        }

        /** One timed batch: {seconds, bytes}. */
        double[] run() throws IOException {
            to.write("run\n");
            to.flush();
            String line = from.readLine();
            if (line == null || !line.startsWith("time ")) {
                throw new IOException("python3 did not time the batch: it said " + line);
            }
            String[] parts = line.split(" ");
            return new double[] {Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
        }

        @Override
        public void close() {
            if (process == null) {
                return;
            }
            try {
                to.write("quit\n");
                to.close();
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private static int waitFor(Process p) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        private static String versionOf(Tool python) {
            try {
                Process p = new ProcessBuilder(python.path().toString(), "--version").redirectErrorStream(true).start();
                String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                p.waitFor();
                return v;
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
    }
}
