package dev.quiver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Accuracy;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Reduction;
import dev.quiver.library.Kernels;
import dev.quiver.testing.AwkwardValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The library on a real Spark scheduler ({@code local[2]}), against {@code ParallelMap.auto()} on the same chunks in this JVM. */
class QuiverSparkTest {
    private static final ParallelMap LOCAL = ParallelMap.auto();
    /** Chunk sizes with the awkward ones among them: empty, one, a vector's lanes either side, over a chunking threshold. */
    private static final int[] SIZES = {0, 1, 15, 17, 1000, 65_537, 300_001, 7};

    private static List<float[]> chunks(long seed) {
        var r = new Random(seed);
        var chunks = new ArrayList<float[]>();
        for (int n : SIZES) {
            chunks.add(AwkwardValues.floats(r, n));
        }
        return chunks;
    }

    private static JavaSparkContext sc() {
        return LocalSpark.context();
    }

    /**
     * The same bits, except that any NaN matches any NaN: Spark sends arrays with Java serialization (and
     * Kryo would do the same), which writes a float as {@code Float.floatToIntBits}, so a NaN's payload and
     * sign arrive as the one canonical NaN, on the way to the executor and back.
     */
    static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void mapGivesTheBitsOfOneMachine() {
        List<float[]> in = chunks(1);
        Kernel k = Kernel.parse("y = sqrt(abs(x)) * s + 1 / x").with("s", 0.7f);
        List<float[]> out = QuiverSpark.map(sc().parallelize(in, 3), k).collect();
        for (int c = 0; c < in.size(); c++) {
            float[] expected = new float[in.get(c).length];
            LOCAL.map(k, in.get(c), expected);
            assertSameBits(expected, out.get(c), "chunk " + c);
        }
    }

    @Test
    void twoInputKernelsMapPairsOfChunks() {
        List<float[]> b = chunks(2);
        List<float[]> c = chunks(3);
        JavaPairRDD<float[], float[]> pairs = sc().parallelize(b, 4).zip(sc().parallelize(c, 4));
        List<float[]> out = QuiverSpark.map(pairs, Kernels.triad()).collect();
        for (int i = 0; i < b.size(); i++) {
            float[] expected = new float[b.get(i).length];
            LOCAL.map(Kernels.triad(), b.get(i), c.get(i), expected);
            assertSameBits(expected, out.get(i), "chunk " + i);
        }
    }

    @Test
    void pixelKernelsMapPixelChunks() {
        var r = new Random(4);
        List<int[]> in = List.of(AwkwardValues.pixels(r, 1000), AwkwardValues.pixels(r, 33), new int[0]);
        Kernel k = Kernels.grayscale().then(Kernels.gamma(2.2f));
        List<int[]> out = QuiverSpark.mapPixels(sc().parallelize(in, 2), k).collect();
        for (int i = 0; i < in.size(); i++) {
            int[] expected = new int[in.get(i).length];
            LOCAL.map(k, in.get(i), expected);
            assertArrayEquals(expected, out.get(i), "chunk " + i);
        }
    }

