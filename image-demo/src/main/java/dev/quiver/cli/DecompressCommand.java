package dev.quiver.cli;

import dev.quiver.ParallelMap;
import dev.quiver.cli.image.Inputs;
import dev.quiver.cli.image.Outcome;
import dev.quiver.cli.image.Source;
import dev.quiver.decompress.BatchLimits;
import dev.quiver.decompress.Codec;
import dev.quiver.decompress.Decompress;
import dev.quiver.decompress.DecompressionException;
import dev.quiver.decompress.Limits;
import dev.quiver.decompress.Options;
import dev.quiver.decompress.WrittenFile;
import dev.quiver.tasks.Result;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quiver decompress INPUT... --out-dir DIR}: decompresses files in parallel, each into
 * {@code DIR} under its name without the codec's suffix. Inputs are never deleted or changed; existing
 * outputs are skipped unless {@code --force}. Exit codes: 0 every file decompressed (or skipped), 1 some
 * file failed, 2 a bad command line (before any file is touched).
 */
@Command(name = "decompress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decompress files on every core: gzip, zlib, raw deflate, bzip2, zstd, lz4 and xz, detected from their content.",
            "",
            "  quiver decompress logs/*.gz --out-dir plain/",
            "  quiver decompress 'dumps/**/*.zst' --out-dir out --threads 4",
            "  quiver decompress archive --recursive --out-dir out --force --verify",
            "  quiver decompress data.raw --codec deflate --out-dir out",
            ""})
