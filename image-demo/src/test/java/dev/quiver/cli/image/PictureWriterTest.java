package dev.quiver.cli.image;

import static dev.quiver.cli.image.Fixtures.H;
import static dev.quiver.cli.image.Fixtures.W;
import static dev.quiver.cli.image.Fixtures.assertPixels;
import static dev.quiver.cli.image.Fixtures.assertPixelsWithin;
import static dev.quiver.cli.image.Fixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures written in each format and read back; alpha for formats without it; files never lost or half-written. */
class PictureWriterTest {
    @TempDir
    Path dir;

    private final PictureReader reader = new PictureReader(1 << 24);

    private static Picture picture(int[] argb, boolean alpha) {
        return new Picture(W, H, argb, alpha, ImageFormat.PNG, 8);
    }

    private static final Picture TRANSLUCENT = picture(pattern(W, H, Fixtures::rgba8), true);
    private static final Picture OPAQUE = picture(pattern(W, H, Fixtures::rgb8), false);

    private Path write(Picture p, ImageFormat format, String name) throws IOException {
        Path file = dir.resolve(name);
        new PictureWriter(format, 90).write(p, file, false);
        return file;
    }

    private void noTemporaryFiles() throws IOException {
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "a temporary file was left behind");
        }
    }

    @Test
    void pngKeepsEveryPixelAndAlpha() throws IOException {
        Picture back = reader.read(write(TRANSLUCENT, ImageFormat.PNG, "a.png"));
        assertArrayEquals(TRANSLUCENT.argb(), back.argb());
        assertTrue(back.hasAlpha());
        noTemporaryFiles();
    }

    @Test
    void opaquePngIsWrittenWithoutAlpha() throws IOException {
        Path file = write(OPAQUE, ImageFormat.PNG, "a.png");
        assertFalse(ImageIO.read(file.toFile()).getColorModel().hasAlpha());
        assertArrayEquals(OPAQUE.argb(), reader.read(file).argb());
    }

    @Test
    void grayPngIsWrittenAsOneGrayChannelAndReadsBackExactly() throws IOException {
        int[] gray = pattern(W, H, (x, y) -> 0xFF000000 | (x * 16 + y) * 0x010101);
        Path file = write(picture(gray, false), ImageFormat.PNG, "gray.png");
        // IHDR's colour type, byte 25 of the file: 0 is gray, 2 RGB.
        assertEquals(0, Files.readAllBytes(file)[25]);
        assertArrayEquals(gray, reader.read(file).argb());
        int[] almost = gray.clone();
        almost[7] = 0xFF010000 | almost[7] & 0xFFFF;
        assertEquals(2, Files.readAllBytes(write(picture(almost, false), ImageFormat.PNG, "almost.png"))[25], "one colour pixel makes it RGB");
        int[] translucent = gray.clone();
        translucent[3] &= 0x80FFFFFF;
        Path withAlpha = write(picture(translucent, true), ImageFormat.PNG, "alpha.png");
        assertEquals(6, Files.readAllBytes(withAlpha)[25], "gray with alpha stays RGBA");
        assertArrayEquals(translucent, reader.read(withAlpha).argb());
    }

    @Test
    void kernelThatAddsTransparencyToAnOpaquePictureKeepsIt() throws IOException {
        int[] half = pattern(W, H, (x, y) -> 0x80000000 | Fixtures.rgb8(x, y) & 0xFFFFFF);
        Picture back = reader.read(write(picture(half, false), ImageFormat.PNG, "a.png"));
        assertArrayEquals(half, back.argb());
    }

    @Test
    void tiffKeepsEveryPixelAndAlpha() throws IOException {
        Picture back = reader.read(write(TRANSLUCENT, ImageFormat.TIFF, "a.tif"));
        assertArrayEquals(TRANSLUCENT.argb(), back.argb());
        assertEquals(ImageFormat.TIFF, back.format());
    }

    @Test
    void bmpKeepsEveryOpaquePixel() throws IOException {
        Picture back = reader.read(write(OPAQUE, ImageFormat.BMP, "a.bmp"));
        assertArrayEquals(OPAQUE.argb(), back.argb());
    }

    @Test
    void jpegCompositesAlphaOnWhite() throws IOException {
        int[] pixels = pattern(W, H, (x, y) -> x < 8 ? 0x00000000 : 0x80000000);
        Picture back = reader.read(write(picture(pixels, true), ImageFormat.JPEG, "a.jpg"));
        assertFalse(back.hasAlpha());
        // Clear black shows the white page; half-opaque black shows it half: 255 * 127/255 = 127.
        assertPixelsWithin(2, pattern(W, H, (x, y) -> x < 8 ? 0xFFFFFFFF : 0xFF7F7F7F), back.argb(), W);
    }

    @Test
    void bmpCompositesAlphaOnWhiteExactly() throws IOException {
        Picture back = reader.read(write(TRANSLUCENT, ImageFormat.BMP, "a.bmp"));
        assertPixels(pattern(W, H, (x, y) -> {
            int p = Fixtures.rgba8(x, y);
            int a = p >>> 24;
            int r = ((p >>> 16 & 0xFF) * a + 255 * (255 - a) + 127) / 255;
            int g = ((p >>> 8 & 0xFF) * a + 255 * (255 - a) + 127) / 255;
            int b = ((p & 0xFF) * a + 255 * (255 - a) + 127) / 255;
            return 0xFF000000 | r << 16 | g << 8 | b;
        }), back);
    }

    @Test
    void writeSaysWhetherItComposited() throws IOException {
        assertTrue(new PictureWriter(ImageFormat.JPEG, 90).write(TRANSLUCENT, dir.resolve("a.jpg"), false));
        assertFalse(new PictureWriter(ImageFormat.JPEG, 90).write(OPAQUE, dir.resolve("b.jpg"), false));
        assertFalse(new PictureWriter(ImageFormat.PNG, 90).write(TRANSLUCENT, dir.resolve("c.png"), false));
    }

    @Test
    void jpegQualityTradesSizeForFidelity() throws IOException {
        // A smooth picture: the busy test pattern's colours would be blurred by chroma subsampling at any quality.
        Picture smooth = picture(pattern(W, H, (x, y) -> 0xFF000080 | (x * 16) << 16 | (y * 20) << 8), false);
        Path low = dir.resolve("low.jpg");
        Path high = dir.resolve("high.jpg");
        new PictureWriter(ImageFormat.JPEG, 20).write(smooth, low, false);
        new PictureWriter(ImageFormat.JPEG, 100).write(smooth, high, false);
        assertTrue(Files.size(low) < Files.size(high), Files.size(low) + " vs " + Files.size(high));
        double lowError = meanError(smooth.argb(), reader.read(low).argb());
        double highError = meanError(smooth.argb(), reader.read(high).argb());
        assertTrue(highError < lowError && highError < 2, "mean error at quality 100: " + highError + ", at 20: " + lowError);
    }

    private static double meanError(int[] a, int[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift < 24; shift += 8) {
                sum += Math.abs((a[i] >>> shift & 0xFF) - (b[i] >>> shift & 0xFF));
            }
        }
        return sum / (3.0 * a.length);
    }

    @Test
    void existingFileIsNotReplacedUnlessAsked() throws IOException {
        Path file = Files.writeString(dir.resolve("a.png"), "precious");
        assertThrows(FileAlreadyExistsException.class, () -> new PictureWriter(ImageFormat.PNG, 90).write(OPAQUE, file, false));
        assertEquals("precious", Files.readString(file));
        noTemporaryFiles();
        new PictureWriter(ImageFormat.PNG, 90).write(OPAQUE, file, true);
        assertArrayEquals(OPAQUE.argb(), reader.read(file).argb());
        noTemporaryFiles();
    }

    @Test
    void outputGetsTheUsualPermissionsNotTheTemporaryFilesOwnerOnly() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path written = write(OPAQUE, ImageFormat.PNG, "a.png");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    @Test
    void unwritableWhenTheDirectoryIsMissing() {
        Path file = dir.resolve("no/such/dir/a.png");
        var e = assertThrows(ImageFileException.class, () -> new PictureWriter(ImageFormat.PNG, 90).write(OPAQUE, file, false));
        assertEquals(Problem.UNWRITABLE, e.problem());
        assertTrue(e.reason().contains("does not exist"), e.reason());
    }

    @Test
    void unwritableWhenTheTargetIsADirectory() throws IOException {
        Path target = Files.createDirectory(dir.resolve("taken.png"));
        var e = assertThrows(ImageFileException.class, () -> new PictureWriter(ImageFormat.PNG, 90).write(OPAQUE, target, true));
        assertEquals(Problem.UNWRITABLE, e.problem());
        assertTrue(e.reason().contains("it is a directory"), e.reason());
        noTemporaryFiles();
    }

    @Test
    void unwritableWhenTheParentIsAFile() throws IOException {
        Path parent = Files.writeString(dir.resolve("file"), "x");
        var e = assertThrows(ImageFileException.class, () -> new PictureWriter(ImageFormat.PNG, 90).write(OPAQUE, parent.resolve("a.png"), false));
        assertEquals(Problem.UNWRITABLE, e.problem());
        assertTrue(e.reason().contains("is not a directory"), e.reason());
    }

    @Test
    void readOnlyFormatsAndBadQualitiesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PictureWriter(ImageFormat.GIF, 90));
        assertThrows(IllegalArgumentException.class, () -> new PictureWriter(ImageFormat.WEBP, 90));
        assertThrows(IllegalArgumentException.class, () -> new PictureWriter(ImageFormat.JPEG, 0));
        assertThrows(IllegalArgumentException.class, () -> new PictureWriter(ImageFormat.JPEG, 101));
    }
}
