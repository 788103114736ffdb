package dev.quiver.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quiver bench stream itself, on tiny sizes, on the CPU backends and OpenCL (PoCL here and in CI). */
class StreamCommandTest {
    private static final List<String> KERNELS = List.of("copy", "mul", "add", "triad", "dot", "nstream", "square");

    @Test
    void writesEveryMeasurementAsCsvJsonChartAndHtml(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out/stream.csv");
        Path json = dir.resolve("stream.json");
        Path svg = dir.resolve("stream.svg");
        Path png = dir.resolve("stream.png");
        Path html = dir.resolve("report");
        BenchRun run = BenchRun.of("stream", "--quick", "--backends", "simd,threads,opencl", "--sizes", "4Ki,20000", "--peak-size", "64Ki",
                "--runs", "2", "--warm-up", "0.02", "--csv", csv.toString(), "--json", json.toString(), "--chart", svg.toString(),
                "--html", html.toString(), "--no-progress");
        assertEquals(0, run.exit(), run.toString());

        var rows = Files2.csv(csv);
        var body = rows.subList(1, rows.size());
        // peaks: the CPU's and the device's; per size: h2d and d2h, then 7 kernels on 3 backends
        assertEquals(2 + 2 * (2 + 7 * 3), body.size(), run.toString());
        for (var r : body) {
            assertEquals("stream", Files2.field(rows, r, "suite"));
            assertEquals("true", Files2.field(rows, r, "valid"), r.toString());
            assertEquals("GB/s", Files2.field(rows, r, "unit"));
            assertTrue(Double.parseDouble(Files2.field(rows, r, "throughput")) > 0, r.toString());
            assertTrue(Double.parseDouble(Files2.field(rows, r, "best_s")) <= Double.parseDouble(Files2.field(rows, r, "median_s")), r.toString());
        }
        Set<String> kernelRows = body.stream().filter(r -> Files2.field(rows, r, "tool").equals("quiver") && Files2.field(rows, r, "backend").equals("simd"))
                .map(r -> Files2.field(rows, r, "workload") + "@" + Files2.field(rows, r, "size")).collect(Collectors.toSet());
        for (String k : KERNELS) {
            assertTrue(kernelRows.contains(k + "@4096") && kernelRows.contains(k + "@20000"), k + " in " + kernelRows);
        }
        var device = body.stream().filter(r -> Files2.field(rows, r, "backend").startsWith("opencl:")).toList();
        assertTrue(device.stream().anyMatch(r -> Files2.field(rows, r, "workload").equals("h2d")), "transfers are rows of their own");
        assertTrue(device.stream().anyMatch(r -> Files2.field(rows, r, "tool").equals("peak")), "the device's own copy is its peak");
        for (var r : body) {
            if (Files2.field(rows, r, "tool").equals("quiver") && !Files2.field(rows, r, "workload").endsWith("2h")
                    && !Files2.field(rows, r, "workload").equals("h2d")) {
                assertFalse(Files2.field(rows, r, "peak_pct").isEmpty(), "a kernel row has its share of the peak: " + r);
            }
        }

        JsonNode root = Files2.json(json);
        assertEquals("stream", root.get("suite").asText());
        assertTrue(root.get("command").asText().startsWith("quiver bench stream --quick"), root.get("command").asText());
        assertEquals(body.size(), root.get("measurements").size());
        JsonNode first = root.get("measurements").get(0);
        assertEquals("peak", first.get("tool").asText());
        assertTrue(first.get("valid").asBoolean());
        assertTrue(first.get("throughput").isNumber());

        Files2.svg(svg);
        assertTrue(Files.readString(html.resolve("index.html")).contains("<svg"), "the page shows the charts inline");
        Files2.svg(html.resolve("chart.svg"));
        assertEquals(Files.readAllLines(csv), Files.readAllLines(html.resolve("results.csv")), "the page's folder holds the CSV too");
        assertTrue(run.out().contains("Peak for the CPU backends"), run.out());

        BenchRun again = BenchRun.of("stream", "--quick", "--backends", "simd", "--kernels", "triad", "--sizes", "4Ki", "--peak-size", "16Ki",
                "--runs", "1", "--warm-up", "0", "--chart", png.toString());
        assertEquals(0, again.exit(), again.toString());
        Files2.png(png);
    }

    @Test
    void aChartNameWithoutSvgOrPngIsRefusedBeforeAnythingRuns(@TempDir Path dir) {
        BenchRun run = BenchRun.of("stream", "--chart", dir.resolve("chart.pdf").toString());
        assertEquals(Bench.USAGE, run.exit(), run.toString());
        assertTrue(run.err().contains("must end in .svg or .png"), run.err());
        assertTrue(run.out().isEmpty(), run.out());
    }

    @Test
    void aBadSizeIsAUsageError() {
        BenchRun run = BenchRun.of("stream", "--sizes", "1Mi,lots");
        assertEquals(Bench.USAGE, run.exit(), run.toString());
        assertTrue(run.err().contains("'lots' is not a size"), run.err());
    }

    @Test
    void anUnknownBackendIsAUsageErrorNamingIt() {
        BenchRun run = BenchRun.of("stream", "--backends", "simd,cuda", "--sizes", "4Ki");
        assertEquals(Bench.USAGE, run.exit(), run.toString());
        assertTrue(run.err().contains("--backends cuda"), run.err());
    }

    @Test
    void anUnknownKernelIsAUsageError() {
        BenchRun run = BenchRun.of("stream", "--kernels", "triad,saxpy");
        assertEquals(Bench.USAGE, run.exit(), run.toString());
        assertTrue(run.err().contains("no stream kernel 'saxpy'"), run.err());
    }

    @Test
    void aSizeTooLargeForTheHeapIsRefusedWithWhatToDo() {
        BenchRun run = BenchRun.of("stream", "--sizes", "2000Mi");
        assertEquals(Bench.USAGE, run.exit(), run.toString());
        assertTrue(run.err().contains("more than a Java array holds") || run.err().contains("QUIVER_JAVA_OPTS=-Xmx"), run.err());
    }

    @Test
    void anUnwritableReportFailsTheRunAndSaysWhere(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        BenchRun run = BenchRun.of("stream", "--quick", "--backends", "threads", "--kernels", "copy", "--sizes", "4Ki", "--peak-size", "16Ki",
                "--runs", "1", "--warm-up", "0", "--csv", blocker.resolve("sub.csv").toString());
        assertEquals(Bench.FAILED, run.exit(), run.toString());
        assertTrue(run.err().contains("cannot write the CSV to " + blocker.resolve("sub.csv")), run.err());
    }
}
