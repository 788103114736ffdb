package dev.quiver.spark.batch;

import static dev.quiver.spark.TestFiles.quiver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.spark.LocalSpark;
import dev.quiver.spark.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver image}, {@code decompress} and {@code devices} with {@code --spark-master local[2]}: the batch
 * goes through Spark's scheduler as tasks, and must give the outputs, messages and exit codes of the
 * one-machine run.
 */
class SparkBatchesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void startSpark() {
        LocalSpark.session();
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, actual.get(name), name));
    }

    @Test
    void anImageBatchGivesTheBytesOfOneMachineAndNamesTheBadFile() throws Exception {
        Path in = dir.resolve("images");
        TestFiles.images(in, 40, 96, 64);
        TestFiles.truncatedPng(in, "broken.png");
        String ops = "grayscale,blur=1.5,gamma=2.2";
        var one = quiver("image", ops, in.toString(), "--out-dir", dir.resolve("one").toString());
        var spark = quiver("image", ops, in.toString(), "--out-dir", dir.resolve("spark").toString(), "--spark-master", LocalSpark.MASTER);
        assertEquals(1, one.exitCode(), one.err());
        assertEquals(1, spark.exitCode(), spark.err());
        assertTrue(spark.err().contains("41 files: 40 written, 0 skipped, 1 failed"), spark.err());
        String failure = one.err().lines().filter(l -> l.contains("broken.png")).findFirst().orElseThrow();
        assertTrue(spark.err().contains(failure), "the same message for the broken file: " + failure + "\n" + spark.err());
        assertSameFiles(TestFiles.contents(dir.resolve("one")), TestFiles.contents(dir.resolve("spark")));
    }

    @Test
    void aRerunSkipsWhatIsDone() throws Exception {
        Path in = dir.resolve("resume-in");
        TestFiles.images(in, 12, 40, 30);
        Path out = dir.resolve("resume-out");
        var first = quiver("image", "invert", in.toString(), "--out-dir", out.toString(), "--spark-master", LocalSpark.MASTER);
        assertEquals(0, first.exitCode(), first.err());
        Files.delete(out.resolve("img-003.png"));
        var second = quiver("image", "invert", in.toString(), "--out-dir", out.toString(), "--spark-master", LocalSpark.MASTER);
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.err().contains("12 files: 1 written, 11 skipped, 0 failed"), second.err());
    }

    @Test
    void aDecompressBatchGivesTheBytesOfOneMachineAndNamesTheBadFile() throws Exception {
        Path in = Files.createDirectories(dir.resolve("compressed"));
        for (int i = 0; i < 20; i++) {
            Path plain = in.resolve("log-" + i + ".txt");
            Files.writeString(plain, ("line " + i + " of a log that compresses well\n").repeat(2000 + i * 50));
            TestFiles.run(in, i % 2 == 0 ? "gzip" : "zstd", "-q", plain.getFileName().toString());
            Files.deleteIfExists(plain);
        }
        byte[] whole = Files.readAllBytes(in.resolve("log-0.txt.gz"));
        Files.write(in.resolve("cut.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        var one = quiver("decompress", in.toString(), "--out-dir", dir.resolve("plain-one").toString());
        var spark = quiver("decompress", in.toString(), "--out-dir", dir.resolve("plain-spark").toString(), "--spark-master", LocalSpark.MASTER);
        assertEquals(1, one.exitCode(), one.err());
        assertEquals(1, spark.exitCode(), spark.err());
        assertTrue(spark.err().contains("21 files: 20 decompressed, 0 skipped, 1 failed"), spark.err());
        String failure = one.err().lines().filter(l -> l.contains("cut.gz")).findFirst().orElseThrow();
        assertTrue(spark.err().contains(failure), "the same message: " + failure + "\n" + spark.err());
        assertSameFiles(TestFiles.contents(dir.resolve("plain-one")), TestFiles.contents(dir.resolve("plain-spark")));

        var again = quiver("decompress", in.toString(), "--out-dir", dir.resolve("plain-spark").toString(), "--spark-master", LocalSpark.MASTER);
        assertTrue(again.err().contains("21 files: 0 decompressed, 20 skipped, 1 failed"), again.err());
    }

    @Test
    void aBatchTotalCannotBeKeptAcrossExecutors() {
        var run = quiver("decompress", dir.toString(), "--out-dir", dir.resolve("never").toString(), "--max-total", "1Gi",
                "--spark-master", LocalSpark.MASTER);
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--max-total cannot be used with --spark-master"), run.err());
        assertTrue(Files.notExists(dir.resolve("never")));
    }

    @Test
    void devicesListsTheExecutorsBackends() {
        var run = quiver("devices", "--spark-master", LocalSpark.MASTER);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Spark master local[2]: 1 executor answered"), run.out());
        assertTrue(run.out().contains("executor driver on "), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.strip().startsWith("simd") && l.contains("usable")), run.out());
    }

    @Test
    void tasksAreSmallEnoughToRedoCheaply() {
        assertEquals(1, SparkBatches.partitions(1, 8));
        assertEquals(13, SparkBatches.partitions(200, 2), "16 files a task at most");
        assertEquals(8, SparkBatches.partitions(20, 2), "4 tasks a core at least");
        assertEquals(63, SparkBatches.partitions(1000, 2));
        assertEquals(40, SparkBatches.partitions(40, 16));
    }
}
