package dev.quiver.spark;

import dev.quiver.kernel.Kernel;
import java.io.Serial;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A kernel as a Spark SQL function of one to three {@code array<float>} columns ({@link QuiverSpark#apply}).
 * Spark hands a Java function an array column as a Scala sequence of boxed floats; they are copied into a
 * {@code float[]} for the kernel, and a map's result goes back as a {@code float[]}.
 */
final class ColumnKernel implements UDF1<Object, Object>, UDF2<Object, Object, Object>, UDF3<Object, Object, Object, Object> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final KernelWire wire;
    private final boolean reduction;

    ColumnKernel(KernelWire wire) {
        this.wire = wire;
        this.reduction = wire.kernel().isReduction();
    }

    /** {@code array<float>} (no null elements) for a map, {@code double} for a reduction. */
    DataType resultType() {
        return reduction ? DataTypes.DoubleType : DataTypes.createArrayType(DataTypes.FloatType, false);
    }

    @Override
    public Object call(Object x) {
        float[] a = floats(x, 0);
        return a == null ? null : run(a);
    }

    @Override
    public Object call(Object x, Object y) {
        float[] a = floats(x, 0);
        float[] b = floats(y, 1);
        return a == null || b == null ? null : run(a, b);
    }

    @Override
    public Object call(Object x, Object y, Object z) {
        float[] a = floats(x, 0);
        float[] b = floats(y, 1);
        float[] c = floats(z, 2);
        return a == null || b == null || c == null ? null : run(a, b, c);
    }

    private Object run(float[]... inputs) {
        Kernel k = wire.kernel();
        var map = OnExecutor.map("auto");
        if (reduction) {
            return map.reduce(k, inputs);
        }
        float[] out = new float[inputs[0].length];
        switch (inputs.length) {
            case 1 -> map.map(k, inputs[0], out);
            case 2 -> map.map(k, inputs[0], inputs[1], out);
            default -> map.map(k, inputs[0], inputs[1], inputs[2], out);
        }
        return out;
    }

    /** The column's value as floats; null for a null array. */
    private float[] floats(Object value, int column) {
        return switch (value) {
            case null -> null;
            case float[] f -> f;
            case scala.collection.Seq<?> seq -> {
                float[] out = new float[seq.length()];
                for (int i = 0; i < out.length; i++) {
                    if (!(seq.apply(i) instanceof Number n)) {
                        throw new IllegalArgumentException("kernel '" + wire.name() + "': element " + i + " of input '"
                                + wire.kernel().inputNames().get(column) + "' is " + seq.apply(i) + ", not a float");
                    }
                    out[i] = n.floatValue();
                }
                yield out;
            }
            default -> throw new IllegalArgumentException("kernel '" + wire.name() + "': input '" + wire.kernel().inputNames().get(column)
                    + "' must be an array<float> column, got a " + value.getClass().getName());
        };
    }
}
