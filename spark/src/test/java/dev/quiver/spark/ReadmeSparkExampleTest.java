package dev.quiver.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import dev.quiver.spark.bench.SampleData;
import dev.quiver.testing.ReadmeExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark example in README.md, line for line between the markers, run on {@code local[2]}. */
class ReadmeSparkExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeShowsThisExample() throws IOException {
        ReadmeExample.assertShown(ReadmeSparkExampleTest.class);
    }

    @Test
    void theReadmeExampleRuns() throws IOException {
        SparkSession spark = LocalSpark.session();
        var sc = LocalSpark.context();
        JavaRDD<float[]> chunks = SampleData.chunks(sc, 4, 1000, 1);
        JavaRDD<float[]> a = chunks;
        JavaRDD<float[]> b = SampleData.chunks(sc, 4, 1000, 2);
        JavaRDD<float[]> c = SampleData.chunks(sc, 4, 1000, 3);
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(List.of(1f, 4f, 9f))),
                new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType)));
        String photos = dir.toString();
        TestFiles.images(dir, 3, 32, 24);
        // README begin
        JavaRDD<float[]> squares = QuiverSpark.map(chunks, Kernels.square());         // chunk by chunk, on the executors
        JavaRDD<float[]> triad = QuiverSpark.map(b.zip(c), Kernels.triad());          // two inputs: pairs of chunks
        double dot = QuiverSpark.reduce(a.zip(b), Kernels.dot());                    // also sum, min, max, "sum(x * x)"
        Dataset<Row> ys = df.withColumn("y", QuiverSpark.apply(Kernel.parse("y = sqrt(x) * 2"), col("x")));   // array<float>
        Dataset<Row> gray = spark.read().format("binaryFile").load(photos)           // encoded images, as files hold them
                .withColumn("gray", QuiverSpark.images("grayscale,gamma=2.2", "png", col("content")));  // data, width, height, error
        Dataset<Row> soft = spark.read().format("image").load(photos)                // Spark's image source (spark-mllib)
                .withColumn("soft", QuiverSpark.images("blur=2", col("image")));      // the same struct: BGR(A) bytes
        // README end
        assertEquals(4, squares.count());
        assertEquals(1000, triad.first().length);
        assertTrue(Double.isFinite(dot));
        assertEquals(List.of(2f, 4f, 6f), ys.first().getList(1));
        assertEquals(3, gray.filter(col("gray.error").isNull()).count());
        assertEquals(3, soft.filter(col("soft").isNotNull()).count());
    }
}
