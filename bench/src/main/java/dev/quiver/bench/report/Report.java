package dev.quiver.bench.report;

import java.time.Instant;
import java.util.List;

/**
 * What one {@code quiver bench} command measured, and where.
 *
 * @param command     the command line, as a person would type it again
 * @param machine     lines describing the machine and the JVM
 * @param comparisons Quiver against each peer, from the measurements
 * @param findings    conclusions in words (a fitted serial fraction, a peak), one per line
 */
public record Report(String suite, String command, Instant started, List<String> machine, List<Measurement> measurements,
        List<Comparison> comparisons, List<String> findings) {

    public Report {
        machine = List.copyOf(machine);
        measurements = List.copyOf(measurements);
        comparisons = List.copyOf(comparisons);
        findings = List.copyOf(findings);
    }

    /** Whether every measured row was valid (skipped rows are not failures). */
    public boolean allValid() {
        return measurements.stream().allMatch(m -> m.isSkipped() || m.isValid());
    }
}