    @Test
    void reductionsCombineChunksInOrderWhateverTheTaskOrder() {
        List<float[]> x = chunks(5);
        // min and max are exact; a sum's last bits depend on how each call splits it across threads (see the next test).
        for (Kernel k : List.of(Kernels.min(), Kernels.max(), Kernel.parse("min(x * x)"))) {
            Reduction r = k.program().reduction().orElseThrow();
            double expected = r.identity();
            for (float[] chunk : x) {
                expected = r.combine(expected, LOCAL.reduce(k, chunk));
            }
            for (int partitions : new int[] {1, 3, 8}) {
                double actual = QuiverSpark.reduce(sc().parallelize(x, partitions), k);
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), k.name() + " in " + partitions + " partitions");
            }
        }
        assertEquals(Float.NEGATIVE_INFINITY, QuiverSpark.reduce(sc().parallelize(List.of(new float[0], new float[0]), 2), Kernels.max()),
                "over no elements, the identity");
    }

    @Test
    void sumsAndDotsAreWithinTheOneMachineTolerance() {
        var r = new Random(7);
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        int n = 0;
        for (int c = 0; c < 16; c++) {
            float[] chunk = new float[50_000 + c];
            float[] other = new float[chunk.length];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (r.nextFloat() * 2 - 1) * 1e6f;
                other[i] = r.nextFloat() * 2 - 1;
            }
            x.add(chunk);
            y.add(other);
            n += chunk.length;
        }
        float[] all = new float[n];
        double magnitudes = 0;
        int at = 0;
        for (float[] chunk : x) {
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        for (float v : all) {
            magnitudes += Math.abs(v);
        }
        double exact = ParallelMap.on("reference").reduce(Kernels.sum(), all);
        double distributed = QuiverSpark.reduce(sc().parallelize(x, 4), Kernels.sum());
        assertTrue(Math.abs(distributed - exact) <= Accuracy.sumTolerance(n, magnitudes, true), distributed + " vs " + exact);
        double dot = QuiverSpark.reduce(sc().parallelize(x, 3).zip(sc().parallelize(y, 3)), Kernels.dot());
        double exactDot = 0;
        double dotMagnitudes = 0;
        for (int c = 0; c < x.size(); c++) {
            float[] b = y.get(c);
            exactDot += ParallelMap.on("reference").reduce(Kernels.dot(), x.get(c), b);
            for (int i = 0; i < b.length; i++) {
                dotMagnitudes += Math.abs(x.get(c)[i] * b[i]);
            }
        }
        assertTrue(Math.abs(dot - exactDot) <= Accuracy.sumTolerance(n, dotMagnitudes, true), dot + " vs " + exactDot);
    }

    @Test
    void aReductionPassedToMapIsRefusedBeforeAnyJob() {
        JavaRDD<float[]> rdd = sc().parallelize(chunks(8), 2);
        var e = assertThrows(IllegalArgumentException.class, () -> QuiverSpark.map(rdd, Kernels.sum()));
        assertTrue(e.getMessage().contains("'sum' is a reduction: use QuiverSpark.reduce"), e.getMessage());
    }

    @Test
    void aMapPassedToReduceIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> QuiverSpark.reduce(sc().parallelize(chunks(8), 2), Kernels.square()));
        assertTrue(e.getMessage().contains("'square' is not a reduction: use QuiverSpark.map"), e.getMessage());
    }

    @Test
    void aKernelOfTwoInputsOverOneIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> QuiverSpark.map(sc().parallelize(chunks(8), 2), Kernels.add()));
        assertTrue(e.getMessage().contains("kernel 'add' takes") && e.getMessage().contains("the data gives 1 float input"), e.getMessage());
    }

    @Test
    void aPixelKernelOverFloatsIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> QuiverSpark.map(sc().parallelize(chunks(8), 2), Kernels.invert()));
        assertTrue(e.getMessage().contains("kernel 'invert' takes"), e.getMessage());
    }

    @Test
    void anUnboundParameterIsNamedBeforeAnyJob() {
        var e = assertThrows(IllegalArgumentException.class, () -> QuiverSpark.mapPixels(sc().parallelize(List.of(new int[4]), 1),
                Kernels.GAMMA.kernel()));
        assertTrue(e.getMessage().contains("parameter 'gamma' has no value"), e.getMessage());
    }

    private static Dataset<Row> arrays(List<float[]> xs, List<float[]> ys) {
        var schema = new StructType().add("id", DataTypes.IntegerType)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true))
                .add("y", DataTypes.createArrayType(DataTypes.FloatType, true));
        var rows = new ArrayList<Row>();
        for (int i = 0; i < xs.size(); i++) {
            rows.add(RowFactory.create(i, boxed(xs.get(i)), ys.get(i) == null ? null : boxed(ys.get(i))));
        }
        return LocalSpark.session().createDataFrame(rows, schema);
    }

    private static List<Float> boxed(float[] v) {
        var out = new ArrayList<Float>(v.length);
        for (float f : v) {
            out.add(f);
        }
        return out;
    }

    private static float[] unboxed(List<Float> v) {
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    @Test
    void aDataFrameColumnInOneLine() {
        List<float[]> xs = chunks(9).subList(0, 6);
        List<float[]> ys = chunks(10).subList(0, 6);
        Kernel k = Kernel.parse("y = sqrt(x) * 2 + 1");
        List<Row> rows = arrays(xs, ys).withColumn("out", QuiverSpark.apply(k, org.apache.spark.sql.functions.col("x")))
                .orderBy("id").collectAsList();
        for (int i = 0; i < xs.size(); i++) {
            float[] expected = new float[xs.get(i).length];
            LOCAL.map(k, xs.get(i), expected);
            assertSameBits(expected, unboxed(rows.get(i).getList(rows.get(i).fieldIndex("out"))), "row " + i);
        }
    }

    @Test
    void aDataFrameReductionPerRowAndTwoColumns() {
        List<float[]> xs = chunks(11).subList(1, 5);
        List<float[]> ys = chunks(12).subList(1, 5);
        List<Row> rows = arrays(xs, ys).withColumn("dot", QuiverSpark.apply(Kernels.dot(), org.apache.spark.sql.functions.col("x"),
                org.apache.spark.sql.functions.col("y"))).orderBy("id").collectAsList();
        for (int i = 0; i < xs.size(); i++) {
            assertEquals(LOCAL.reduce(Kernels.dot(), xs.get(i), ys.get(i)), rows.get(i).getDouble(rows.get(i).fieldIndex("dot")), "row " + i);
        }
    }

    @Test
    void aNullArrayGivesNull() {
        var xs = List.of(new float[] {1, 2}, new float[] {3});
        var ys = new ArrayList<float[]>();
        ys.add(new float[] {1, 1});
        ys.add(null);
        List<Row> rows = arrays(xs, ys).withColumn("sum", QuiverSpark.apply(Kernels.add(), org.apache.spark.sql.functions.col("x"),
                org.apache.spark.sql.functions.col("y"))).orderBy("id").collectAsList();
        assertEquals(List.of(2f, 3f), rows.get(0).getList(rows.get(0).fieldIndex("sum")));
        assertNull(rows.get(1).get(rows.get(1).fieldIndex("sum")));
    }

    @Test
    void columnsOfAnotherCountThanTheInputsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> QuiverSpark.apply(Kernels.dot(), org.apache.spark.sql.functions.col("x")));
        assertTrue(e.getMessage().contains("kernel 'dot' takes"), e.getMessage());
    }
}
