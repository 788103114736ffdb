package dev.quiver.cli;

import dev.quiver.ParallelMap;
import dev.quiver.cli.image.BatchRunner;
import dev.quiver.cli.image.BatchSummary;
import dev.quiver.cli.image.ImageFileException;
import dev.quiver.cli.image.ImageFormat;
import dev.quiver.cli.image.Inputs;
import dev.quiver.cli.image.Job;
import dev.quiver.cli.image.Ops;
import dev.quiver.cli.image.Outcome;
import dev.quiver.cli.image.OutputNaming;
import dev.quiver.cli.image.PictureReader;
import dev.quiver.cli.image.ProgressLine;
import dev.quiver.cli.image.Recipe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quiver image OPS INPUT... (-o FILE | --out-dir DIR)}: pixel operations over image files, fused
 * into one kernel. Per-file results go to standard error as they come, then a summary. Exit codes: 0 every
 * file written or skipped, 1 some file failed, 2 a bad command line (before any file is touched).
 */
@Command(name = "image", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run pixel operations over image files: decode, run the operations (fused into one pass, a blur a pass of its own) on every core, encode.",
            "",
            "  quiver image grayscale photo.jpg -o gray.png",
            "  quiver image grayscale,gamma=2.2 'photos/*.jpg' --out-dir out/",
            "  quiver image contrast=1.2 photos --recursive --out-dir out --format png",
            "  quiver image \"expr=r = 255 - r; g = g * 0.9\" in.png -o out.png",
            "  quiver image invert 'scans/**/*.tif' --out-dir inverted --time",
            ""})
