package dev.quiver.spark.batch;

import java.io.Serial;
import java.io.Serializable;

/** One file of {@code quiver decompress}'s batch, as it travels: its index, its path and its output directory, both absolute. */
record DecompressTask(int index, String input, String outDir) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
}
