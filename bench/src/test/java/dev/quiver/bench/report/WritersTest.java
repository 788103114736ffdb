package dev.quiver.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One record written two ways: the CSV and the JSON agree on names and on what "not measured" looks like. */
class WritersTest {
    private static final Measurement MEASURED = new Measurement("image", "PNG 6000x4000 grayscale,gamma=2.2", "quiver", "simd", 24_000_000, "pixels",
            2, 5, 0.0123456789, 0.02, 1944.1, "Mpx/s", 81.25, true, "a note, with \"quotes\"\nand a newline");
    private static final Measurement SKIPPED = Measurement.skipped("image", "PNG", "vips", "", 24_000_000, "pixels", "Mpx/s",
            "not on the PATH (looked for vips)");

    @Test
    void csvQuotesWhatNeedsItAndLeavesUnmeasuredFieldsEmpty() {
        String csv = CsvWriter.write(List.of(MEASURED, SKIPPED));
        List<String> lines = csv.lines().toList();
        assertEquals(String.join(",", Columns.names()), lines.getFirst());
        assertTrue(csv.contains("\"PNG 6000x4000 grayscale,gamma=2.2\""), csv);
        assertTrue(csv.contains("\"a note, with \"\"quotes\"\"\nand a newline\""), csv);
        assertTrue(csv.contains(",0.0123456789,0.02,1944.1,Mpx/s,81.25,true,pixels,"), csv);
        assertTrue(csv.endsWith("image,PNG,vips,,24000000,0,0,,,,Mpx/s,,,pixels,skipped: not on the PATH (looked for vips)\n"), csv);
    }

    @Test
    void jsonIsValidAndHasNullWhereTheCsvIsEmpty() throws Exception {
        var report = new Report("image", "quiver bench image --quick", Instant.parse("2026-12-02T10:00:00Z"), List.of("CPU: \"x\" \\ y\t"),
                List.of(MEASURED, SKIPPED), List.of(Comparison.of(MEASURED, MEASURED.withNote("peer"), 2)), List.of("a finding"));
        JsonNode root = new ObjectMapper().readTree(JsonWriter.write(report));
        assertEquals("CPU: \"x\" \\ y\t", root.get("machine").get(0).asText());
        JsonNode m = root.get("measurements").get(0);
        assertEquals(MEASURED.note(), m.get("note").asText());
        assertEquals(24_000_000, m.get("size").asLong());
        assertEquals(81.25, m.get("peak_pct").asDouble());
        JsonNode s = root.get("measurements").get(1);
        assertTrue(s.get("valid").isNull() && s.get("best_s").isNull() && s.get("throughput").isNull(), s.toString());
        JsonNode c = root.get("comparisons").get(0);
        assertEquals(1.0, c.get("speed_up").asDouble(), 1e-12);
        assertEquals(false, c.get("met").asBoolean());
        assertEquals("a finding", root.get("findings").get(0).asText());
    }

    @Test
    void anInvalidRowKeepsItsTimesButHasNoSpeed() {
        Measurement bad = MEASURED.invalid("pixel 3 differs");
        assertEquals(MEASURED.bestSeconds(), bad.bestSeconds());
        assertTrue(Double.isNaN(bad.throughput()) && Double.isNaN(bad.peakPercent()));
        assertTrue(CsvWriter.write(List.of(bad)).contains(",Mpx/s,,false,"));
    }

    @Test
    void samplesGiveTheBestAndTheMedian() {
        Samples s = Samples.of(3, 1, 2, 10);
        assertEquals(1, s.best());
        assertEquals(2.5, s.median());
        assertThrows(IllegalArgumentException.class, Samples::of);
    }

    @Test
    void chartsAreValidSvgAndPngAndOtherNamesAreRefused(@TempDir Path dir) throws Exception {
        var bars = Charts.bars("gzip", List.of(MEASURED, SKIPPED));
        ChartFile.write(List.of(bars, Charts.scaling("scaling", new double[] {1, 2, 4}, new double[] {1, 1.9, 3.4}, 0.06)), dir.resolve("c.svg"));
        assertTrue(Files.readString(dir.resolve("c.svg")).contains("<svg"));
        assertEquals("gzip (vips skipped)", bars.getTitle(), "a skipped peer is named, not drawn");
        ChartFile.write(List.of(bars), dir.resolve("c.png"));
        assertTrue(javax.imageio.ImageIO.read(dir.resolve("c.png").toFile()).getWidth() == ChartFile.PANEL_WIDTH);
        var e = assertThrows(IllegalArgumentException.class, () -> ChartFile.write(List.of(bars), dir.resolve("c.jpg")));
        assertTrue(e.getMessage().contains("must end in .svg or .png"), e.getMessage());
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertEquals(List.of(1L << 20, 16L << 20, 4096L, 1_000_000L, 1L << 20), SizeList.parseAll("1Mi,16Mi,4Ki,1M,2^20"));
        assertEquals("64Mi", SizeList.format(64L << 20));
        var e = assertThrows(IllegalArgumentException.class, () -> SizeList.parse("0"));
        assertTrue(e.getMessage().contains("'0' is not a size"));
    }
}
