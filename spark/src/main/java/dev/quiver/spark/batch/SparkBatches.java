package dev.quiver.spark.batch;

import dev.quiver.cli.ClusterRunner;
import dev.quiver.cli.image.Job;
import dev.quiver.cli.image.Outcome;
import dev.quiver.decompress.Codec;
import dev.quiver.decompress.DecompressionException;
import dev.quiver.decompress.Limits;
import dev.quiver.decompress.Options;
import dev.quiver.decompress.WrittenFile;
import dev.quiver.spark.ExecutorReport;
import dev.quiver.spark.Sessions;
import dev.quiver.tasks.Result;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code quiver image}, {@code quiver decompress} and {@code quiver devices} on a Spark cluster
 * ({@code --spark-master}). The driver (this JVM) expands the inputs and names the outputs as on one machine;
 * the files are split into tasks, each of which runs the one-machine code over its files on an executor
 * ({@link ImagePartition}, {@link DecompressPartition}); outcomes come back per task as each finishes.
 * Paths travel as absolute paths, and the cluster's nodes must see them as this machine does (a shared file
 * system).
 */
public final class SparkBatches implements ClusterRunner {
    /** At most this many files a task, so that a lost executor costs little work to redo. */
    static final int MAX_FILES_PER_TASK = 16;
    /** At least this many tasks per core of the cluster, so that uneven files even out. */
    static final int TASKS_PER_CORE = 4;

    @Override
    public List<Outcome> images(String master, ImageSettings settings, List<Job> jobs, Consumer<Outcome> each) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        var tasks = new ArrayList<ImageTask>();
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            tasks.add(new ImageTask(i, j.input().toAbsolutePath().toString(), j.output().toAbsolutePath().toString(), j.format().name()));
        }
        try (var session = Sessions.open(master, "quiver image " + settings.ops())) {
            JavaSparkContext sc = session.context();
            var work = new ImagePartition(settings.ops(), settings.backend(), settings.threads(), settings.quality(), settings.force(),
                    System.currentTimeMillis());
            var outcomes = new Outcome[jobs.size()];
            PartitionResults.run(sc.parallelize(tasks, partitions(tasks.size(), sc.defaultParallelism())), work, results -> {
                for (ImageResult r : results) {
                    outcomes[r.index()] = r.outcome(jobs.get(r.index()), tasks.get(r.index()));
                    each.accept(outcomes[r.index()]);
                }
            });
            return Arrays.asList(outcomes);
        }
    }

    @Override
    public Stream<Result<Path, WrittenFile>> decompress(String master, List<Path> inputs, Function<Path, Path> outDirOf, Limits limits,
            Options options, Integer threads) {
        if (inputs.isEmpty()) {
            return Stream.empty();
        }
        var tasks = new ArrayList<DecompressTask>();
        for (int i = 0; i < inputs.size(); i++) {
            tasks.add(new DecompressTask(i, inputs.get(i).toAbsolutePath().toString(), outDirOf.apply(inputs.get(i)).toAbsolutePath().toString()));
        }
        var results = new ArrayList<Result<Path, WrittenFile>>();
        try (var session = Sessions.open(master, "quiver decompress")) {
            JavaSparkContext sc = session.context();
            var work = DecompressPartition.of(options, limits, threads, System.currentTimeMillis());
            PartitionResults.run(sc.parallelize(tasks, partitions(tasks.size(), sc.defaultParallelism())), work, partition -> {
                for (DecompressResult r : partition) {
                    Path input = inputs.get(r.index());
                    results.add(result(r, input, outDirOf.apply(input), tasks.get(r.index())));
                }
            });
        }
        // The whole batch has run by now; a stream keeps the one-machine interface (Decompress.unordered).
        return results.stream();
    }

    @Override
    public List<String> devices(String master) {
        try (var session = Sessions.open(master, "quiver devices")) {
            JavaSparkContext sc = session.context();
            Map<String, ExecutorReport> reports = new LinkedHashMap<>();
            int expected = ExecutorWait.executors(sc);
            for (int round = 0; round < 3 && reports.size() < Math.max(1, expected); round++) {
                int partitions = 4 * Math.max(1, expected) * (round + 1);
                List<Integer> slots = java.util.stream.IntStream.range(0, partitions).boxed().toList();
                for (ExecutorReport r : sc.parallelize(slots, partitions).map(new Report()).collect()) {
                    reports.putIfAbsent(r.executor() + "@" + r.host() + "/" + r.pid(), r);
                }
            }
            var lines = new ArrayList<String>();
            lines.add("Spark master " + master + ": " + reports.size() + " executor" + (reports.size() == 1 ? "" : "s") + " answered"
                    + (expected > reports.size() ? " of " + expected + " registered" : ""));
            for (ExecutorReport r : reports.values()) {
                lines.add("");
                lines.add(r.heading());
                r.backends().forEach(b -> lines.add("  " + b));
            }
            return lines;
        }
    }

    /** The report of the JVM that runs the task. */
    private record Report() implements org.apache.spark.api.java.function.Function<Integer, ExecutorReport> {
        @Override
        public ExecutorReport call(Integer slot) {
            return ExecutorReport.here();
        }
    }

    /** Tasks for a batch of {@code files}: at most {@link #MAX_FILES_PER_TASK} each, at least {@link #TASKS_PER_CORE} per core. */
    static int partitions(int files, int cores) {
        int forSize = (files + MAX_FILES_PER_TASK - 1) / MAX_FILES_PER_TASK;
        return Math.clamp(Math.max(forSize, (long) TASKS_PER_CORE * cores), 1, Math.max(1, files));
    }

    /** The executor's result against the driver's paths: its output in the driver's directory, its error naming the driver's input. */
    private static Result<Path, WrittenFile> result(DecompressResult r, Path input, Path outDir, DecompressTask task) {
        if (r.error() == null) {
            var written = new WrittenFile(input, outDir.resolve(r.outputName()), Codec.forName(r.codec()), r.inputBytes(), r.outputBytes());
            return new Result.Success<>(r.index(), input, written, 1);
        }
        return new Result.Failure<>(r.index(), input, relocated(r.error(), task, input, outDir), 1);
    }

    /**
     * The exception as it would have been on the driver: paths of the executor's (absolute) named as the
     * driver has them, with the same type, so that the command tells a skipped output from a failure.
     */
    static Throwable relocated(Throwable error, DecompressTask task, Path input, Path outDir) {
        if (error instanceof DecompressionException d && d.item().isPresent() && d.getCause() instanceof DecompressionException bare) {
            return bare.forItem(input.toString());
        }
        if (error instanceof FileAlreadyExistsException e && e.getFile() != null) {
            return new FileAlreadyExistsException(outDir.resolve(Path.of(e.getFile()).getFileName()).toString());
        }
        if (error instanceof FileSystemException f && task.input().equals(f.getFile())) {
            try {
                return f.getClass().getConstructor(String.class, String.class, String.class).newInstance(input.toString(), f.getOtherFile(), f.getReason());
            } catch (ReflectiveOperationException e) {
                return error;
            }
        }
        return error;
    }
}
