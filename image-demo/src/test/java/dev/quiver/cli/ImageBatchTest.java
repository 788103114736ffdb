package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.cli.image.PictureReader;
import dev.quiver.library.Kernels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch of many files through the decode, compute and encode pipeline, with damaged files among them. */
class ImageBatchTest {
    private static final int FILES = 40;
    /** Damaged in three ways: cut short, a text file, and a PNG header over nothing. */
    private static final Set<Integer> CORRUPT = Set.of(13, 20, 27);

    @TempDir
    Path dir;

    private String name(int i) {
        return String.format("img%02d.png", i);
    }

    /** 40 PNGs of uneven sizes (so that files overtake one another in the pipeline), three of them damaged. */
    private void batch() throws IOException {
        Files.createDirectories(dir.resolve("in"));
        for (int i = 0; i < FILES; i++) {
            Path file = dir.resolve("in").resolve(name(i));
            int w = 8 + (i * 37) % 120;
            int h = 6 + (i * 53) % 90;
            var image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.setRGB(x, y, 0xFF000000 | (x * 2 + i) << 16 | (y * 3) << 8 | (x ^ y) & 0xFF);
                }
            }
            ImageIO.write(image, "png", file.toFile());
            switch (i) {
                case 13 -> Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 60));
                case 20 -> Files.writeString(file, "not an image at all");
                case 27 -> Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 33));
                default -> { }
            }
        }
    }

    private CliRun quiver(String... args) {
        return CliRun.of(args);
    }

    @Test
    void fortyFilesWithThreeDamagedOnesGiveThirtySevenOutputsExitOneInInputOrder() throws IOException {
        batch();
        var r = quiver("image", "grayscale,gamma=2.2", dir + "/in/*.png", "--out-dir", dir + "/out", "--progress", "--threads", "2");
        assertEquals(Quiver.FAILED, r.code(), r.err());
        assertTrue(r.err().contains("40 files: 37 written, 0 skipped, 3 failed"), r.err());
        try (var outputs = Files.list(dir.resolve("out"))) {
            assertEquals(37, outputs.filter(f -> f.toString().endsWith(".png")).count());
        }
        for (int i : CORRUPT) {
            assertFalse(Files.exists(dir.resolve("out").resolve(name(i))), name(i));
            assertTrue(r.err().contains(dir + "/in/" + name(i) + ": "), r.err());
        }
        assertFalse(r.err().contains("Exception"), r.err());

        // The progress line counts the files in input order: file i is reported as [i+1/40].
        List<Integer> reported = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            int at = r.err().indexOf("[" + (i + 1) + "/40] " + dir + "/in/" + name(i));
            assertTrue(at >= 0, name(i) + " is not reported as file " + (i + 1) + ":\n" + r.err());
            reported.add(at);
        }
        assertEquals(reported.stream().sorted().toList(), reported, "files reported out of input order");

        var reader = new PictureReader(1 << 24);
        for (int i : new int[] {0, 12, 14, 39}) {
            int[] in = reader.read(dir.resolve("in").resolve(name(i))).argb();
            int[] expected = new int[in.length];
            ParallelMap.on("reference").map(Kernels.grayscale().then(Kernels.gamma(2.2f)), in, expected);
            assertArrayEquals(expected, reader.read(dir.resolve("out").resolve(name(i))).argb(), name(i));
        }
    }

    @Test
    void failuresArePrintedInInputOrderWithoutTheProgressLine() throws IOException {
        batch();
        var r = quiver("image", "invert", dir + "/in", "--out-dir", dir + "/out", "--no-progress");
        assertEquals(Quiver.FAILED, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(4, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith(dir + "/in/" + name(13) + ": "), r.err());
        assertTrue(lines.get(1).startsWith(dir + "/in/" + name(20) + ": "), r.err());
        assertTrue(lines.get(2).startsWith(dir + "/in/" + name(27) + ": "), r.err());
        assertTrue(lines.get(3).startsWith("40 files: 37 written, 0 skipped, 3 failed"), r.err());
    }
}
