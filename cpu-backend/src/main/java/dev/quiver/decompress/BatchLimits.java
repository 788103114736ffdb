package dev.quiver.decompress;

import java.util.Objects;

/**
 * What a batch of items may cost: {@code item}, the {@link Limits} of each one, and at most
 * {@code maxTotalOutputBytes} of decompressed output from all of them together. The total is counted while
 * the items stream, across threads; once it is passed, the item that passed it and every item not yet
 * finished fail with {@link DecompressionException.Kind#BATCH_LIMIT}, and the items that finished before
 * keep their results. So a batch of many small bombs, each under its item limit, still cannot fill the
 * heap or the disk.
 *
 * <p>The defaults: {@link #forBytes()} allows 1 GiB in all (the results are held in the heap together) and
 * {@link Limits#forBytes()} per item; {@link #forFiles()} allows 4 GiB in all and {@link Limits#forStreams()}
 * per item. Output of exactly {@code maxTotalOutputBytes} is allowed; {@code Long.MAX_VALUE} lifts the limit.
 *
 * @param item                the limits of each item
 * @param maxTotalOutputBytes the most decompressed bytes all items together may produce, {@code >= 0}
 */
public record BatchLimits(Limits item, long maxTotalOutputBytes) {
    /** 1 GiB: the default total of a batch decompressed into {@code byte[]}s. */
    public static final long DEFAULT_BYTES_TOTAL = 1L << 30;
    /** 4 GiB: the default total of a batch of files. */
    public static final long DEFAULT_FILES_TOTAL = 4L << 30;

    public BatchLimits {
        Objects.requireNonNull(item, "item");
        if (maxTotalOutputBytes < 0) {
            throw new IllegalArgumentException("maxTotalOutputBytes must be >= 0, not " + maxTotalOutputBytes);
        }
    }

    /** The defaults for batches of {@code byte[]}s: {@link Limits#forBytes()} per item, 1 GiB in all. */
    public static BatchLimits forBytes() {
        return new BatchLimits(Limits.forBytes(), DEFAULT_BYTES_TOTAL);
    }

    /** The defaults for batches of files: {@link Limits#forStreams()} per item, 4 GiB in all. */
    public static BatchLimits forFiles() {
        return new BatchLimits(Limits.forStreams(), DEFAULT_FILES_TOTAL);
    }

    /** These limits with another total. */
    public BatchLimits withMaxTotalOutputBytes(long bytes) {
        return new BatchLimits(item, bytes);
    }

    /** These limits with other limits per item. */
    public BatchLimits withItem(Limits limits) {
        return new BatchLimits(limits, maxTotalOutputBytes);
    }
}
