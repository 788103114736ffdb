package dev.quiver.spark;

import dev.quiver.cli.image.Ops;
import dev.quiver.cli.image.Recipe;
import java.io.Serial;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code quiver image}'s operations over the {@code image} column of Spark's image source
 * ({@code spark.read().format("image")}, from spark-mllib): a struct of {@code origin, height, width,
 * nChannels, mode, data}, {@code data} holding 8-bit samples in OpenCV's order (gray, BGR or BGRA) row by row.
 * The result has the same form: BGRA when the image has alpha, else BGR (a gray image comes back with three
 * channels, since operations such as sepia give it colour). A row that is not such an image (Spark marks one
 * it could not decode with a height of -1) gives null.
 */
final class ImageStructColumn implements UDF1<Row, Row> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Spark's {@code ImageSchema.columnSchema}. */
    static final StructType RESULT = new StructType()
            .add("origin", DataTypes.StringType, true)
            .add("height", DataTypes.IntegerType, false)
            .add("width", DataTypes.IntegerType, false)
            .add("nChannels", DataTypes.IntegerType, false)
            .add("mode", DataTypes.IntegerType, false)
            .add("data", DataTypes.BinaryType, false);

    /** OpenCV's type numbers for 8-bit samples of one, three and four channels. */
    private static final int CV_8UC1 = 0;
    private static final int CV_8UC3 = 16;
    private static final int CV_8UC4 = 24;

    private final String ops;

    private ImageStructColumn(String ops) {
        this.ops = ops;
    }

    /** @throws IllegalArgumentException for OPS that do not parse, before any job runs */
    static ImageStructColumn of(String ops) {
        Ops.recipe(ops);
        return new ImageStructColumn(ops);
    }

    @Override
    public Row call(Row image) {
        if (image == null) {
            return null;
        }
        int height = image.getInt(image.fieldIndex("height"));
        int width = image.getInt(image.fieldIndex("width"));
        int channels = image.getInt(image.fieldIndex("nChannels"));
        int mode = image.getInt(image.fieldIndex("mode"));
        byte[] data = (byte[]) image.get(image.fieldIndex("data"));
        int expectedMode = channels == 1 ? CV_8UC1 : channels == 3 ? CV_8UC3 : channels == 4 ? CV_8UC4 : -1;
        if (height < 0 || width < 0 || mode != expectedMode || data == null || data.length != (long) width * height * channels) {
            return null;
        }
        int[] argb = new int[width * height];
        for (int i = 0, at = 0; i < argb.length; i++, at += channels) {
            argb[i] = switch (channels) {
                case 1 -> 0xFF000000 | (data[at] & 0xFF) * 0x010101;
                case 3 -> 0xFF000000 | (data[at + 2] & 0xFF) << 16 | (data[at + 1] & 0xFF) << 8 | data[at] & 0xFF;
                default -> (data[at + 3] & 0xFF) << 24 | (data[at + 2] & 0xFF) << 16 | (data[at + 1] & 0xFF) << 8 | data[at] & 0xFF;
            };
        }
        Recipe recipe = Ops.recipe(ops);
        int[] result = recipe.apply(OnExecutor.map("auto"), argb, width, height);
        int outChannels = channels == 4 ? 4 : 3;
        byte[] out = new byte[result.length * outChannels];
        for (int i = 0, at = 0; i < result.length; i++, at += outChannels) {
            int p = result[i];
            out[at] = (byte) p;
            out[at + 1] = (byte) (p >> 8);
            out[at + 2] = (byte) (p >> 16);
            if (outChannels == 4) {
                out[at + 3] = (byte) (p >>> 24);
            }
        }
        String origin = image.isNullAt(image.fieldIndex("origin")) ? null : image.getString(image.fieldIndex("origin"));
        return RowFactory.create(origin, height, width, outChannels, outChannels == 4 ? CV_8UC4 : CV_8UC3, out);
    }
}
