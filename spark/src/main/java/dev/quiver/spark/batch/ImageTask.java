package dev.quiver.spark.batch;

import java.io.Serial;
import java.io.Serializable;

/**
 * One file of {@code quiver image}'s batch, as it travels to an executor: the job's index in the batch,
 * its input and output as absolute paths (an executor's working directory is not the driver's), and the
 * output format's name.
 */
record ImageTask(int index, String input, String output, String format) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
}
