package dev.quiver.spark.cluster;

import static dev.quiver.spark.TestFiles.quiver;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Accuracy;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import dev.quiver.spark.QuiverSpark;
import dev.quiver.spark.Sessions;
import dev.quiver.spark.TestFiles;
import dev.quiver.spark.bench.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster: a Master and two Workers, each a JVM of its own on 127.0.0.1, the Workers
 * starting one executor JVM each for this test (the driver). A kernel job and a 200-image batch run across
 * them and must give the one-machine bits; one executor is killed in the middle of a batch, which must still
 * complete with every output once; afterwards no JVM of the cluster is left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
    private static final int IMAGES = 200;

    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;
    private static Sessions.Session session;
    private static Path images;
    private static final AtomicInteger failedTasks = new AtomicInteger();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1, "1g");
        session = Sessions.open(cluster.masterUrl(), "quiver-spark cluster test");
        session.spark().sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failedTasks.incrementAndGet();
                }
            }
        });
        images = dir.resolve("images");
        TestFiles.images(images, IMAGES, 320, 240);
    }

    @AfterAll
    static void stopEverything() {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            if (cluster != null) {
                var processes = cluster.everyProcess();
                cluster.close();
                for (ProcessHandle p : processes) {
                    assertFalse(p.isAlive(), "process " + p.pid() + " of the cluster is still alive: " + p.info().commandLine().orElse(""));
                }
                assertTrue(processes.size() >= 5, "the Master, two Workers and at least two executors: " + processes.size());
            }
        }
    }

    private static JavaSparkContext sc() {
        return session.context();
    }

    @Test
    @Order(1)
    void aKernelJobAcrossTwoExecutorsGivesTheBitsOfOneMachine() {
        int chunks = 16;
        int length = 1 << 18;
        Kernel k = Kernel.parse("y = sqrt(x * x + 1) * s - x").with("s", 1.5f);
        JavaRDD<float[]> data = SampleData.chunks(sc(), chunks, length, 7);
        List<float[]> out = QuiverSpark.map(data, k).collect();
        var local = ParallelMap.auto();
        for (int c = 0; c < chunks; c++) {
            float[] expected = new float[length];
            local.map(k, SampleData.chunk(7, c, length), expected);
            float[] actual = out.get(c);
            for (int i = 0; i < length; i++) {
                if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                    throw new AssertionError("chunk " + c + " element " + i + ": " + actual[i] + ", expected " + expected[i]);
                }
            }
        }
        double sum = QuiverSpark.reduce(data, Kernels.sum());
        double dot = QuiverSpark.reduce(data.zip(SampleData.chunks(sc(), chunks, length, 8)), Kernels.dot());
        double exactSum = 0;
        double exactDot = 0;
        double magnitudes = 0;
        for (int c = 0; c < chunks; c++) {
            float[] x = SampleData.chunk(7, c, length);
            float[] y = SampleData.chunk(8, c, length);
            for (int i = 0; i < length; i++) {
                exactSum += x[i];
                exactDot += (double) (x[i] * y[i]);
                magnitudes += Math.abs(x[i]);
            }
        }
        // A sum's last bits depend on how the threads of each executor split it, as on one machine (Accuracy states the bound).
        double tolerance = Accuracy.sumTolerance((long) chunks * length, magnitudes, true);
        assertEquals(exactSum, sum, tolerance);
        assertEquals(exactDot, dot, tolerance);
        float expectedMax = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < chunks; c++) {
            expectedMax = (float) Math.max(expectedMax, local.reduce(Kernels.max(), SampleData.chunk(7, c, length)));
        }
        assertEquals(expectedMax, QuiverSpark.reduce(data, Kernels.max()), "max is exact");
        assertEquals(3, sc().statusTracker().getExecutorInfos().length, "two executors and the driver");
    }

    @Test
    @Order(2)
    void devicesListsEachExecutorsBackends() {
        var run = quiver("devices", "--spark-master", cluster.masterUrl());
        System.out.println(run.out());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Spark master " + cluster.masterUrl() + ": 2 executors answered"), run.out());
        assertEquals(2, run.out().lines().filter(l -> l.startsWith("executor ")).count(), run.out());
        assertEquals(2, run.out().lines().filter(l -> l.strip().startsWith("simd") && l.contains("usable")).count(), run.out());
    }

    @Test
    @Order(3)
    void anImageBatchAcrossTheClusterGivesTheBytesOfOneMachine() throws Exception {
        String ops = "grayscale,gamma=2.2";
        var one = quiver("image", ops, images.toString(), "--out-dir", dir.resolve("one").toString());
        var spark = quiver("image", ops, images.toString(), "--out-dir", dir.resolve("spark").toString(), "--spark-master", cluster.masterUrl());
        assertEquals(0, one.exitCode(), one.err());
        assertEquals(0, spark.exitCode(), spark.err());
        assertTrue(spark.err().contains(IMAGES + " files: " + IMAGES + " written, 0 skipped, 0 failed"), spark.err());
        assertSameFiles(TestFiles.contents(dir.resolve("one")), TestFiles.contents(dir.resolve("spark")));
    }

    @Test
    @Order(4)
    void anExecutorKilledMidBatchLosesAndDuplicatesNothing() throws Exception {
        String ops = "grayscale,blur=2,contrast=1.1";
        var one = quiver("image", ops, images.toString(), "--out-dir", dir.resolve("blur-one").toString());
        assertEquals(0, one.exitCode(), one.err());
        Path out = dir.resolve("blur-spark");
        int failedBefore = failedTasks.get();
        var batch = CompletableFuture.supplyAsync(() -> quiver("image", ops, images.toString(), "--out-dir", out.toString(),
                "--spark-master", cluster.masterUrl()));
        ProcessHandle victim = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (victim == null && !batch.isDone() && System.nanoTime() < deadline) {
            if (written(out) >= 20) {
                List<ProcessHandle> executors = cluster.executors();
                assertEquals(2, executors.size(), "two executors running");
                victim = executors.getFirst();
                victim.destroyForcibly();
            }
            Thread.sleep(20);
        }
        assertTrue(victim != null, "an executor was killed before the batch ended (" + written(out) + " outputs when it ended)");
        int writtenAtKill = written(out);
        var run = batch.get(5, TimeUnit.MINUTES);
        assertTrue(victim.onExit().get(30, TimeUnit.SECONDS) != null);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(writtenAtKill < IMAGES, "the kill came mid-batch: " + writtenAtKill + " outputs then");
        assertTrue(run.err().contains(IMAGES + " files: " + IMAGES + " written, 0 skipped, 0 failed"), run.err());
        assertTrue(failedTasks.get() > failedBefore, "Spark saw the killed executor's task fail and ran it again");
        assertSameFiles(TestFiles.contents(dir.resolve("blur-one")), TestFiles.contents(out));
        try (var files = Files.list(out)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "no temporary file of the killed attempt is left");
        }
    }

    /** Relative paths, as a user types them: the executors (whose working folder is not the driver's) get them made absolute. */
    @Test
    @Order(5)
    void aDecompressBatchWithRelativePathsGivesOneMachinesFilesAndMessages() throws Exception {
        Path in = Files.createDirectories(dir.resolve("logs"));
        for (int i = 0; i < 12; i++) {
            Files.writeString(in.resolve("log-" + i + ".txt"), ("entry " + i + " of a log\n").repeat(5000));
            TestFiles.run(in, i % 3 == 0 ? "xz" : "gzip", "-q", "log-" + i + ".txt");
        }
        byte[] whole = Files.readAllBytes(in.resolve("log-1.txt.gz"));
        Files.write(in.resolve("cut.gz"), java.util.Arrays.copyOf(whole, whole.length - 9));
        Path here = Path.of("").toAbsolutePath();
        String input = here.relativize(in).toString();
        var one = quiver("decompress", input, "--out-dir", here.relativize(dir.resolve("plain-one")).toString());
        var spark = quiver("decompress", input, "--out-dir", here.relativize(dir.resolve("plain-spark")).toString(),
                "--spark-master", cluster.masterUrl());
        assertEquals(1, one.exitCode(), one.err());
        assertEquals(1, spark.exitCode(), spark.err());
        String failure = one.err().lines().filter(l -> l.contains("cut.gz")).findFirst().orElseThrow();
        assertTrue(failure.strip().startsWith(input), "one machine names the file as given: " + failure);
        assertTrue(spark.err().contains(failure), "the same message on the cluster: " + failure + "\n" + spark.err());
        assertTrue(spark.err().contains("13 files: 12 decompressed, 0 skipped, 1 failed"), spark.err());
        assertSameFiles(TestFiles.contents(dir.resolve("plain-one")), TestFiles.contents(dir.resolve("plain-spark")));
    }

    private static int written(Path out) {
        if (!Files.isDirectory(out)) {
            return 0;
        }
        try (var files = Files.list(out)) {
            return (int) files.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        var different = new ArrayList<String>();
        expected.forEach((name, bytes) -> {
            if (!java.util.Arrays.equals(bytes, actual.get(name))) {
                different.add(name);
            }
        });
        assertEquals(List.of(), different, "outputs whose bytes differ from one machine's");
        assertArrayEquals(new byte[0], new byte[0]);
    }
}
