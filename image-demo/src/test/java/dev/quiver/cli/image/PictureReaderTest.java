package dev.quiver.cli.image;

import static dev.quiver.cli.image.Fixtures.H;
import static dev.quiver.cli.image.Fixtures.W;
import static dev.quiver.cli.image.Fixtures.assertPixels;
import static dev.quiver.cli.image.Fixtures.assertPixelsWithin;
import static dev.quiver.cli.image.Fixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every format and variant read into the pixels its pattern says (fixtures: src/test/resources/images/README.md). */
class PictureReaderTest {
    @TempDir
    Path dir;

    private final PictureReader reader = new PictureReader(1 << 24);

    @BeforeEach
    void fixtures() throws IOException {
        Fixtures.copyAll(dir);
    }

    private Picture read(String name) throws IOException {
        return reader.read(dir.resolve(name));
    }

    @Test
    void png16BitRgbIsRoundedTo8Bits() throws IOException {
        Picture p = read("rgb16.png");
        assertPixels(pattern(W, H, (x, y) -> Fixtures.rgba16As8(x, y, false)), p);
        assertEquals(16, p.bitDepth());
        assertFalse(p.hasAlpha());
        assertEquals(ImageFormat.PNG, p.format());
    }

    @Test
    void png16BitRgbaKeepsAlphaRoundedTo8Bits() throws IOException {
        Picture p = read("rgba16.png");
        assertPixels(pattern(W, H, (x, y) -> Fixtures.rgba16As8(x, y, true)), p);
        assertTrue(p.hasAlpha());
        assertTrue(p.reducedFromDeeperSamples());
    }

    @Test
    void png16BitGrayIsTakenAsStoredNotBrightened() throws IOException {
        Picture p = read("gray16.png");
        assertPixels(pattern(W, H, (x, y) -> {
            int g = Fixtures.to8(Fixtures.rgba16(x, y)[0]);
            return 0xFF000000 | g << 16 | g << 8 | g;
        }), p);
    }

    @Test
    void pngGrayWithAlpha() throws IOException {
        Picture p = read("graya8.png");
        assertPixels(pattern(W, H, (x, y) -> {
            int c = Fixtures.rgba8(x, y);
            int g = c >>> 16 & 0xFF;
            return c & 0xFF000000 | g << 16 | g << 8 | g;
        }), p);
        assertTrue(p.hasAlpha());
        assertEquals(8, p.bitDepth());
    }

    @Test
    void pngPaletteWithTransparentEntry() throws IOException {
        Picture p = read("palette.png");
        assertPixels(pattern(W, H, Fixtures::binaryAlpha), p);
        assertTrue(p.hasAlpha());
    }

    @Test
    void png4BitPalette() throws IOException {
        Picture p = read("palette4.png");
        assertPixels(pattern(W, H, (x, y) -> {
            int i = (x + 2 * y) % 16;
            return 0xFF000000 | (i * 17) << 16 | (255 - i * 17) << 8 | (i * 53) & 255;
        }), p);
        assertEquals(4, p.bitDepth());
        assertFalse(p.hasAlpha());
    }

    @Test
    void png1BitGray() throws IOException {
        Picture p = read("gray1.png");
        assertPixels(pattern(W, H, (x, y) -> (x + y) % 3 == 0 ? 0xFFFFFFFF : 0xFF000000), p);
        assertEquals(1, p.bitDepth());
    }

    @Test
    void pngInterlaced() throws IOException {
        assertPixels(pattern(W, H, Fixtures::rgba8), read("interlaced.png"));
    }

    @Test
    void pngInterlacedByImageIo() throws IOException {
        BufferedImage image = Fixtures.image(BufferedImage.TYPE_INT_ARGB, Fixtures::rgba8);
        Path file = Fixtures.write(image, "png", true, dir.resolve("adam7.png"));
        assertPixels(pattern(W, H, Fixtures::rgba8), reader.read(file));
    }

