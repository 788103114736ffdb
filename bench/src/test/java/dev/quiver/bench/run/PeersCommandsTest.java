package dev.quiver.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.bench.peer.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * quiver bench image, decompress and scaling on tiny inputs. Peers are used where they are installed (the
 * CI machines have ImageMagick, pigz, lbzip2, zstd and python3; libvips may be missing): a present peer
 * must be measured and valid, a missing one must be a skipped row naming it.
 */
class PeersCommandsTest {
    /** English-like text, varied enough that the compressors have work to do. */
    static Path corpus(Path dir) throws Exception {
        String[] words = ("the quick brown fox jumps over lazy dogs while seven wizards quietly judge boxing matches near old stone "
                + "bridges and rivers that wind through green valleys under autumn skies full of clouds").split(" ");
        var r = new java.util.SplittableRandom(5);
        var text = new StringBuilder();
        while (text.length() < 400_000) {
            int n = 5 + r.nextInt(12);
            for (int i = 0; i < n; i++) {
                text.append(i == 0 ? Character.toUpperCase(words[r.nextInt(words.length)].charAt(0)) + words[r.nextInt(words.length)].substring(1)
                        : words[r.nextInt(words.length)]).append(i + 1 < n ? " " : ". ");
            }
            if (r.nextInt(6) == 0) {
                text.append("\n\n");
            }
        }
        return Files.writeString(dir.resolve("corpus.txt"), text);
    }

    private static void peerRow(List<List<String>> rows, String tool, boolean present) {
        var mine = rows.subList(1, rows.size()).stream().filter(r -> Files2.field(rows, r, "tool").equals(tool)).toList();
        assertFalse(mine.isEmpty(), "a row for " + tool);
        for (var r : mine) {
            if (present) {
                assertEquals("true", Files2.field(rows, r, "valid"), r.toString());
            } else {
                assertEquals("", Files2.field(rows, r, "valid"), r.toString());
                assertTrue(Files2.field(rows, r, "note").startsWith("skipped: "), r.toString());
            }
        }
    }

    @Test
    void decompressMeasuresQuiverAndEachPeerOnTheSameCheckedData(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("d.csv");
        Path json = dir.resolve("d.json");
        BenchRun run = BenchRun.of("decompress", "--items", "6", "--item-size", "20K", "--rounds", "2", "--corpus", corpus(dir).toString(),
                "--csv", csv.toString(), "--json", json.toString(), "--chart", dir.resolve("d.png").toString());
        assertEquals(0, run.exit(), run.toString());
        var rows = Files2.csv(csv);
        assertEquals(1 + 3 * 3, rows.size(), run.toString());
        for (var r : rows.subList(1, rows.size())) {
            assertEquals("MB/s", Files2.field(rows, r, "unit"));
            assertEquals("120000", Files2.field(rows, r, "size"));
        }
        peerRow(rows, "quiver", true);
        peerRow(rows, "lbzip2", Tool.find("lbzip2").isPresent());
        peerRow(rows, "pigz", Tool.find("pigz").isPresent());
        JsonNode root = Files2.json(json);
        assertTrue(root.get("comparisons").size() >= 1 || Tool.find("python3").isEmpty(), root.toString());
        Files2.png(dir.resolve("d.png"));
    }

    @Test
    void imageComparesQuiverImageWithThePeersOnTheSameFiles(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("i.csv");
        Path html = dir.resolve("html");
        BenchRun run = BenchRun.of("image", "--quick", "--jpegs", "2", "--jpeg-size", "96x64", "--png-size", "120x80", "--ops",
                "grayscale;grayscale,gamma=2.2,contrast=1.2", "--csv", csv.toString(), "--html", html.toString());
        assertEquals(0, run.exit(), run.toString());
        var rows = Files2.csv(csv);
        peerRow(rows, "quiver", true);
        peerRow(rows, "imagemagick", Tool.find("magick").or(() -> Tool.find("mogrify")).isPresent());
        peerRow(rows, "vips", Tool.find("vips").isPresent());
        var quiver = rows.subList(1, rows.size()).stream().filter(r -> Files2.field(rows, r, "tool").equals("quiver")).toList();
        assertEquals(8, quiver.size(), "2 pipelines x (2 end to end + 2 compute)");
        assertTrue(Files.readString(html.resolve("index.html")).contains("Quiver against its peers") || Tool.find("mogrify").isEmpty());
        Files2.svg(html.resolve("chart.svg"));
    }

    @Test
    void scalingFitsAmdahlsLawAndDrawsIt(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv");
        BenchRun run = BenchRun.of("scaling", "--quick", "--size", "64Ki", "--items", "8", "--runs", "1", "--threads", "2", "--csv", csv.toString(),
                "--chart", dir.resolve("s.svg").toString());
        assertEquals(0, run.exit(), run.toString());
        var rows = Files2.csv(csv);
        assertEquals(1 + 2 * 2, rows.size(), "1 and 2 threads for the kernel and the batch");
        assertTrue(run.out().contains("Amdahl's law fits a serial fraction of"), run.out());
        Files2.svg(dir.resolve("s.svg"));
    }

    @Test
    void aPeerMissingFromThePathIsReportedAsSkipped(@TempDir Path dir) throws Exception {
        // A child JVM whose PATH has none of the peers: every one must be named as skipped, and the run still succeed.
        Path csv = dir.resolve("skipped.csv");
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules=jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Bench.class.getName(), "decompress",
                "--items", "3", "--item-size", "10K", "--rounds", "1", "--formats", "bzip2,zstd", "--corpus", corpus(dir).toString(), "--csv",
                csv.toString()));
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", Files.createDirectories(dir.resolve("empty-bin")).toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        var rows = Files2.csv(csv);
        peerRow(rows, "quiver", true);
        peerRow(rows, "python", false);
        peerRow(rows, "lbzip2", false);
        peerRow(rows, "zstd", false);
        assertTrue(out.contains("skipped: not on the PATH (looked for lbzip2)"), out);
    }
}
