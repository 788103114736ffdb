package dev.quiver.spark.batch;

import dev.quiver.cli.image.Job;
import dev.quiver.cli.image.Outcome;
import dev.quiver.cli.image.Problem;
import java.io.Serial;
import java.io.Serializable;

/**
 * An executor's {@link Outcome} of one {@link ImageTask}, as plain values (paths do not serialize), turned
 * back into the outcome on the driver, against the driver's own {@link Job}.
 */
record ImageResult(int index, String kind, int width, int height, int bitDepth, boolean flattened, long decodeNanos, long computeNanos,
        long encodeNanos, Problem problem, String reason) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    static ImageResult of(ImageTask task, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Written w -> new ImageResult(task.index(), "written", w.width(), w.height(), w.bitDepth(), w.flattened(),
                    w.timings().decodeNanos(), w.timings().computeNanos(), w.timings().encodeNanos(), null, null);
            case Outcome.Skipped s -> new ImageResult(task.index(), "skipped", 0, 0, 0, false, 0, 0, 0, null, null);
            case Outcome.Failed f -> failed(task, f.problem(), f.reason());
        };
    }

    static ImageResult failed(ImageTask task, Problem problem, String reason) {
        return new ImageResult(task.index(), "failed", 0, 0, 0, false, 0, 0, 0, problem, reason);
    }

    /** The outcome for the driver's job, its reason naming the job's paths as the driver has them. */
    Outcome outcome(Job job, ImageTask task) {
        return switch (kind) {
            case "written" -> new Outcome.Written(job.input(), job.output(), width, height, bitDepth, flattened,
                    new Outcome.Timings(decodeNanos, computeNanos, encodeNanos));
            case "skipped" -> new Outcome.Skipped(job.input(), job.output());
            default -> new Outcome.Failed(job.input(), problem,
                    reason.replace(task.output(), job.output().toString()).replace(task.input(), job.input().toString()));
        };
    }
}