    @Test
    void pngGrayByImageIoIsNotBrightened() throws IOException {
        var image = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image.getRaster().setSample(x, y, 0, x * 16 + y);
            }
        }
        Picture p = reader.read(Fixtures.write(image, "png", false, dir.resolve("gray8.png")));
        assertPixels(pattern(W, H, (x, y) -> 0xFF000000 | (x * 16 + y) * 0x010101), p);
    }

    @Test
    void jpegProgressiveMatchesLibjpeg() throws IOException {
        Picture p = read("progressive.jpg");
        assertPixelsWithin(1, Fixtures.reference("progressive.ref.png"), p.argb(), p.width());
        assertEquals(ImageFormat.JPEG, p.format());
        assertFalse(p.hasAlpha());
    }

    @Test
    void jpegProgressiveByImageIo() throws IOException {
        BufferedImage image = Fixtures.image(BufferedImage.TYPE_INT_RGB, Fixtures::rgb8);
        Path progressive = Fixtures.write(image, "jpeg", true, dir.resolve("p.jpg"));
        Path baseline = Fixtures.write(image, "jpeg", false, dir.resolve("b.jpg"));
        // The same quantized coefficients, sent in one scan or in several: the same pixels.
        assertPixelsWithin(0, reader.read(baseline).argb(), reader.read(progressive).argb(), W);
    }

    @Test
    void jpegCmykIsConvertedToRgb() throws IOException {
        Picture p = read("cmyk.jpg");
        assertPixelsWithin(2, Fixtures.reference("cmyk.ref.png"), p.argb(), p.width());
        assertPixelsWithin(16, pattern(W, H, Fixtures::rgb8), p.argb(), p.width());
    }

    @Test
    void jpegYcckIsConvertedToRgbAsLibjpegDoes() throws IOException {
        Picture p = read("ycck.jpg");
        assertPixelsWithin(2, Fixtures.reference("ycck.ref.png"), p.argb(), p.width());
        assertEquals(8, p.bitDepth());
    }

    @Test
    void jpegExifOrientation6IsTurnedUpright() throws IOException {
        Picture p = read("exif6.jpg");
        assertEquals(H, p.width());
        assertEquals(W, p.height());
        assertPixelsWithin(1, Fixtures.reference("exif6.ref.png"), p.argb(), p.width());
        // Shown turned clockwise: the stored left column is the top row, read from the bottom up.
        assertPixelsWithin(16, pattern(H, W, (x, y) -> Fixtures.rgb8(y, H - 1 - x)), p.argb(), p.width());
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyExifOrientationInBothByteOrders(int orientation) throws IOException {
        Path plain = Fixtures.write(Fixtures.image(BufferedImage.TYPE_INT_RGB, Fixtures::rgb8), "jpeg", false, dir.resolve("plain.jpg"));
        int[] stored = reader.read(plain).argb();
        for (boolean little : new boolean[] {true, false}) {
            Picture p = reader.read(Fixtures.withOrientation(plain, orientation, little, dir.resolve("o.jpg")));
            boolean turned = orientation >= 5;
            assertEquals(turned ? H : W, p.width());
            int[] expected = pattern(p.width(), p.height(), (dx, dy) -> {
                // EXIF 2.3, table of Orientation: where display pixel (dx, dy) is stored.
                int sx = switch (orientation) {
                    case 1, 4 -> dx;
                    case 2, 3 -> W - 1 - dx;
                    case 5, 6 -> dy;
                    default -> W - 1 - dy;
                };
                int sy = switch (orientation) {
                    case 1, 2 -> dy;
                    case 3, 4 -> H - 1 - dy;
                    case 5, 8 -> dx;
                    default -> H - 1 - dx;
                };
                return stored[sy * W + sx];
            });
            assertPixelsWithin(0, expected, p.argb(), p.width());
        }
    }

    @Test
    void jpegWithBrokenExifIsReadAsStored() throws IOException {
        Path plain = Fixtures.write(Fixtures.image(BufferedImage.TYPE_INT_RGB, Fixtures::rgb8), "jpeg", false, dir.resolve("plain.jpg"));
        Path odd = Fixtures.withOrientation(plain, 6, true, dir.resolve("odd.jpg"));
        // Break the TIFF magic number inside the EXIF segment: the orientation cannot be trusted, the image still can.
        Fixtures.flipped(odd, 2 + 2 + 2 + 6 + 2, dir.resolve("odd.jpg"));
        Picture p = reader.read(dir.resolve("odd.jpg"));
        assertEquals(W, p.width());
        assertPixelsWithin(0, reader.read(plain).argb(), p.argb(), W);
    }

    @Test
    void bmp24Bit() throws IOException {
        Picture p = read("rgb24.bmp");
        assertPixels(pattern(W, H, Fixtures::rgb8), p);
        assertEquals(ImageFormat.BMP, p.format());
    }

    @Test
    void bmp32BitWithAlpha() throws IOException {
        Picture p = read("rgba32.bmp");
        assertPixels(pattern(W, H, Fixtures::rgba8), p);
        assertTrue(p.hasAlpha());
    }

    @Test
    void bmpByImageIo() throws IOException {
        Path file = Fixtures.write(Fixtures.image(BufferedImage.TYPE_3BYTE_BGR, Fixtures::rgb8), "bmp", false, dir.resolve("io.bmp"));
        assertPixels(pattern(W, H, Fixtures::rgb8), reader.read(file));
    }

    @Test
    void gifFirstFrameOnly() throws IOException {
        Picture p = read("anim.gif");
        assertPixels(pattern(W, H, Fixtures::binaryAlpha), p);
        assertEquals(ImageFormat.GIF, p.format());
        assertTrue(p.hasAlpha());
    }

    @Test
    void gifFrameIsPlacedOnItsLogicalScreen() throws IOException {
        Picture p = read("offset.gif");
        assertEquals(W, p.width());
        assertEquals(H, p.height());
        assertPixels(pattern(W, H, (x, y) -> x >= 4 && x < 12 && y >= 2 && y < 8 ? 0xFFFF0000 : 0), p);
        assertTrue(p.hasAlpha());
    }

    @Test
    void gifByImageIo() throws IOException {
        Path file = Fixtures.write(Fixtures.image(BufferedImage.TYPE_INT_RGB, (x, y) -> 0xFF000000 | (x * 16) << 16 | (y * 20)),
                "gif", false, dir.resolve("io.gif"));
        assertPixels(pattern(W, H, (x, y) -> 0xFF000000 | (x * 16) << 16 | (y * 20)), reader.read(file));
    }

    @Test
    void tiff8BitRgbaLzw() throws IOException {
        Picture p = read("rgba8.tif");
        assertPixels(pattern(W, H, Fixtures::rgba8), p);
        assertEquals(ImageFormat.TIFF, p.format());
    }

    @Test
    void tiff16BitRgbaDeflate() throws IOException {
        Picture p = read("rgba16.tif");
        assertPixels(pattern(W, H, (x, y) -> Fixtures.rgba16As8(x, y, true)), p);
        assertEquals(16, p.bitDepth());
    }

    @Test
    void tiffByImageIo() throws IOException {
        Path file = Fixtures.write(Fixtures.image(BufferedImage.TYPE_INT_ARGB, Fixtures::rgba8), "tiff", false, dir.resolve("io.tif"));
        assertPixels(pattern(W, H, Fixtures::rgba8), reader.read(file));
    }

    @Test
    void webpLosslessWithAlpha() throws IOException {
        Picture p = read("lossless.webp");
        assertPixels(pattern(W, H, Fixtures::rgba8), p);
        assertEquals(ImageFormat.WEBP, p.format());
        assertTrue(p.hasAlpha());
    }

    @Test
    void webpLossyMatchesLibwebp() throws IOException {
        Picture p = read("lossy.webp");
        assertPixelsWithin(2, Fixtures.reference("lossy.ref.png"), p.argb(), p.width());
        assertFalse(p.hasAlpha());
    }

    @Test
    void formatIsToldByContentNotName() throws IOException {
        java.nio.file.Files.copy(dir.resolve("rgb24.bmp"), dir.resolve("looks-like.png"));
        assertEquals(ImageFormat.BMP, read("looks-like.png").format());
    }

    @Test
    void sizeComesFromTheHeader() throws IOException {
        var size = reader.size(dir.resolve("rgba16.tif"));
        assertEquals(new PictureReader.Size(W, H, ImageFormat.TIFF), size);
    }
}
