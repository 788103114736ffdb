package dev.quiver.spark.batch;

import java.io.Serial;

/** A Spark job of a batch failed as a whole: a task failed on every attempt, or the cluster could not run it. */
public final class SparkJobException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    SparkJobException(Throwable cause) {
        super("the Spark job failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
    }
}
