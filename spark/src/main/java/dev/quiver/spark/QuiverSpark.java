package dev.quiver.spark;

import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Reduction;
import dev.quiver.kernel.Type;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * Quiver kernels over Spark data, each executor running them on its own best backend
 * ({@code ParallelMap.auto()}: SIMD on CPU nodes, OpenCL where a device wins):
 *
 * <pre>{@code
 * JavaRDD<float[]> squares = QuiverSpark.map(chunks, Kernels.square());
 * double dot = QuiverSpark.reduce(a.zip(b), Kernels.dot());
 * Dataset<Row> out = df.withColumn("y", QuiverSpark.apply(Kernel.parse("y = sqrt(x) * 2"), col("x")));
 * Dataset<Row> gray = files.withColumn("gray", QuiverSpark.images("grayscale,gamma=2.2", "png", col("content")));   // binaryFile
 * Dataset<Row> soft = pictures.withColumn("soft", QuiverSpark.images("blur=2", col("image")));                     // image source
 * }</pre>
 *
 * <p>Kernels travel to executors as {@link KernelWire}s (their program as text), never as Java objects,
 * and are compiled once per executor JVM. Every check of the kernel against the data's shape is made
 * here, on the driver, before a job starts: a mistake throws {@link IllegalArgumentException} naming the
 * kernel. Results are those of {@code ParallelMap.auto()} on each chunk, so a map gives the same bits as
 * one machine would.
 */
public final class QuiverSpark {
    private QuiverSpark() {
    }

    /**
     * {@code kernel} over each chunk: element {@code i} of output chunk {@code c} is the kernel of element
     * {@code i} of input chunk {@code c}.
     *
     * @throws IllegalArgumentException unless the kernel maps one float input to floats, every parameter bound
     */
    public static JavaRDD<float[]> map(JavaRDD<float[]> chunks, Kernel kernel) {
        Objects.requireNonNull(chunks, "chunks");
        return chunks.map(new KernelTasks.MapOne(checked(kernel, Type.FLOAT, 1, false)));
    }

    /**
     * A kernel of two float inputs, such as {@code triad}, over pairs of chunks of equal length (from
     * {@code a.zip(b)}).
     */
    public static JavaRDD<float[]> map(JavaPairRDD<float[], float[]> chunks, Kernel kernel) {
        Objects.requireNonNull(chunks, "chunks");
        return chunks.map(new KernelTasks.MapTwo(checked(kernel, Type.FLOAT, 2, false)));
    }

    /** A pixel kernel over chunks of packed ARGB pixels ({@code 0xAARRGGBB}). */
    public static JavaRDD<int[]> mapPixels(JavaRDD<int[]> chunks, Kernel kernel) {
        Objects.requireNonNull(chunks, "chunks");
        return chunks.map(new KernelTasks.MapPixels(checked(kernel, Type.PIXEL, 1, false)));
    }

    /**
     * A reduction of one float input ({@code sum}, {@code min}, {@code max} or kernel text such as
     * {@code sum(x * x)}) over every element of every chunk.
     *
     * <p>Each chunk is reduced on its executor as {@code ParallelMap.reduce} would; the chunks' results are
     * then combined on the driver in chunk order, whatever order the tasks finished in. {@code min} and
     * {@code max} are exact; a {@code sum} is within {@link dev.quiver.kernel.Accuracy#sumTolerance} of the
     * exact sum, as on one machine (where, too, its last bits can differ from call to call with how the
     * threads split it).
     */
    public static double reduce(JavaRDD<float[]> chunks, Kernel kernel) {
        Objects.requireNonNull(chunks, "chunks");
        return combine(kernel, chunks.mapPartitions(new KernelTasks.ReduceOne(checked(kernel, Type.FLOAT, 1, true))).collect());
    }

    /** As {@link #reduce(JavaRDD, Kernel)}, for a reduction of two inputs such as {@code dot}, over pairs of chunks. */
    public static double reduce(JavaPairRDD<float[], float[]> chunks, Kernel kernel) {
        Objects.requireNonNull(chunks, "chunks");
        return combine(kernel, chunks.mapPartitions(new KernelTasks.ReduceTwo(checked(kernel, Type.FLOAT, 2, true))).collect());
    }

