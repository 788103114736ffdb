package dev.quiver.bench.report;

/**
 * One measured (or skipped) row of a benchmark run: the record that the table, the CSV, the JSON, the
 * charts and the HTML report are all made from.
 *
 * @param suite       {@code stream}, {@code image}, {@code decompress} or {@code scaling}
 * @param workload    what ran: a kernel ({@code triad}), a transfer ({@code h2d}), an image job, a format
 * @param tool        {@code quiver}, or the peer's name ({@code vips}, {@code lbzip2}, ...)
 * @param backend     the Quiver backend ({@code simd}, {@code opencl:0}) or how the peer was run
 * @param size        how much work, in {@code sizeUnit}s: elements per array, pixels, bytes of output
 * @param sizeUnit    {@code elements}, {@code pixels} or {@code bytes}
 * @param threads     threads (or a device's compute units) the run could use; 0 if unknown
 * @param runs        timed runs; 0 for a skipped row
 * @param bestSeconds the fastest run; NaN when not measured
 * @param medianSeconds the median run; NaN when not measured
 * @param throughput  {@code size}-based rate of the best run, in {@code unit}; NaN when not measured
 * @param unit        {@code GB/s}, {@code Mpx/s}, {@code MB/s} or {@code x} (a speed-up)
 * @param peakPercent the best run as a share of this machine's measured peak, in per cent; NaN where none applies
 * @param valid       whether the output matched the reference; null when nothing was measured (a skipped peer)
 * @param note        why a row was skipped or invalid, or how it was measured; empty if nothing to say
 */
public record Measurement(String suite, String workload, String tool, String backend, long size, String sizeUnit, int threads,
        int runs, double bestSeconds, double medianSeconds, double throughput, String unit, double peakPercent, Boolean valid,
        String note) {

    public Measurement {
        note = note == null ? "" : note;
    }

    /** A peer (or backend) that could not be run, with the reason. */
    public static Measurement skipped(String suite, String workload, String tool, String backend, long size, String sizeUnit, String unit,
            String reason) {
        return new Measurement(suite, workload, tool, backend, size, sizeUnit, 0, 0, Double.NaN, Double.NaN, Double.NaN, unit, Double.NaN,
                null, "skipped: " + reason);
    }

    public boolean isSkipped() {
        return valid == null;
    }

    /** Measured, and the output matched the reference. */
    public boolean isValid() {
        return Boolean.TRUE.equals(valid);
    }

    public Measurement withPeakPercent(double percent) {
        return new Measurement(suite, workload, tool, backend, size, sizeUnit, threads, runs, bestSeconds, medianSeconds, throughput, unit,
                percent, valid, note);
    }

    public Measurement withNote(String more) {
        return new Measurement(suite, workload, tool, backend, size, sizeUnit, threads, runs, bestSeconds, medianSeconds, throughput, unit,
                peakPercent, valid, note.isEmpty() ? more : note + "; " + more);
    }

    /**
     * The same run marked as not matching the reference: its times are kept (to see what ran), but it has no
     * throughput and no share of the peak, so that a wrong result can never read as a fast one.
     */
    public Measurement invalid(String reason) {
        return new Measurement(suite, workload, tool, backend, size, sizeUnit, threads, runs, bestSeconds, medianSeconds, Double.NaN, unit,
                Double.NaN, false, note.isEmpty() ? reason : reason + "; " + note);
    }

    /** The throughput of the median run, in {@code unit}. */
    public double medianThroughput() {
        return throughput * bestSeconds / medianSeconds;
    }
}
