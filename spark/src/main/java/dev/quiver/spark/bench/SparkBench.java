package dev.quiver.spark.bench;

import dev.quiver.ParallelMap;
import dev.quiver.cli.Quiver;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import dev.quiver.spark.QuiverSpark;
import dev.quiver.spark.Sessions;
import dev.quiver.spark.cluster.StandaloneCluster;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The costs of running Quiver on Spark, beside one JVM: for {@code local[2]} and for a standalone cluster
 * of two Workers on this machine ({@link StandaloneCluster}), the fixed costs (starting, the first job, a
 * job of almost no data) and the throughput of a kernel job over 64 Mi floats (64 chunks of 1 Mi, cached in
 * the executors) and of {@code quiver image} over 200 JPEGs. Run with {@code ./quiver spark-bench}; the
 * figures go to standard output.
 *
 * <pre>{@code ./quiver spark-bench [--runs 5] [--images 200] [--size 640x480] [--dir DIR] [--modes local,cluster]}</pre>
 */
public final class SparkBench {
    private static final int CHUNKS = 64;
    private static final int CHUNK = 1 << 20;
    private static final Kernel KERNEL = Kernels.square();
    private static final String OPS = "grayscale,gamma=2.2";

    private int runs = 5;
    private int images = 200;
    private int width = 640;
    private int height = 480;
    private Path dir;
    private List<String> modes = List.of("local", "cluster");
    private final List<String> report = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        var bench = new SparkBench();
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--runs" -> bench.runs = Integer.parseInt(value);
                case "--images" -> bench.images = Integer.parseInt(value);
                case "--size" -> {
                    bench.width = Integer.parseInt(value.split("x")[0]);
                    bench.height = Integer.parseInt(value.split("x")[1]);
                }
                case "--dir" -> bench.dir = Path.of(value);
                case "--modes" -> bench.modes = List.of(value.split(","));
                default -> {
                    System.err.println("usage: SparkBench [--runs N] [--images N] [--size WxH] [--dir DIR] [--modes local,cluster]");
                    System.exit(2);
                }
            }
        }
        bench.run();
    }

    private void run() throws Exception {
        if (dir == null) {
            dir = Files.createTempDirectory("quiver-spark-bench");
        }
        // The driver stays on the loopback, as the cluster does.
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.executor.memory", "1g");
        Path inputs = makeImages(dir.resolve("images"));
        line("machine: %d cores, Java %s; medians of %d runs, each Spark run paired with a single-JVM run of the same work in the driver JVM;",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), runs);
        line("  kernel job: %s over %d chunks of %d floats (%d Mi, cached in the executors), new output arrays each time; "
                + "image batch: quiver image %s over %d JPEGs of %dx%d", KERNEL.name(), CHUNKS, CHUNK, CHUNKS * CHUNK >> 20, OPS, images, width, height);
        var map = ParallelMap.auto();
        List<float[]> local = new ArrayList<>();
        for (int c = 0; c < CHUNKS; c++) {
            local.add(SampleData.chunk(1, c, CHUNK));
        }
        Runnable singleJob = () -> {
            for (float[] chunk : local) {
                float[] out = new float[chunk.length];
                map.map(KERNEL, chunk, out);
            }
        };
        line("single JVM: kernel job first %.3f s; image batch first %.2f s", seconds(time(singleJob)), seconds(imageBatch(inputs, null)));
        for (String mode : modes) {
            switch (mode) {
                case "local" -> spark("local[2]", "local[2]", inputs, singleJob);
                case "cluster" -> {
                    long start = System.nanoTime();
                    try (var cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1, "1g")) {
                        line("standalone cluster: Master and 2 Workers (1 core, 1 GiB each) registered in %.1f s", seconds(System.nanoTime() - start));
                        spark("standalone, 2 workers", cluster.masterUrl(), inputs, singleJob);
                    }
                }
                default -> throw new IllegalArgumentException("--modes: local or cluster, not " + mode);
            }
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    private void spark(String name, String master, Path inputs, Runnable singleJob) {
        long start = System.nanoTime();
        try (var session = Sessions.open(master, "quiver-spark bench")) {
            long started = System.nanoTime() - start;
            JavaSparkContext sc = session.context();
            long registered = awaitExecutors(sc, master.startsWith("local") ? 0 : 2);
            line("%s: session %.2f s, executors registered %.2f s after it", name, seconds(started), seconds(registered));
            JavaRDD<float[]> data = SampleData.chunks(sc, CHUNKS, CHUNK, 1).persist(StorageLevel.MEMORY_ONLY());
            long made = time(data::count);
            long first = time(() -> QuiverSpark.map(data, KERNEL).count());
            long[][] kernel = pairs(() -> time(singleJob), () -> time(() -> QuiverSpark.map(data, KERNEL).count()));
            JavaRDD<float[]> tiny = sc.parallelize(List.of(new float[1], new float[1]), 2).cache();
            tiny.count();
            long empty = median(() -> time(() -> QuiverSpark.map(tiny, KERNEL).count()));
            line("  kernel job: data made and cached %.2f s; first job %.3f s; later jobs %.3f s (%.2f GB/s) against %.3f s in one JVM "
                    + "(Spark/one JVM, median of pairs: %.2f); a job of 2 floats %.3f s", seconds(made), seconds(first), seconds(median(kernel[1])),
                    gbPerSecond(median(kernel[1])), seconds(median(kernel[0])), ratio(kernel), seconds(empty));
            data.unpersist(true);
            long firstBatch = imageBatch(inputs, master);
            long[][] batch = pairs(() -> imageBatch(inputs, null), () -> imageBatch(inputs, master));
            line("  image batch: first %.2f s; later %.2f s (%.1f images/s) against %.2f s in one JVM (%.1f images/s; Spark/one JVM %.2f)",
                    seconds(firstBatch), seconds(median(batch[1])), images / seconds(median(batch[1])), seconds(median(batch[0])),
                    images / seconds(median(batch[0])), ratio(batch));
        }
        // As a user's command runs it: a session of its own, executors started for it, the batch, the session stopped.
        line("  the same image batch as one command with its own session: %.2f s", seconds(imageBatch(inputs, master)));
    }

    /** Nanoseconds until {@code executors} executors have registered (at once in local mode, which has none). */
    private static long awaitExecutors(JavaSparkContext sc, int executors) {
        long start = System.nanoTime();
        while (sc.statusTracker().getExecutorInfos().length - 1 < executors && System.nanoTime() - start < 120_000_000_000L) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return System.nanoTime() - start;
    }

    /** {@code runs} pairs of measurements, alternated: {@code [0]} the first of each pair, {@code [1]} the second. */
    private long[][] pairs(Supplier<Long> a, Supplier<Long> b) {
        long[][] out = new long[2][runs];
        for (int i = 0; i < runs; i++) {
            out[0][i] = a.get();
            out[1][i] = b.get();
        }
        return out;
    }

    /** The median over pairs of second / first. */
    private static double ratio(long[][] pairs) {
        double[] r = new double[pairs[0].length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (double) pairs[1][i] / pairs[0][i];
        }
        Arrays.sort(r);
        return r[r.length / 2];
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** The batch into a fresh folder, on the cluster at {@code master} or (null) in this JVM; the time in nanoseconds. */
    private long imageBatch(Path inputs, String master) {
        Path out;
        try {
            out = Files.createTempDirectory(dir, "out");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var args = new ArrayList<>(List.of("image", OPS, inputs.toString(), "--out-dir", out.toString(), "--no-progress"));
        if (master != null) {
            args.addAll(List.of("--spark-master", master));
        }
        var err = new StringWriter();
        long start = System.nanoTime();
        int code = Quiver.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args.toArray(String[]::new));
        long nanos = System.nanoTime() - start;
        if (code != 0 || !err.toString().contains(images + " written")) {
            throw new IllegalStateException("the batch failed (exit code " + code + "): " + err);
        }
        return nanos;
    }

    private Path makeImages(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < images; i++) {
            Path file = folder.resolve(String.format(Locale.ROOT, "photo-%03d.jpg", i));
            if (!Files.exists(file)) {
                ImageIO.write(picture(i), "jpg", file.toFile());
            }
        }
        return folder;
    }

    /** Gradients with a little noise, so that the JPEG codec has the work of a photograph's smooth areas. */
    private BufferedImage picture(long seed) {
        var r = new java.util.SplittableRandom(seed);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = (x * 255 / width + r.nextInt(12)) & 0xFF;
                int green = (y * 255 / height + r.nextInt(12)) & 0xFF;
                int blue = (int) ((seed * 41 + (x ^ y)) & 0xFF);
                image.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return image;
    }

    private long median(Supplier<Long> measure) {
        long[] times = new long[runs];
        for (int i = 0; i < runs; i++) {
            times[i] = measure.get();
        }
        Arrays.sort(times);
        return times[runs / 2];
    }

    private static long time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return System.nanoTime() - start;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Bytes read and written by the kernel job (4 in and 4 out per element), per second. */
    private static double gbPerSecond(long nanos) {
        return 8.0 * CHUNKS * CHUNK / 1e9 / seconds(nanos);
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.add(text);
    }
}
