package dev.quiver.cli.image;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs {@code quiver image}'s jobs: for each, decode the input, run the kernel, encode the output, and
 * report one {@link Outcome}. A file that fails is reported and the batch goes on; an output that exists
 * is skipped unless {@code force}, so that a re-run resumes an interrupted batch.
 *
 * <p>The three stages are separate public methods ({@link #decode}, {@link #compute}, {@link #encode}),
 * each safe to call from any thread, so that a pipeline can overlap them across files. {@link #run} is
 * the simple sequential loop until it does.
 */
public final class BatchRunner {
    private final PictureReader reader;
    private final Kernel kernel;
    private final ParallelMap map;
    private final int quality;
    private final boolean force;

    /**
     * @param kernel  a pixel kernel with every parameter bound ({@link Ops#parse})
     * @param quality JPEG quality, 1..100
     * @param force   whether existing outputs are replaced rather than skipped
     */
    public BatchRunner(PictureReader reader, Kernel kernel, ParallelMap map, int quality, boolean force) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.map = Objects.requireNonNull(map, "map");
        this.quality = quality;
        this.force = force;
    }

    /** A decoded input, on its way to {@link #compute}. */
    public record Decoded(Job job, Picture picture, long decodeNanos) {
    }

    /** A computed output, on its way to {@link #encode}. */
    public record Computed(Job job, Picture result, long decodeNanos, long computeNanos) {
    }

    /**
     * Runs every job in order, handing each outcome to {@code each} as it is known, and returns them all.
     * One file's failure never stops the others.
     */
    public List<Outcome> run(List<Job> jobs, Consumer<Outcome> each) {
        var outcomes = new ArrayList<Outcome>(jobs.size());
        // TODO(pipeline): replace this loop with a decode -> compute -> encode pipeline of bounded queues,
        // so that one file decodes while the previous one computes and the one before that encodes.
        for (Job job : jobs) {
            Outcome outcome = process(job);
            outcomes.add(outcome);
            each.accept(outcome);
        }
        return outcomes;
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
            map.map(kernel, in.argb(), out);
            return new Computed(decoded.job(), in.withPixels(out), decoded.decodeNanos(), System.nanoTime() - start);
        } catch (OutOfMemoryError e) {
            throw new ImageFileException(decoded.job().input(), Problem.TOO_LARGE, "ran out of memory for the result of "
                    + in.width() + " x " + in.height() + " pixels; give Java more, e.g. QUIVER_JAVA_OPTS=-Xmx16g");
        } catch (RuntimeException e) {
            throw new ImageFileException(decoded.job().input(), Problem.COMPUTE, "kernel '" + kernel.name() + "' failed on backend "
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
