package dev.quiver.bench.run;

import dev.quiver.bench.decompress.Corpus;
import dev.quiver.bench.decompress.DecompressSuite;
import dev.quiver.bench.decompress.Format;
import dev.quiver.bench.report.Report;
import dev.quiver.bench.report.SizeList;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quiver bench decompress}: the batch against Python's ProcessPoolExecutor and the native parallel tools. */
@Command(name = "decompress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A batch of buffers of English text, each compressed on its own in bzip2, gzip and zstd, decompressed by Quiver's "
                + "Decompress.batch, by Python's ProcessPoolExecutor(bz2.decompress) (target: Quiver >= 1.5x), and by the best native "
                + "parallel tool over the same data (lbzip2 -d -n T, pigz -d, zstd -d -T T; target: Quiver >= 0.9x), run alternately. "
                + "Every output is checked against the text. A peer not on the PATH is reported as skipped."})
final class DecompressBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--items", paramLabel = "N", description = "Buffers in the batch (default: 300; --quick: 40).")
    Integer items;

    @Option(names = "--item-size", paramLabel = "BYTES", description = "Bytes of text per buffer (default: 600K; --quick: 200K).")
    String itemSize;

    @Option(names = "--formats", paramLabel = "LIST", split = ",", defaultValue = "bzip2,gzip,zstd", description = "Formats (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Threads for Quiver, Python's workers and the tools (default: all cores).")
    Integer threads;

    @Option(names = "--rounds", paramLabel = "N", description = "Alternating rounds; best and median over them (default: 5; --quick: 2).")
    Integer rounds;

    @Option(names = "--corpus", paramLabel = "PATH", split = ",", description = "Files or directories of plain text to cut the buffers from "
            + "(default: /usr/share/doc,/usr/share/common-licenses).")
    List<Path> corpus;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the compressed items go (default: a temporary directory, deleted at the end).")
    Path workDir;

    @Option(names = "--quick", description = "A run of under a minute: fewer and smaller buffers, two rounds.")
    boolean quick;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        report.check(spec.commandLine());
        var chosen = new ArrayList<Format>();
        long size;
        try {
            for (String f : formats) {
                chosen.add(Format.named(f));
            }
            size = SizeList.parse(itemSize != null ? itemSize : quick ? "200K" : "600K");
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        int n = items != null ? items : quick ? 40 : 300;
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        int r = rounds != null ? rounds : quick ? 2 : 5;
        if (n < 1 || t < 1 || r < 1 || size > Integer.MAX_VALUE - 8) {
            throw usage("--items, --threads and --rounds must be at least 1, and --item-size under 2 GiB");
        }
        if (4 * n * size > Runtime.getRuntime().maxMemory() * 0.8) {
            throw usage("the batch (" + n + " x " + size + " bytes) needs about " + (4 * n * size >> 20) + " MiB of heap; this JVM has "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB (QUIVER_JAVA_OPTS=-Xmx...)");
        }
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("quiver-bench-decompress-") : Files.createDirectories(workDir);
        var settings = new DecompressSuite.Settings(chosen, n, (int) size, t, r, corpus != null ? corpus : Corpus.DEFAULT, dir);
        Instant started = Instant.now();
        DecompressSuite.Outcome outcome;
        try {
            outcome = new DecompressSuite(settings, report.progress(err, 0)).run();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        } finally {
            if (temporary) {
                DeleteTree.quietly(dir);
            }
        }
        var result = new Report("decompress", Bench.commandText(spec), started, Machine.describe(), outcome.rows(), outcome.comparisons(),
                outcome.findings());
        boolean written = report.publish(result, () -> ImageBenchCommand.bars(result), out, err);
        return result.allValid() && written ? 0 : Bench.FAILED;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
