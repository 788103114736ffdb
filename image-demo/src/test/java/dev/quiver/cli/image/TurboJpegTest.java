package dev.quiver.cli.image;

import static dev.quiver.cli.image.Fixtures.H;
import static dev.quiver.cli.image.Fixtures.W;
import static dev.quiver.cli.image.Fixtures.assertPixelsWithin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The libjpeg-turbo binding itself, on the system's {@code libturbojpeg.so.0} (Debian's libturbojpeg0,
 * which {@code ./quiver test} installs): headers, decoding against libjpeg's own output (the fixtures'
 * .ref.png files, made by djpeg), what it says about damaged data, and encoding. Skipped, saying so,
 * where the library is not installed; the ImageIO path is tested everywhere.
 */
class TurboJpegTest {
    private static TurboJpeg turbo;

    @BeforeAll
    static void load() {
        Optional<TurboJpeg> loaded = TurboJpeg.load("libturbojpeg.so.0");
        assumeTrue(loaded.isPresent(), "libjpeg-turbo is not installed (apt-get install -y libturbojpeg0): binding tests skipped");
        turbo = loaded.get();
    }

    private static MemorySegment bytes(Arena arena, byte[] jpeg) {
        return arena.allocate(Math.max(1, jpeg.length)).copyFrom(MemorySegment.ofArray(jpeg)).asSlice(0, jpeg.length);
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(Fixtures.resources().resolve(name));
    }

    @Test
    void describesItself() {
        assertTrue(turbo.description().startsWith("libjpeg-turbo's TurboJPEG "), turbo.description());
        assertTrue(turbo.description().endsWith("(libturbojpeg.so.0)"), turbo.description());
    }

    @Test
    void headerGivesSizeSubsamplingAndColourSpace() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            TurboJpeg.Header h = turbo.header(bytes(arena, fixture("progressive.jpg")));
            assertEquals(W, h.width());
            assertEquals(H, h.height());
            assertEquals(TurboJpeg.TJCS_YCBCR, h.colourSpace());
            // CMYK and YCCK files are both four-channel: the reader leaves them to ImageIO.
            int cmyk = turbo.header(bytes(arena, fixture("cmyk.jpg"))).colourSpace();
            assertTrue(cmyk != TurboJpeg.TJCS_YCBCR && cmyk != TurboJpeg.TJCS_RGB && cmyk != TurboJpeg.TJCS_GRAY, "colour space " + cmyk);
        }
    }

    @Test
    void decodesAsLibjpegDoes() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            int[] argb = new int[W * H];
            turbo.decode(bytes(arena, fixture("progressive.jpg")), W, H, argb);
            assertPixelsWithin(1, Fixtures.reference("progressive.ref.png"), argb, W);
            assertTrue(Arrays.stream(argb).allMatch(p -> p >>> 24 == 255), "every pixel opaque");
        }
    }

    @Test
    void truncatedDataIsAWarningThatSaysSo() throws Exception {
        byte[] whole = fixture("exif6.jpg");
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(TurboJpeg.Failure.class, () -> turbo.decode(bytes(arena, Arrays.copyOf(whole, whole.length * 2 / 3)), W, H, new int[W * H]));
            assertEquals("Premature end of JPEG file", e.getMessage());
        }
    }

    @Test
    void notAJpegIsAnError() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(TurboJpeg.Failure.class, () -> turbo.header(bytes(arena, "shopping list, not a picture".getBytes())));
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void encodesRgbThatImageIoReadsBack() throws Exception {
        int[] smooth = Fixtures.pattern(W, H, (x, y) -> 0xFF000080 | (x * 16) << 16 | (y * 20) << 8);
        byte[][] out = new byte[1][];
        turbo.encodeRgb(smooth, W, H, 95, jpeg -> out[0] = jpeg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(out[0]));
        assertEquals(3, back.getColorModel().getNumComponents());
        // Chroma at half resolution blurs this 16 x 12 picture's colours by a few levels.
        assertTrue(JpegPathsTest.meanError(smooth, back.getRGB(0, 0, W, H, null, 0, W)) < 2.5);
    }

    @Test
    void encodesGrayAsOneChannel() throws Exception {
        byte[] gray = new byte[W * H];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) (i % W * 16);
        }
        byte[][] out = new byte[1][];
        turbo.encodeGray(gray, W, H, 95, jpeg -> out[0] = jpeg.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(TurboJpeg.TJCS_GRAY, turbo.header(bytes(arena, out[0])).colourSpace());
        }
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(out[0]));
        assertEquals(1, back.getColorModel().getNumComponents());
        for (int i = 0; i < gray.length; i++) {
            assertTrue(Math.abs(back.getRaster().getSample(i % W, i / W, 0) - (gray[i] & 0xFF)) <= 4, "pixel " + i);
        }
    }

    @Test
    void aLibraryThatIsNotThereIsNoLibrary() {
        assertTrue(TurboJpeg.load("libno-such-turbojpeg.so.9").isEmpty());
        assertTrue(TurboJpeg.load("/nonexistent/libturbojpeg.so.0").isEmpty());
    }

    @Test
    void aLibraryWithoutTheApiIsNoLibrary() {
        // libc is a real shared library, but without TurboJPEG's functions.
        assertTrue(TurboJpeg.load("libc.so.6").isEmpty());
    }
}
