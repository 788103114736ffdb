package dev.quiver.spark.batch;

import java.io.Serial;
import java.io.Serializable;

/**
 * An executor's result for one {@link DecompressTask}: the output's file name, codec and sizes, or the
 * exception it failed with (exceptions are serializable; the decompression ones keep their kind).
 */
record DecompressResult(int index, String outputName, String codec, long inputBytes, long outputBytes, Throwable error)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
}
