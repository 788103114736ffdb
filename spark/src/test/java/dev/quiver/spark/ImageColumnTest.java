package dev.quiver.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code QuiverSpark.images} over Spark's {@code binaryFile} source: the bytes {@code quiver image} writes, a damaged file failing its row alone. */
class ImageColumnTest {
    @TempDir
    Path dir;

    @Test
    void aBinaryFileColumnGivesTheBytesQuiverImageWrites() throws Exception {
        Path in = dir.resolve("in");
        TestFiles.images(in, 6, 64, 48);
        TestFiles.truncatedPng(in, "broken.png");
        var one = TestFiles.quiver("image", "grayscale,blur=1", in.toString(), "--out-dir", dir.resolve("one").toString(), "--format", "png");
        assertEquals(1, one.exitCode(), one.err());

        List<Row> rows = LocalSpark.session().read().format("binaryFile").load(in.toString())
                .withColumn("out", QuiverSpark.images("grayscale,blur=1", "png", col("content")))
                .select(col("path"), col("out.data"), col("out.width"), col("out.error")).orderBy("path").collectAsList();
        assertEquals(7, rows.size());
        for (Row row : rows) {
            String name = Path.of(java.net.URI.create(row.getString(0))).getFileName().toString();
            if (name.equals("broken.png")) {
                assertNull(row.get(1));
                assertTrue(one.err().contains("broken.png: " + row.getString(3)), "the reason quiver image gives: " + row.getString(3) + "\n" + one.err());
                continue;
            }
            assertNull(row.get(3), name + ": " + row.get(3));
            assertEquals(64, row.getInt(2));
            String output = name.replaceAll("\\.jpg$", ".png");
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(output)), (byte[]) row.get(1), name);
        }
    }

    @Test
    void badOpsAreRefusedBeforeAnyJob() {
        var e = assertThrows(IllegalArgumentException.class, () -> QuiverSpark.images("grayscal", "png", col("content")));
        assertTrue(e.getMessage().contains("grayscal"), e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> QuiverSpark.images("invert", "gif", col("content")));
        assertTrue(f.getMessage().contains("format 'gif'"), f.getMessage());
    }
}
