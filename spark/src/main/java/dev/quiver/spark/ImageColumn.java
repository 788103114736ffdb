package dev.quiver.spark;

import dev.quiver.cli.image.ImageFileException;
import dev.quiver.cli.image.ImageFormat;
import dev.quiver.cli.image.Ops;
import dev.quiver.cli.image.Picture;
import dev.quiver.cli.image.PictureReader;
import dev.quiver.cli.image.PictureWriter;
import dev.quiver.cli.image.Recipe;
import java.io.IOException;
import java.io.Serial;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code quiver image}'s operations as a Spark SQL function of a binary column of encoded images
 * ({@link QuiverSpark#images}). The image is decoded and encoded by the command's own
 * {@link PictureReader} and {@link PictureWriter}, so the bytes are those {@code quiver image} writes.
 * Those read and write files, so each row goes through two temporary files in the executor's temporary
 * directory, removed before the row's result is returned.
 */
final class ImageColumn implements UDF1<byte[], Row> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The result: the encoded output, its size, and why a row failed (null when it did not). */
    static final StructType RESULT = new StructType()
            .add("data", DataTypes.BinaryType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("error", DataTypes.StringType, true);

    private final String ops;
    private final String format;
    private final int quality;

    private ImageColumn(String ops, String format, int quality) {
        this.ops = ops;
        this.format = format;
        this.quality = quality;
    }

    /**
     * @throws IllegalArgumentException for OPS that do not parse, or a format quiver does not write
     */
    static ImageColumn of(String ops, String format, int quality) {
        Ops.recipe(ops);
        writable(format);
        return new ImageColumn(ops, format, quality);
    }

    private static ImageFormat writable(String format) {
        return ImageFormat.named(format).filter(ImageFormat::writable)
                .orElseThrow(() -> new IllegalArgumentException("format '" + format + "': the output formats are " + ImageFormat.writableNames()));
    }

    @Override
    public Row call(byte[] encoded) throws IOException {
        if (encoded == null) {
            return null;
        }
        OnExecutor.imageIo();
        Path in = Files.createTempFile("quiver-in-", ".img");
        Path out = in.resolveSibling(in.getFileName() + ".out");
        try {
            Files.write(in, encoded);
            Picture picture = PictureReader.forThisHeap().read(in);
            Recipe recipe = Ops.recipe(ops);
            Picture result = picture.withPixels(recipe.apply(OnExecutor.map("auto"), picture.argb(), picture.width(), picture.height()));
            new PictureWriter(writable(format), quality).write(result, out, true);
            return RowFactory.create(Files.readAllBytes(out), result.width(), result.height(), null);
        } catch (ImageFileException e) {
            return RowFactory.create(null, null, null, e.reason());
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
        }
    }
}
