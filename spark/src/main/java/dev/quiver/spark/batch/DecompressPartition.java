package dev.quiver.spark.batch;

import dev.quiver.ParallelMap;
import dev.quiver.decompress.BatchLimits;
import dev.quiver.decompress.Codec;
import dev.quiver.decompress.Decompress;
import dev.quiver.decompress.Limits;
import dev.quiver.decompress.Options;
import dev.quiver.decompress.WrittenFile;
import dev.quiver.spark.OnExecutor;
import dev.quiver.tasks.Result;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;

/**
 * A task of {@code quiver decompress} on an executor: its files through {@link Decompress#unordered} on every
 * core of the executor, with the command line's codec, checks and per-file limit. Outputs are written to a
 * temporary file and renamed, as on one machine. A retried task writes again, replacing, the outputs its
 * earlier attempt finished (newer than the batch's start), so they are reported as decompressed, not as
 * skipped; outputs that were there before the batch are skipped. The temporary files of the outputs the dead
 * attempt was writing are removed ({@link StaleTemporaries}).
 *
 * @param codec null to detect each file's codec
 */
record DecompressPartition(String codec, boolean verify, boolean overwrite, long maxOutputBytes, long maxDecoderMemory, Integer threads,
        long batchStartMillis) implements PartitionResults.Work<DecompressTask, DecompressResult> {
    @Serial
    private static final long serialVersionUID = 1L;

    static DecompressPartition of(Options options, Limits limits, Integer threads, long batchStartMillis) {
        return new DecompressPartition(options.codec().map(Codec::id).orElse(null), options.verify(), options.overwrite(),
                limits.maxOutputBytes(), limits.maxDecoderMemory(), threads, batchStartMillis);
    }

    @Override
    public List<DecompressResult> apply(TaskContext context, Iterator<DecompressTask> items) {
        var tasks = new ArrayList<DecompressTask>();
        items.forEachRemaining(tasks::add);
        Options options = Options.defaults().withVerify(verify).withOverwrite(overwrite);
        if (codec != null) {
            options = options.withCodec(Codec.forName(codec));
        }
        Limits limits = Limits.forStreams().withMaxOutputBytes(maxOutputBytes).withMaxDecoderMemory(maxDecoderMemory);
        ParallelMap map = OnExecutor.map("auto").withThreads(threads == null ? ImagePartition.threadsPerTask() : threads);
        if (StaleTemporaries.apply(context)) {
            StaleTemporaries.remove(tasks.stream().map(t -> output(t, codec)).filter(java.util.Objects::nonNull).toList(), ".part",
                    batchStartMillis);
        }
        List<Path> inputs = tasks.stream().map(t -> Path.of(t.input())).toList();
        var outDirs = new java.util.HashMap<Path, Path>();
        tasks.forEach(t -> outDirs.put(Path.of(t.input()), Path.of(t.outDir())));
        var results = new DecompressResult[tasks.size()];
        try (Stream<Result<Path, WrittenFile>> done = Decompress.unordered(inputs, outDirs::get,
                new BatchLimits(limits, Long.MAX_VALUE), options, map)) {
            for (var it = done.iterator(); it.hasNext(); ) {
                Result<Path, WrittenFile> r = it.next();
                DecompressTask task = tasks.get(r.index());
                results[r.index()] = switch (r) {
                    case Result.Success<Path, WrittenFile> s -> written(task, s.value());
                    case Result.Failure<Path, WrittenFile> f when f.error() instanceof FileAlreadyExistsException e && context.attemptNumber() > 0
                            && !overwrite && ImagePartition.writtenSince(Path.of(e.getFile()), batchStartMillis) -> again(task, limits, options);
                    case Result.Failure<Path, WrittenFile> f -> new DecompressResult(task.index(), null, null, 0, 0, f.error());
                    case Result.Skipped<Path, WrittenFile> k -> throw new IllegalStateException("no journal, so nothing is skipped: " + k.item());
                };
            }
        }
        return List.of(results);
    }

    /** Where the task's output goes (its codec detected, unless forced), or null if its input cannot be read. */
    private static Path output(DecompressTask task, String forced) {
        Path in = Path.of(task.input());
        try (var stream = Files.newInputStream(in)) {
            Codec c = forced != null ? Codec.forName(forced) : Codec.detect(stream);
            return Path.of(task.outDir()).resolve(c.outputName(in.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The file decompressed again over what an earlier attempt of this task wrote. */
    private static DecompressResult again(DecompressTask task, Limits limits, Options options) {
        try {
            return written(task, Decompress.toDirectory(Path.of(task.input()), Path.of(task.outDir()), limits, options.withOverwrite(true)));
        } catch (IOException | RuntimeException e) {
            return new DecompressResult(task.index(), null, null, 0, 0, e);
        }
    }

    private static DecompressResult written(DecompressTask task, WrittenFile w) {
        return new DecompressResult(task.index(), w.output().getFileName().toString(), w.codec().id(), w.inputBytes(), w.outputBytes(), null);
    }
}
