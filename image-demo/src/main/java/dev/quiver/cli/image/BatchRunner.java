package dev.quiver.cli.image;

import dev.quiver.ParallelMap;
import dev.quiver.tasks.Pipeline;
import dev.quiver.tasks.Result;
import dev.quiver.tasks.StageException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs {@code quiver image}'s jobs: for each, decode the input, run the kernel, encode the output, and
 * report one {@link Outcome}. A file that fails is reported and the batch goes on; an output that exists
 * is skipped unless {@code force}, so that a re-run resumes an interrupted batch.
 *
 * <p>The three stages are separate public methods ({@link #decode}, {@link #compute}, {@link #encode}),
 * each safe to call from any thread, so that a pipeline can overlap them across files. {@link #run} is
 * a pipeline of them (see there).
 */
public final class BatchRunner {
    private final PictureReader reader;
    private final Recipe recipe;
    private final ParallelMap map;
    private final int quality;
    private final boolean force;
    private final int decodeThreads;
    private final int encodeThreads;
    private final int capacity;
    private volatile StageWalls lastWalls = StageWalls.NONE;

    /**
     * @param recipe  the operations, every parameter bound ({@link Ops#recipe})
     * @param quality JPEG quality, 1..100
     * @param force   whether existing outputs are replaced rather than skipped
     */
    public BatchRunner(PictureReader reader, Recipe recipe, ParallelMap map, int quality, boolean force) {
        this(reader, recipe, map, quality, force, Runtime.getRuntime().availableProcessors());
    }

    /**
     * As above, with {@code threads} threads each for decoding and for encoding.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public BatchRunner(PictureReader reader, Recipe recipe, ParallelMap map, int quality, boolean force, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.reader = Objects.requireNonNull(reader, "reader");
        this.recipe = Objects.requireNonNull(recipe, "recipe");
        this.map = Objects.requireNonNull(map, "map");
        this.quality = quality;
        this.force = force;
        this.decodeThreads = threads;
        this.encodeThreads = threads;
        this.capacity = capacityFor(Runtime.getRuntime().maxMemory(), LARGEST_EXPECTED_PIXELS, threads, threads);
    }

    /**
     * The pixel count the queues are sized for: 24 megapixels (6000 x 4000, a large camera's JPEG). Larger
     * images still run, with fewer beside them if memory runs short (a file that cannot be decoded in the
     * memory left fails alone, as too large).
     */
    static final long LARGEST_EXPECTED_PIXELS = 24_000_000;

    /**
     * Items per queue between stages: as many as let every picture the pipeline can hold, at
     * {@code largestPixels} each (an int per pixel, and the compute stage's second array), fit in half the
     * heap, between 1 and 4. Two are enough to keep the compute stage busy; more only smooth out files of
     * uneven size.
     */
    static int capacityFor(long maxHeapBytes, long largestPixels, int decodeThreads, int encodeThreads) {
        long pictureBytes = Math.max(1, largestPixels) * Integer.BYTES;
        long pictures = maxHeapBytes / 2 / pictureBytes;
        long fixed = decodeThreads + encodeThreads + 2;
        return (int) Math.clamp((pictures - fixed) / 2, 1, 4);
    }

    /** A decoded input, on its way to {@link #compute}. */
    public record Decoded(Job job, Picture picture, long decodeNanos) {
    }

    /** A computed output, on its way to {@link #encode}. */
    public record Computed(Job job, Picture result, long decodeNanos, long computeNanos) {
    }

    /**
     * Runs every job, handing each outcome to {@code each} in input order as it is known (on the calling
     * thread), and returns them all. One file's failure never stops the others.
     *
     * <p>The jobs flow through a {@link Pipeline} of three stages: {@code decode} on {@link #decodeThreads}
     * threads, {@code compute} on one (the kernel itself runs on every core through the {@link ParallelMap}),
     * and {@code encode} on {@link #encodeThreads}, with queues of {@link #capacity} items between them, so
     * that files decode while earlier ones compute and encode. At most
     * {@code decodeThreads + 2 * capacity + 1 + encodeThreads} pictures are held at once, plus the compute
     * stage's output array, whatever the number of files.
     */
    public List<Outcome> run(List<Job> jobs, Consumer<Outcome> each) {
        var outcomes = new ArrayList<Outcome>(jobs.size());
        var decodeSpan = new Span();
        var computeSpan = new Span();
        var encodeSpan = new Span();
        Pipeline<Job, Object> pipeline = Pipeline.from(jobs)
                .then("decode", decodeThreads, (Job job) -> decodeSpan.time(() -> decodeStage(job)))
                .then("compute", 1, value -> value instanceof Decoded d ? computeSpan.time(() -> computeStage(d)) : value)
                .then("encode", encodeThreads, value -> value instanceof Computed c ? encodeSpan.time(() -> encode(c)) : value)
                .ordered()
                .withCapacity(capacity);
        pipeline.run(result -> {
            Outcome outcome = switch (result) {
                case Result.Success<Job, Object> s -> (Outcome) s.value();
                case Result.Failure<Job, Object> f -> unexpected(f.item(), f.error());
                case Result.Skipped<Job, Object> s -> new Outcome.Skipped(s.item().input(), s.item().output());
            };
            outcomes.add(outcome);
            each.accept(outcome);
        });
        lastWalls = new StageWalls(decodeSpan.nanos(), computeSpan.nanos(), encodeSpan.nanos());
        return outcomes;
    }

    /**
     * The wall time of each stage in the last {@link #run}: from the first item's start in that stage to the
     * last item's end (zero for a stage no item reached). Less than the sum of the per-item times when the
     * stage ran items side by side.
     */
    public StageWalls stageWalls() {
        return lastWalls;
    }

    /** Nanoseconds from the first start to the last end of each stage. */
    public record StageWalls(long decodeNanos, long computeNanos, long encodeNanos) {
        public static final StageWalls NONE = new StageWalls(0, 0, 0);
    }

    /** The decode stage: the job skipped, decoded, or failed as an outcome. */
    private Object decodeStage(Job job) {
        if (skips(job)) {
            return new Outcome.Skipped(job.input(), job.output());
        }
        try {
            return decode(job);
        } catch (ImageFileException e) {
            return failed(job, e);
        } catch (OutOfMemoryError e) {
            // Several pictures are in flight at once, so one that fits the heap alone may not fit beside them.
            return new Outcome.Failed(job.input(), Problem.TOO_LARGE, "ran out of memory decoding it beside the other files in flight; "
                    + "give Java more, e.g. QUIVER_JAVA_OPTS=-Xmx16g, or use --threads 1");
        }
    }

    private Object computeStage(Decoded decoded) {
        try {
            return compute(decoded);
        } catch (ImageFileException e) {
            return failed(decoded.job(), e);
        }
    }

    /** A stage threw something no stage expects (a bug, or an exception from a decoder library): the file fails alone. */
    private static Outcome.Failed unexpected(Job job, Throwable error) {
        Throwable cause = error instanceof StageException && error.getCause() != null ? error.getCause() : error;
        String stage = error instanceof StageException se ? se.stage() : "a stage";
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Problem problem = switch (stage) {
            case "compute" -> Problem.COMPUTE;
            case "encode" -> Problem.UNWRITABLE;
            default -> Problem.CORRUPT;
        };
        return new Outcome.Failed(job.input(), problem, stage + " failed: " + message);
    }

    /** The first start and the last end of a stage's calls, from any thread. */
    private static final class Span {
        private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

        <V> V time(Supplier<V> call) {
            first.accumulateAndGet(System.nanoTime(), Math::min);
            try {
                return call.get();
            } finally {
                last.accumulateAndGet(System.nanoTime(), Math::max);
            }
        }

        long nanos() {
            long f = first.get();
            return f == Long.MAX_VALUE ? 0 : last.get() - f;
        }
    }

    /** All three stages for one job, as one outcome. */
    public Outcome process(Job job) {
        if (skips(job)) {
            return new Outcome.Skipped(job.input(), job.output());
        }
        try {
            return encode(compute(decode(job)));
        } catch (ImageFileException e) {
            return failed(job, e);
        }
    }

    /** Whether the job is skipped because its output exists and {@code force} is off; checked before decoding. */
    public boolean skips(Job job) {
        return !force && Files.exists(job.output(), LinkOption.NOFOLLOW_LINKS);
    }

    /** Reads and decodes the input. */
    public Decoded decode(Job job) throws ImageFileException {
        long start = System.nanoTime();
        Picture picture = reader.read(job.input());
        return new Decoded(job, picture, System.nanoTime() - start);
    }

    /**
     * Runs the kernel into a new array, leaving the input's pixels as they were (a backend that fails
     * part way can then hand the call to the next one).
     */
    public Computed compute(Decoded decoded) throws ImageFileException {
        long start = System.nanoTime();
        Picture in = decoded.picture();
        try {
            int[] out = new int[in.pixels()];
            recipe.apply(map, in.argb(), in.width(), in.height(), out);
            return new Computed(decoded.job(), in.withPixels(out), decoded.decodeNanos(), System.nanoTime() - start);
        } catch (OutOfMemoryError e) {
            throw new ImageFileException(decoded.job().input(), Problem.TOO_LARGE, "ran out of memory for the result of "
                    + in.width() + " x " + in.height() + " pixels; give Java more, e.g. QUIVER_JAVA_OPTS=-Xmx16g");
        } catch (RuntimeException e) {
            throw new ImageFileException(decoded.job().input(), Problem.COMPUTE, "'" + recipe.name() + "' failed on backend "
                    + map.backend() + ": " + e.getMessage(), e);
        }
    }

    /** Encodes and writes the output; an output that appeared meanwhile is left alone unless {@code force}. */
    public Outcome encode(Computed computed) {
        Job job = computed.job();
        Picture result = computed.result();
        var writer = new PictureWriter(job.format(), quality);
        long start = System.nanoTime();
        boolean flattened;
        try {
            if (job.output().toAbsolutePath().getParent() != null) {
                Files.createDirectories(job.output().toAbsolutePath().getParent());
            }
            flattened = writer.write(result, job.output(), force);
        } catch (FileAlreadyExistsException e) {
            return new Outcome.Skipped(job.input(), job.output());
        } catch (ImageFileException e) {
            return failed(job, e);
        } catch (IOException e) {
            return new Outcome.Failed(job.input(), Problem.UNWRITABLE, "cannot write " + job.output() + ": " + describe(e));
        }
        var timings = new Outcome.Timings(computed.decodeNanos(), computed.computeNanos(), System.nanoTime() - start);
        return new Outcome.Written(job.input(), job.output(), result.width(), result.height(), result.bitDepth(), flattened, timings);
    }

    /** A failure reported against the input; one about the output names the output in its reason. */
    private static Outcome.Failed failed(Job job, ImageFileException e) {
        if (e.file() != null && !e.file().equals(job.input())) {
            return new Outcome.Failed(job.input(), e.problem(), e.file() + " " + e.reason());
        }
        return new Outcome.Failed(job.input(), e.problem(), e.reason());
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + (f.getFile() == null ? "" : " (" + f.getFile() + ")");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
