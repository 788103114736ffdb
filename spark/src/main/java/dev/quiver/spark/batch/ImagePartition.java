package dev.quiver.spark.batch;

import dev.quiver.ParallelMap;
import dev.quiver.cli.image.BatchRunner;
import dev.quiver.cli.image.ImageFormat;
import dev.quiver.cli.image.Job;
import dev.quiver.cli.image.Ops;
import dev.quiver.cli.image.Outcome;
import dev.quiver.cli.image.PictureReader;
import dev.quiver.cli.image.Problem;
import dev.quiver.cli.image.Recipe;
import dev.quiver.spark.OnExecutor;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;

/**
 * A task of {@code quiver image} on an executor, with the command line's settings: its files through {@code quiver image}'s own
 * {@link BatchRunner} (decode, the operations on the executor's best backend, encode, with the same
 * per-file errors, atomic outputs and skipping of existing outputs as on one machine).
 *
 * <p>A retried task (its first attempt's executor died, say) finds the outputs that attempt had finished:
 * written atomically, so whole, and newer than the batch's start. It writes those again, replacing them with
 * the same bytes, rather than skipping them, so that they are reported as written, as they were, and not as
 * left from an earlier run. Outputs older than the batch are skipped as on one machine. The temporary files of
 * the outputs the dead attempt was writing are removed ({@link StaleTemporaries}).
 */
record ImagePartition(String ops, String backend, Integer threads, int quality, boolean force, long batchStartMillis) implements PartitionResults.Work<ImageTask, ImageResult> {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public List<ImageResult> apply(TaskContext context, Iterator<ImageTask> items) {
        var tasks = new ArrayList<ImageTask>();
        items.forEachRemaining(tasks::add);
        OnExecutor.imageIo();
        ParallelMap map;
        try {
            map = OnExecutor.map(backend);
            map = threads == null ? map : map.withThreads(threads);
        } catch (IllegalArgumentException e) {
            return tasks.stream().map(t -> ImageResult.failed(t, Problem.COMPUTE, e.getMessage())).toList();
        }
        Recipe recipe = Ops.recipe(ops);
        PictureReader reader = PictureReader.forThisHeap();
        int stageThreads = threads == null ? threadsPerTask() : threads;
        var runner = new BatchRunner(reader, recipe, map, quality, force, stageThreads);
        var again = new BatchRunner(reader, recipe, map, quality, true, stageThreads);

        if (StaleTemporaries.apply(context)) {
            StaleTemporaries.remove(tasks.stream().map(t -> Path.of(t.output())).toList(), ".tmp", batchStartMillis);
        }
        var fresh = new ArrayList<ImageTask>();
        var redone = new ArrayList<ImageTask>();
        for (ImageTask t : tasks) {
            boolean earlierAttempt = context.attemptNumber() > 0 && !force && writtenSince(Path.of(t.output()), batchStartMillis);
            (earlierAttempt ? redone : fresh).add(t);
        }
        var results = new ArrayList<ImageResult>();
        run(runner, fresh, results);
        run(again, redone, results);
        return results;
    }

    private static void run(BatchRunner runner, List<ImageTask> tasks, List<ImageResult> results) {
        if (tasks.isEmpty()) {
            return;
        }
        List<Job> jobs = tasks.stream().map(t -> new Job(Path.of(t.input()), Path.of(t.output()), ImageFormat.valueOf(t.format()))).toList();
        List<Outcome> outcomes = runner.run(jobs, o -> { });
        for (int i = 0; i < tasks.size(); i++) {
            results.add(ImageResult.of(tasks.get(i), outcomes.get(i)));
        }
    }

    /**
     * Decode and encode threads for one task: the executor's cores shared among the tasks it runs at once
     * (N in {@code local[N]}, else {@code spark.executor.cores} where set), so that several tasks of one JVM
     * do not each hold a full machine's pictures in flight. Where the task slots are not known (a standalone
     * executor that took all of a Worker's cores), every core.
     */
    static int threadsPerTask() {
        int cores = Runtime.getRuntime().availableProcessors();
        var env = org.apache.spark.SparkEnv.get();
        if (env == null) {
            return cores;
        }
        String master = env.conf().get("spark.master", "");
        int slots = 1;
        var local = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
        if (local.matches()) {
            slots = local.group(1).equals("*") ? cores : Integer.parseInt(local.group(1));
        } else if (env.conf().contains("spark.executor.cores")) {
            slots = env.conf().getInt("spark.executor.cores", 1);
        }
        return Math.max(1, cores / Math.max(1, slots));
    }

    /** Whether the file exists and was last changed at or after {@code startMillis}. */
    static boolean writtenSince(Path file, long startMillis) {
        try {
            return Files.getLastModifiedTime(file).toMillis() >= startMillis;
        } catch (IOException e) {
            return false;
        }
    }
}
