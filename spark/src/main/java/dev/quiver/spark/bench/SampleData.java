package dev.quiver.spark.bench;

import java.io.Serial;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * Arrays for benchmarks and tests that each task makes itself, from the chunk's index and a seed, so that no
 * data is shipped from the driver (Spark warns of tasks over 1 MB) and any JVM can make the same chunk to
 * check a result against.
 */
public final class SampleData {
    private SampleData() {
    }

    /** Chunk {@code index}: {@code length} floats in [-1, 1), the same in every JVM. */
    public static float[] chunk(long seed, int index, int length) {
        var r = new SplittableRandom(seed * 1_000_003 + index);
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return out;
    }

    /** {@code count} chunks of {@code length} floats, one partition each, made by the tasks. */
    public static JavaRDD<float[]> chunks(JavaSparkContext sc, int count, int length, long seed) {
        List<Integer> indices = IntStream.range(0, count).boxed().toList();
        return sc.parallelize(indices, count).map(new Make(seed, length));
    }

    private record Make(long seed, int length) implements Function<Integer, float[]> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public float[] call(Integer index) {
            return chunk(seed, index, length);
        }
    }
}
