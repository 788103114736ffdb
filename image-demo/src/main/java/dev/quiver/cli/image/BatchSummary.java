package dev.quiver.cli.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds up a batch's outcomes for the closing report: files written, skipped and failed, megapixels per
 * second, time per stage, and what a user should know: outputs left alone because they exist, 16-bit
 * inputs written at 8 bits, transparency flattened for JPEG or BMP. Not thread-safe: one thread adds.
 */
public final class BatchSummary {
    private int written;
    private int skipped;
    private int failed;
    private long pixels;
    private long decodeNanos;
    private long computeNanos;
    private long encodeNanos;
    private int deep;
    private int flattened;

    public void add(Outcome outcome) {
        switch (outcome) {
            case Outcome.Written w -> {
                written++;
                pixels += w.pixels();
                decodeNanos += w.timings().decodeNanos();
                computeNanos += w.timings().computeNanos();
                encodeNanos += w.timings().encodeNanos();
                deep += w.bitDepth() > 8 ? 1 : 0;
                flattened += w.flattened() ? 1 : 0;
            }
            case Outcome.Skipped s -> skipped++;
            case Outcome.Failed f -> failed++;
        }
    }

    public int written() {
        return written;
    }

    public int skipped() {
        return skipped;
    }

    public int failed() {
        return failed;
    }

    /**
     * The report: a line of counts and speed, and with {@code timings} one per stage, then notes.
     *
     * @param wallNanos the batch's elapsed time
     */
    public List<String> lines(long wallNanos, boolean timings) {
        return lines(wallNanos, timings, BatchRunner.StageWalls.NONE);
    }

    /**
     * The report, with each stage's wall time beside the sum of its per-file times: stages run files side
     * by side, so a stage's wall time is below its sum when its threads overlapped.
     *
     * @param walls each stage's first start to last end ({@link BatchRunner#stageWalls()})
     */
    public List<String> lines(long wallNanos, boolean timings, BatchRunner.StageWalls walls) {
        var lines = new ArrayList<String>();
        int files = written + skipped + failed;
        double seconds = wallNanos / 1e9;
        lines.add(String.format(Locale.ROOT, "%d file%s: %d written, %d skipped, %d failed; %.1f megapixels in %.2f s (%.1f megapixels/s)",
                files, files == 1 ? "" : "s", written, skipped, failed, pixels / 1e6, seconds, rate(pixels, wallNanos)));
        if (timings) {
            if (!walls.equals(BatchRunner.StageWalls.NONE)) {
                lines.add("  stage    summed over files                wall, first start to last end");
            }
            lines.add(stage("decode ", decodeNanos, walls.decodeNanos()));
            lines.add(stage("compute", computeNanos, walls.computeNanos()));
            lines.add(stage("encode ", encodeNanos, walls.encodeNanos()));
        }
        if (skipped > 0) {
            lines.add(skipped + (skipped == 1 ? " output exists and was" : " outputs exist and were") + " left alone; --force replaces them.");
        }
        if (deep > 0) {
            lines.add(deep + (deep == 1 ? " input had" : " inputs had") + " more than 8 bits per sample (16-bit PNG or TIFF): processed and written at 8 bits.");
        }
        if (flattened > 0) {
            lines.add(flattened + (flattened == 1 ? " output" : " outputs") + " in a format without alpha (JPEG, BMP): transparency composited on white.");
        }
        return lines;
    }

    /** One stage: the sum of its per-file times, and (if known) its wall time, each with its megapixels per second. */
    private String stage(String name, long sumNanos, long wallNanos) {
        String line = String.format(Locale.ROOT, "  %s %8.3f s  %8.1f megapixels/s", name, sumNanos / 1e9, rate(pixels, sumNanos));
        return wallNanos <= 0 ? line
                : line + String.format(Locale.ROOT, "   %8.3f s  %8.1f megapixels/s", wallNanos / 1e9, rate(pixels, wallNanos));
    }

    /** The pixels of the files written so far. */
    public long pixels() {
        return pixels;
    }

    private static double rate(long pixels, long nanos) {
        return nanos <= 0 ? 0 : pixels / 1e6 / (nanos / 1e9);
    }
}