final class DecompressCommand implements Callable<Integer> {
    /** Progress lines at most this often. */
    private static final long PROGRESS_NANOS = 100_000_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "Compressed files, directories, or quoted patterns such as 'logs/*.gz' or '**/*.zst' (expanded by quiver).")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-o", "--out-dir"}, paramLabel = "DIR", required = true,
            description = "Write each output here, under the input's name without its suffix, relative to its directory or pattern (created if missing).")
    Path outDir;

    @Option(names = {"-c", "--codec"}, paramLabel = "CODEC", defaultValue = "auto",
            description = "auto (detect each file's codec from its content), gzip, zlib, deflate, bzip2, zstd, lz4 or xz (default: ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Use N threads: N files at once, and the threads that files leave idle decode the blocks of a bzip2 file "
                + "(one file: all N) (default: all cores).")
    Integer threads;

    @Option(names = {"-k", "--keep"},
            description = "Keep the inputs. Accepted for gzip compatibility: quiver never deletes or changes an input, with or without it.")
    boolean keep;

    @Option(names = {"-f", "--force"}, description = "Replace outputs that exist (they are skipped otherwise).")
    boolean force;

    @Option(names = {"-r", "--recursive"}, description = "Take compressed files in the directories below each INPUT directory too.")
    boolean recursive;

    @Option(names = "--verify", description = "Also check the checksums a decoder may skip: gzip's CRC-32 and header CRC, xz's integrity check.")
    boolean verify;

    @Option(names = "--max-output", paramLabel = "SIZE", defaultValue = "1Gi", converter = Sizes.class,
            description = "Fail a file whose output would pass SIZE bytes, such as 512Mi or 8Gi (default: ${DEFAULT-VALUE}).")
    long maxOutput;

    @Option(names = "--max-total", paramLabel = "SIZE", defaultValue = "none",
            description = "Fail the files not yet done once all outputs together would pass SIZE bytes; none for no limit (default: ${DEFAULT-VALUE}).")
    String maxTotal;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress line on standard error (default: when standard error is a terminal).")
    Boolean progress;

    @Option(names = "--spark-master", paramLabel = "URL",
            description = "Run the batch on a Spark cluster whose nodes share the file system: spark://HOST:7077, or local[N] for N threads "
                + "in this JVM (see README.md).")
    String sparkMaster;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Options options = Options.defaults().withVerify(verify).withOverwrite(force);
        if (!"auto".equalsIgnoreCase(codec.strip())) {
            options = options.withCodec(usage(() -> Codec.forName(codec)));
        }
        Codec forced = options.codec().orElse(null);
        if (threads != null && threads < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        if (maxOutput < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-output must be at least 0, got " + maxOutput);
        }
        long total = "none".equalsIgnoreCase(maxTotal.strip()) ? Long.MAX_VALUE : usage(() -> {
            try {
                return Sizes.parse(maxTotal);
            } catch (CommandLine.TypeConversionException e) {
                throw new IllegalArgumentException("--max-total: " + e.getMessage() + ", or none");
            }
        });
        BatchLimits limits = new BatchLimits(Limits.forStreams().withMaxOutputBytes(maxOutput), total);
        if (sparkMaster != null && total != Long.MAX_VALUE) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-total cannot be used with --spark-master: "
                    + "the executors of a cluster keep no shared count of bytes written (--max-output limits each file)");
        }
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out-dir " + outDir + " is not a directory");
        }
        ParallelMap map = threads == null ? ParallelMap.auto() : ParallelMap.auto().withThreads(threads);

        Inputs.Expansion expansion = Inputs.expand(inputs, recursive, outDir,
                file -> hasSuffix(file, forced), forced == null ? "compressed files (" + suffixes(null) + ")" : forced.id() + " files (" + suffixes(forced) + ")");
        Files.createDirectories(outDir);
        Map<Path, Path> relative = new HashMap<>();
        for (Source s : expansion.sources()) {
            relative.put(s.file(), s.relative());
        }
        List<Path> files = expansion.sources().stream().map(Source::file).toList();

        var summary = new Summary(files.size() + expansion.failures().size());
        for (Outcome.Failed f : expansion.failures()) {
            summary.failed(f.input() + ": " + f.reason());
        }
        boolean showProgress = progress != null ? progress : System.console() != null && System.console().isTerminal();
        Set<Path> written = new HashSet<>();
        long start = System.nanoTime();
        java.nio.file.attribute.FileTime startTime = java.nio.file.attribute.FileTime.from(java.time.Instant.now());
        long lastLine = start;
        int shown = 0;
        java.util.function.Function<Path, Path> outDirOf = in -> {
            Path parent = relative.get(in).getParent();
            return parent == null ? outDir : outDir.resolve(parent);
        };
        try (Stream<Result<Path, WrittenFile>> results = sparkMaster == null ? Decompress.unordered(files, outDirOf, limits, options, map)
                : usage(ClusterRunner::find).decompress(sparkMaster, files, outDirOf, limits.item(), options, threads)) {
            for (var it = results.iterator(); it.hasNext(); ) {
                switch (it.next()) {
                    case Result.Success<Path, WrittenFile> s -> {
                        written.add(s.value().output());
                        summary.ok(s.value());
                    }
                    case Result.Failure<Path, WrittenFile> f when f.error() instanceof FileAlreadyExistsException e -> {
                        if (writtenSince(Path.of(e.getFile()), written, startTime)) {
                            summary.failed(f.item() + ": its output " + e.getFile() + " was written from another input of this batch");
                        } else {
                            summary.skipped(Path.of(e.getFile()));
                        }
                    }
                    case Result.Failure<Path, WrittenFile> f -> {
                        summary.failed(describe(f.item(), f.error()));
                        if (f.error() instanceof DecompressionException d) {
                            summary.limitsHit.add(d.kind());
                        }
                    }
                    case Result.Skipped<Path, WrittenFile> k -> throw new IllegalStateException("no journal, so no item is skipped: " + k.item());
                }
                long now = System.nanoTime();
                if (showProgress && (now - lastLine >= PROGRESS_NANOS || !it.hasNext())) {
                    String line = summary.progress(now - start);
                    // spaces over what is left of a longer line before
                    err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
                    shown = line.length();
                    err.flush();
                    lastLine = now;
                }
            }
        }
        if (showProgress && summary.done() > 0) {
            err.println();
        }
        summary.lines(System.nanoTime() - start, limits).forEach(err::println);
        err.flush();
        return summary.failures.isEmpty() ? 0 : Quiver.FAILED;
    }

    /**
     * Whether an output that was in the way was written by this batch (two inputs with one output name,
     * a.gz and a.zst), rather than there before it; its result may not have been delivered yet.
     */
    private static boolean writtenSince(Path output, Set<Path> written, java.nio.file.attribute.FileTime start) {
        try {
            return written.contains(output) || Files.getLastModifiedTime(output).compareTo(start) >= 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String describe(Path input, Throwable error) {
        String message = Quiver.describe(error);
        return message.startsWith(input.toString()) ? message : input + ": " + message;
    }

    private static boolean hasSuffix(Path file, Codec forced) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return codecs(forced).stream().flatMap(c -> c.suffixes().stream()).anyMatch(name::endsWith);
    }

    /** The codecs whose files a directory gives: the forced one, or every one that detection can find. */
    private static List<Codec> codecs(Codec forced) {
        return forced != null ? List.of(forced) : Arrays.stream(Codec.values()).filter(Codec::hasMagic).toList();
    }

    private static String suffixes(Codec forced) {
        return String.join(" ", codecs(forced).stream().flatMap(c -> c.suffixes().stream()).toList());
    }

    /** Runs a step whose IllegalArgumentException is a mistake on the command line (exit code 2). */
    private <T> T usage(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** What a batch did: counts, bytes and every failure with its reason. */
    private static final class Summary {
        private final int items;
        private int ok;
        private final List<Path> skipped = new ArrayList<>();
        private final List<String> failures = new ArrayList<>();
        private long bytesIn;
        private long bytesOut;
        private final Set<DecompressionException.Kind> limitsHit = java.util.EnumSet.noneOf(DecompressionException.Kind.class);

        Summary(int items) {
            this.items = items;
        }

        void ok(WrittenFile w) {
            ok++;
            bytesIn += w.inputBytes();
            bytesOut += w.outputBytes();
        }

        void skipped(Path output) {
            skipped.add(output);
        }

        void failed(String line) {
            failures.add(line);
        }

        int done() {
            return ok + skipped.size() + failures.size();
        }

        String progress(long nanos) {
            return String.format(Locale.ROOT, "[%d/%d] %d ok, %d skipped, %d failed; %s out, %.1f MB/s", done(), items, ok, skipped.size(),
                    failures.size(), megabytes(bytesOut), rate(bytesOut, nanos));
        }

        List<String> lines(long nanos, BatchLimits limits) {
            var lines = new ArrayList<String>();
            lines.add(String.format(Locale.ROOT, "%d file%s: %d decompressed, %d skipped, %d failed; %s in, %s out in %.2f s (%.1f MB/s out)",
                    items, items == 1 ? "" : "s", ok, skipped.size(), failures.size(), megabytes(bytesIn), megabytes(bytesOut), nanos / 1e9,
                    rate(bytesOut, nanos)));
            if (!skipped.isEmpty()) {
                lines.add(skipped.size() + (skipped.size() == 1 ? " output exists and was" : " outputs exist and were")
                        + " left alone (--force replaces them): " + String.join(", ", skipped.stream().limit(5).map(Path::toString).toList())
                        + (skipped.size() > 5 ? ", ..." : ""));
            }
            if (!failures.isEmpty()) {
                lines.add("failed:");
                failures.forEach(f -> lines.add("  " + f));
                if (limitsHit.contains(DecompressionException.Kind.OUTPUT_LIMIT)) {
                    lines.add("(--max-output raises the limit of " + limits.item().maxOutputBytes() + " bytes per file)");
                }
                if (limitsHit.contains(DecompressionException.Kind.BATCH_LIMIT)) {
                    lines.add("(--max-total raises the limit of " + limits.maxTotalOutputBytes() + " bytes for all files together)");
                }
            }
            return lines;
        }

        private static String megabytes(long bytes) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }

        private static double rate(long bytes, long nanos) {
            return nanos <= 0 ? 0 : bytes / 1e6 / (nanos / 1e9);
        }
    }

    /** The help's closing part: the codecs from their own definitions, inputs, outputs, exit codes. */
    static List<String> helpFooter() {
        var lines = new ArrayList<String>();
        lines.add("");
        lines.add("Codecs (--codec auto detects each file's from its first bytes; raw deflate has no magic number and must be named):");
        var table = CommandLine.Help.TextTable.forColumns(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF),
                new CommandLine.Help.Column(10, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(22, 1, CommandLine.Help.Column.Overflow.WRAP),
                new CommandLine.Help.Column(48, 1, CommandLine.Help.Column.Overflow.WRAP));
        table.addRowValues("codec", "suffixes", "checked (and with --verify)");
        for (Codec c : Codec.values()) {
            table.addRowValues(c.id(), String.join(" ", c.suffixes()),
                    (c.hasMagic() ? "" : "(never detected) ") + c.alwaysChecks() + (c.verifies().startsWith("nothing") ? "" : "; --verify: " + c.verifies()));
        }
        lines.addAll(table.toString().lines().map(String::stripTrailing).toList());
        lines.addAll(List.of("",
            "INPUT is a file, whatever its name; a directory, meaning its files with a codec's suffix (with --recursive those "
                + "below it too); or a pattern in quotes, expanded by quiver in name order: * ? [ab] {gz,zst}, and ** for any "
                + "depth of directories. Hidden files and the --out-dir are skipped.",
            "",
            "Each output is named after its input without the codec's suffix (a.gz -> a, a.tgz -> a.tar; a name without "
                + "one gets .out), written to a temporary file and renamed, so none is ever half-written. An output that exists "
                + "is skipped, so a re-run resumes a batch; --force replaces it. Inputs are never deleted: --keep is accepted "
                + "for gzip compatibility and changes nothing.",
            "",
            "Exit codes: 0 every file decompressed (or skipped); 1 some file failed (each is listed with its reason, and the "
                + "others are still written); 2 a bad command line (nothing is written)."));
        return lines;
    }
}