final class ImageCommand implements Callable<Integer> {
    /** The pixel count --explain assumes when the first input's size cannot be read. */
    private static final long NOMINAL_PIXELS = 12_000_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OPS", description = "Operations separated by commas, such as grayscale,gamma=2.2 (listed below).")
    String ops;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT",
            description = "Image files, directories, or quoted patterns such as 'photos/*.jpg' or '**/*.png' (expanded by quiver).")
    List<String> inputs = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    static final class Destination {
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
                description = "The output file, for one input; its extension (.png .jpg .bmp .tif) names the format.")
        Path file;

        @Option(names = "--out-dir", paramLabel = "DIR", required = true,
                description = "Write each output here, under the input's name relative to its directory or pattern (created if missing).")
        Path directory;
    }

    @Option(names = {"-b", "--backend"}, paramLabel = "NAME", defaultValue = "auto",
            description = "auto, simd, simd:256, threads, reference, opencl[:N] (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Decode N files at once, encode N at once, and run the kernel on N threads (default: N = the number of cores).")
    Integer threads;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Output format: png, jpg, bmp or tiff (default: the input's, or png for GIF and WebP inputs; with -o, its extension's).")
    String format;

    @Option(names = {"-q", "--quality"}, paramLabel = "Q", defaultValue = "90", description = "JPEG quality, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = {"-f", "--force"}, description = "Replace outputs that exist (they are skipped otherwise); with -o, allow it to be the input.")
    boolean force;

    @Option(names = {"-r", "--recursive"}, description = "Take image files in the directories below each INPUT directory too.")
    boolean recursive;

    @Option(names = "--explain", description = "Print which backend runs the kernel, and why, to standard error.")
    boolean explain;

    @Option(names = "--time", description = "Also print the time spent decoding, computing and encoding.")
    boolean time;

    @Option(names = "--progress", negatable = true,
            description = "Show a progress line, redrawn as each file is done: files done of all, the file, failures, megapixels/s, time left "
                + "(default: when standard error is a terminal). Failures are always printed, on lines of their own.")
    Boolean progress;

    @Option(names = "--spark-master", paramLabel = "URL",
            description = "Run the batch on a Spark cluster whose nodes share the file system: spark://HOST:7077, or local[N] for N threads "
                + "in this JVM; each executor picks its own backend (see README.md).")
    String sparkMaster;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Recipe recipe = usage(() -> Ops.recipe(ops));
        // With --spark-master the executors choose their backend, so this machine's may differ and is only explained.
        ParallelMap map = usage(() -> sparkMaster != null ? ParallelMap.auto()
                : threads == null ? ParallelMap.on(backend) : ParallelMap.on(backend).withThreads(threads));
        if (quality < 1 || quality > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quality must be 1 to 100, got " + quality);
        }
        ImageFormat outputFormat = format == null ? null : usage(() -> ImageFormat.named(format).filter(ImageFormat::writable)
                .orElseThrow(() -> new IllegalArgumentException("--format " + format + ": the output formats are " + ImageFormat.writableNames())));
        OutputNaming naming = usage(() -> destination.directory != null
                ? OutputNaming.intoDirectory(destination.directory, outputFormat)
                : OutputNaming.toFile(destination.file, outputFormat));
        Inputs.Expansion expansion = Inputs.expand(inputs, recursive, destination.directory);
        List<Job> jobs = usage(() -> naming.plan(expansion.sources(), force));

        PictureReader reader = PictureReader.forThisHeap();
        if (explain) {
            explain(err, map, recipe, reader, jobs);
        }
        var summary = new BatchSummary();
        boolean bar = progress != null ? progress : System.console() != null && System.console().isTerminal();
        var line = new ProgressLine(err, bar, jobs.size() + expansion.failures().size());
        java.util.function.Consumer<Outcome> report = outcome -> {
            summary.add(outcome);
            line.update(outcome, summary.pixels());
        };
        long start = System.nanoTime();
        expansion.failures().forEach(report);
        BatchRunner.StageWalls walls = BatchRunner.StageWalls.NONE;
        if (sparkMaster != null) {
            ClusterRunner cluster = usage(ClusterRunner::find);
            cluster.images(sparkMaster, new ClusterRunner.ImageSettings(ops, backend, threads, quality, force), jobs, report);
        } else {
            var runner = threads == null ? new BatchRunner(reader, recipe, map, quality, force)
                    : new BatchRunner(reader, recipe, map, quality, force, threads);
            runner.run(jobs, report);
            walls = runner.stageWalls();
        }
        line.finish();
        summary.lines(System.nanoTime() - start, time, walls).forEach(err::println);
        err.flush();
        return summary.failed() > 0 ? Quiver.FAILED : 0;
    }

    /** The backend choice for the first input's size (the choice can depend on the size). */
    private static void explain(PrintWriter err, ParallelMap map, Recipe recipe, PictureReader reader, List<Job> jobs) {
        long pixels = NOMINAL_PIXELS;
        String basis = "a nominal " + NOMINAL_PIXELS / 1_000_000 + "-megapixel image (no input's size could be read)";
        if (!jobs.isEmpty()) {
            try {
                var size = reader.size(jobs.getFirst().input());
                pixels = size.pixels();
                basis = "the first input, " + jobs.getFirst().input() + " (" + size.width() + "x" + size.height() + ")";
            } catch (ImageFileException e) {
                // The batch reports the file; the explanation uses the nominal size.
            }
        }
        err.println("explain: for " + basis + ":");
        for (Recipe.Step step : recipe.steps()) {
            switch (step) {
                case Recipe.Point p -> err.print(map.explain(p.kernel(), pixels));
                case Recipe.Neighbourhood n -> err.println(n.name() + " reads neighbouring pixels: a pass of its own, on the first usable backend"
                        + " that runs neighbourhood kernels (" + map.backend() + ")");
            }
        }
        err.println("JPEG files are decoded and encoded by " + PictureReader.jpegCodec());
        err.flush();
    }

    /** Runs a step whose IllegalArgumentException is a mistake on the command line (exit code 2). */
    private <T> T usage(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The help's closing part: the operations from the built-in kernels' own definitions, formats, exit codes. */
    static List<String> helpFooter() {
        var lines = new ArrayList<String>();
        lines.add("");
        lines.add("Operations, applied left to right in one pass over the pixels:");
        var table = CommandLine.Help.TextTable.forColumns(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF),
                new CommandLine.Help.Column(22, 2, CommandLine.Help.Column.Overflow.SPAN),
                new CommandLine.Help.Column(58, 1, CommandLine.Help.Column.Overflow.WRAP));
        for (String[] row : Ops.help()) {
            table.addRowValues(row);
        }
        lines.addAll(table.toString().lines().map(String::stripTrailing).toList());
        lines.addAll(List.of("",
            "INPUT is a file; a directory, meaning its " + extensions() + " files (with --recursive those below it "
                + "too); or a pattern in quotes, expanded by quiver in name order: * ? [ab] {jpg,png}, and ** for any depth "
                + "of directories ('photos/**/*.png'). Hidden files and the --out-dir are skipped.",
            "",
            "Reads PNG (1 to 16 bits; gray, palette, alpha, interlaced), JPEG (baseline, progressive, CMYK and YCCK; "
                + "turned upright by its EXIF orientation), BMP, GIF (the first frame), TIFF and WebP, told apart by their "
                + "content. Writes PNG, JPEG, BMP and TIFF. 16-bit samples are processed and written at 8 bits. JPEG and BMP "
                + "outputs have no alpha: transparent pixels are composited on white. Outputs carry no metadata.",
            "",
            "Outputs are written to a temporary file and renamed, so none is ever half-written. An output that exists is "
                + "skipped, so a re-run resumes a batch; --force replaces it. No input is ever overwritten, except by -o "
                + "naming it together with --force.",
            "",
            "Exit codes: 0 every file written (or skipped); 1 some file failed (each is reported with its reason, and the "
                + "others are still written); 2 a bad command line, such as an unknown operation (nothing is written)."));
        return lines;
    }

    private static String extensions() {
        return String.join(" ", java.util.Arrays.stream(ImageFormat.values()).flatMap(f -> f.extensions().stream()).toList());
    }
}
