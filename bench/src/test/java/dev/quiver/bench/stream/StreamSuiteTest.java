package dev.quiver.bench.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.bench.report.CsvWriter;
import dev.quiver.bench.report.Measurement;
import dev.quiver.bench.report.Report;
import dev.quiver.bench.run.Progress;
import dev.quiver.bench.run.Timing;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validation failure path: a wrong kernel is reported as invalid, never as fast. */
class StreamSuiteTest {
    private static final Timing TINY = new Timing(0, 2, 0.1);

    private static List<Measurement> run(List<String> backends, StreamKernel kernel) throws Exception {
        var settings = new StreamSuite.Settings(backends, List.of(4096L, 10_001L), 16 << 10, TINY);
        return new StreamSuite(settings, List.of(kernel), Progress.hidden(), null).run().stream().filter(m -> !m.tool().equals("peak"))
                .filter(m -> m.workload().equals(kernel.name())).toList();
    }

    @Test
    void aWrongTriadIsInvalidWithNoThroughputOnEveryBackend() throws Exception {
        // "triad" with the wrong scalar: b + 0.5 c where BabelStream's is 0.4.
        var wrong = new StreamKernel("triad", Kernel.parse("triad", "b + 0.5 * c"), Kernels.triad(), 12, false);
        List<Measurement> rows = run(List.of("simd", "threads", "opencl"), wrong);
        assertEquals(6, rows.size(), rows.toString());
        for (Measurement m : rows) {
            assertFalse(m.isValid(), m.toString());
            assertTrue(Double.isNaN(m.throughput()) && Double.isNaN(m.peakPercent()), "no speed for a wrong result: " + m);
            assertTrue(m.note().contains("where the reference gives"), m.note());
        }
        String csv = CsvWriter.write(rows);
        assertTrue(csv.lines().skip(1).allMatch(l -> l.contains(",GB/s,,false,")), csv);
        var report = new Report("stream", "test", Instant.now(), List.of(), rows, List.of(), List.of());
        assertFalse(report.allValid());
    }

    @Test
    void aWrongSumIsInvalid() throws Exception {
        var wrong = new StreamKernel("dot", Kernel.parse("dot", "sum(a * b + 0.001)"), Kernels.dot(), 8, false);
        for (Measurement m : run(List.of("simd"), wrong)) {
            assertFalse(m.isValid(), m.toString());
            assertTrue(m.note().contains("the sum is"), m.note());
        }
    }

    @Test
    void aWrongInPlaceKernelIsInvalidAndARightOneValid() throws Exception {
        var wrong = new StreamKernel("nstream", Kernel.parse("nstream", "a + b + 0.5 * c"), Kernels.nstream(), 16, true);
        run(List.of("simd", "opencl"), wrong).forEach(m -> assertFalse(m.isValid(), m.toString()));
        run(List.of("simd", "opencl"), StreamKernel.named("nstream").orElseThrow()).forEach(m -> assertTrue(m.isValid(), m.toString()));
    }
}