    /**
     * A DataFrame column of {@code kernel} applied to each row's {@code array<float>} columns (one per
     * kernel input, in {@link Kernel#inputNames()} order, at most three): an {@code array<float>} for a map,
     * a {@code double} for a reduction. A null array gives null; arrays of unequal length, or holding a
     * null element, fail the row's task with a message saying so.
     *
     * @throws IllegalArgumentException unless the kernel takes as many float inputs as there are columns
     */
    public static Column apply(Kernel kernel, Column... floatArrays) {
        Objects.requireNonNull(kernel, "kernel");
        if (floatArrays.length < 1 || floatArrays.length > 3) {
            throw new IllegalArgumentException("kernel '" + kernel.name() + "': give one to three array<float> columns, got " + floatArrays.length);
        }
        KernelWire wire = checked(kernel, Type.FLOAT, floatArrays.length, kernel.isReduction());
        var udf = new ColumnKernel(wire);
        var function = switch (floatArrays.length) {
            case 1 -> functions.udf((org.apache.spark.sql.api.java.UDF1<Object, Object>) udf, udf.resultType());
            case 2 -> functions.udf((org.apache.spark.sql.api.java.UDF2<Object, Object, Object>) udf, udf.resultType());
            default -> functions.udf((org.apache.spark.sql.api.java.UDF3<Object, Object, Object, Object>) udf, udf.resultType());
        };
        return function.apply(floatArrays);
    }

    /**
     * A DataFrame column of encoded images (such as {@code content} of Spark's {@code binaryFile} source)
     * run through {@code quiver image}'s OPS ({@code grayscale,gamma=2.2}, {@code blur=2}, ...), as a struct
     * of {@code data} (the result encoded as {@code format}: png, jpg, bmp or tiff), {@code width},
     * {@code height} and {@code error}: null when the row's image was processed, else why not (a damaged
     * or unknown file fails its row alone). Decoding, the operations and encoding are {@code quiver
     * image}'s own, so the bytes are those it writes.
     *
     * @throws IllegalArgumentException if OPS or the format is not valid, before any job runs
     */
    public static Column images(String ops, String format, Column encoded) {
        var udf = ImageColumn.of(ops, format, 90);
        return functions.udf(udf, ImageColumn.RESULT).apply(encoded);
    }

    /**
     * The {@code image} column of Spark's image source ({@code spark.read().format("image")}) run through
     * {@code quiver image}'s OPS, as a column of the same form (see {@link ImageStructColumn}): the pixels
     * are those {@code quiver image} computes from the same decoded pixels.
     *
     * @throws IllegalArgumentException if OPS is not valid, before any job runs
     */
    public static Column images(String ops, Column image) {
        return functions.udf(ImageStructColumn.of(ops), ImageStructColumn.RESULT).apply(image);
    }

    private static double combine(Kernel kernel, List<Double> partials) {
        Reduction r = kernel.program().reduction().orElseThrow();
        double result = r.identity();
        for (double p : partials) {
            result = r.combine(result, p);
        }
        return result;
    }

    /**
     * The kernel in travelling form, after checking on the driver that it fits the data.
     *
     * @throws IllegalArgumentException naming the kernel and what does not fit
     */
    static KernelWire checked(Kernel kernel, Type inputType, int inputs, boolean reduction) {
        Objects.requireNonNull(kernel, "kernel");
        String what = inputType == Type.PIXEL ? "pixel" : "float";
        if (kernel.isReduction() != reduction) {
            throw new IllegalArgumentException("kernel '" + kernel.name() + "' is " + (kernel.isReduction()
                    ? "a reduction: use QuiverSpark.reduce" : "not a reduction: use QuiverSpark.map"));
        }
        var types = kernel.program().inputs().stream().map(dev.quiver.kernel.Program.Input::type).toList();
        if (types.size() != inputs || types.stream().anyMatch(t -> t != inputType)) {
            throw new IllegalArgumentException("kernel '" + kernel.name() + "' takes " + kernel.program().inputs() + ", but the data gives "
                    + inputs + " " + what + " input" + (inputs == 1 ? "" : "s"));
        }
        kernel.paramValues();
        return KernelWire.of(kernel);
    }
}
