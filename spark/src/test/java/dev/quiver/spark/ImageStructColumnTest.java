package dev.quiver.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code QuiverSpark.images(ops, col("image"))} over Spark's image source: the pixels {@code quiver image} computes. */
class ImageStructColumnTest {
    @TempDir
    Path dir;

    @Test
    void theImageSourcesPixelsGoThroughTheOperations() throws Exception {
        Path in = dir.resolve("in");
        TestFiles.images(in, 8, 50, 30);
        try (var jpegs = Files.list(in)) {
            for (Path jpeg : jpegs.filter(f -> f.toString().endsWith(".jpg")).toList()) {
                Files.delete(jpeg);
            }
        }
        String ops = "sepia,blur=1,invert";
        var one = TestFiles.quiver("image", ops, in.toString(), "--out-dir", dir.resolve("one").toString());
        assertEquals(0, one.exitCode(), one.err());

        List<Row> rows = LocalSpark.session().read().format("image").load(in.toString())
                .withColumn("out", QuiverSpark.images(ops, col("image")))
                .select(col("image.origin"), col("out.*")).collectAsList();
        assertTrue(rows.size() >= 6, "the PNGs: " + rows.size());
        for (Row row : rows) {
            Path source = Path.of(java.net.URI.create(row.getString(0)));
            BufferedImage expected = ImageIO.read(dir.resolve("one").resolve(source.getFileName()).toFile());
            int width = row.getInt(row.fieldIndex("width"));
            int height = row.getInt(row.fieldIndex("height"));
            assertEquals(expected.getWidth(), width);
            assertEquals(3, row.getInt(row.fieldIndex("nChannels")));
            assertEquals(16, row.getInt(row.fieldIndex("mode")));
            byte[] bgr = (byte[]) row.get(row.fieldIndex("data"));
            byte[] wanted = new byte[width * height * 3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = expected.getRGB(x, y);
                    int at = (y * width + x) * 3;
                    wanted[at] = (byte) p;
                    wanted[at + 1] = (byte) (p >> 8);
                    wanted[at + 2] = (byte) (p >> 16);
                }
            }
            assertArrayEquals(wanted, bgr, source.getFileName().toString());
        }
    }

    @Test
    void grayAndAlphaImagesAndRowsThatAreNotImages() throws Exception {
        var column = ImageStructColumn.of("invert");
        Row gray = column.call(image("g", 1, 2, 1, 0, new byte[] {0, 100}));
        assertEquals(3, gray.getInt(3));
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 155, (byte) 155, (byte) 155}, (byte[]) gray.get(5));
        Row bgra = column.call(image("a", 1, 1, 4, 24, new byte[] {10, 20, 30, 40}));
        assertArrayEquals(new byte[] {(byte) 245, (byte) 235, (byte) 225, 40}, (byte[]) bgra.get(5), "alpha kept, colours inverted");
        assertNull(column.call(image("bad", -1, -1, 0, -1, new byte[0])), "Spark's mark of an image it could not decode");
        assertNull(column.call(image("short", 2, 2, 3, 16, new byte[5])), "data shorter than the size says");
    }

    /** A row of the image source's schema. */
    private static Row image(Object... fields) {
        return new GenericRowWithSchema(fields, ImageStructColumn.RESULT);
    }

    @Test
    void badOpsAreRefusedBeforeAnyJob() {
        var e = assertThrows(IllegalArgumentException.class, () -> QuiverSpark.images("blurr=2", col("image")));
        assertTrue(e.getMessage().contains("blurr"), e.getMessage());
    }
}
