package dev.quiver.bench;

import dev.quiver.ParallelMap;
import dev.quiver.tasks.Result;
import dev.quiver.decompress.BatchLimits;
import dev.quiver.decompress.Decompress;
import dev.quiver.decompress.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Quiver's side of bench/decompress/compare.sh: the files {@code DIR/*.SUFFIX} read into memory, then
 * {@code Decompress.batch} over all of them on THREADS threads, once to warm up and RUNS times timed.
 * Prints one line: the median seconds of the timed runs and the bytes each produced, as
 * bench/decompress/pool.py does for Python.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.quiver.bench.DecompressBatchRun DIR SUFFIX [THREADS] [RUNS]
 * </pre>
 */
public final class DecompressBatchRun {
    private DecompressBatchRun() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String suffix = args[1];
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<byte[]> items;
        try (Stream<Path> files = Files.list(dir)) {
            items = files.filter(p -> p.getFileName().toString().endsWith("." + suffix)).sorted().map(DecompressBatchRun::read).toList();
        }
        ParallelMap map = ParallelMap.auto().withThreads(threads);
        long bytes = batch(items, map);
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            long produced = batch(items, map);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            if (produced != bytes) {
                throw new IllegalStateException("run " + r + " produced " + produced + " bytes, the warm-up " + bytes);
            }
        }
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "%.4f %d%n", seconds[runs / 2], bytes);
    }

    /** Decompresses every item; the bytes of output, all items together. */
    private static long batch(List<byte[]> items, ParallelMap map) {
        long total = 0;
        for (Result<byte[], byte[]> r : Decompress.batch(items, BatchLimits.forBytes(), Options.defaults(), map)) {
            if (!(r instanceof Result.Success<byte[], byte[]> s)) {
                throw new IllegalStateException("an item failed: " + r);
            }
            total += s.value().length;
        }
        return total;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
