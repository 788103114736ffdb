package dev.quiver.cli.image;

import static dev.quiver.cli.image.Fixtures.H;
import static dev.quiver.cli.image.Fixtures.W;
import static dev.quiver.cli.image.Fixtures.assertPixelsWithin;
import static dev.quiver.cli.image.Fixtures.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JPEG reading and writing both ways: through libjpeg-turbo (where it is installed) and through ImageIO
 * (everywhere, and wherever libjpeg-turbo is missing). Both give libjpeg's pixels, both refuse damaged
 * files, both write gray pictures as one-channel JPEGs; files libjpeg-turbo leaves to ImageIO (CMYK,
 * YCCK, an ICC profile) read the same either way.
 */
class JpegPathsTest {
    private static final Optional<TurboJpeg> TURBO = TurboJpeg.load("libturbojpeg.so.0");

    @TempDir
    Path dir;

    @BeforeEach
    void fixtures() throws IOException {
        Fixtures.copyAll(dir);
    }

    /** The two ways, by name; libjpeg-turbo's is skipped, saying so, where it is not installed. */
    static Stream<Arguments> paths() {
        return Stream.of(Arguments.of("libjpeg-turbo"), Arguments.of("ImageIO"));
    }

    private static Optional<TurboJpeg> path(String name) {
        if (name.equals("ImageIO")) {
            return Optional.empty();
        }
        assumeTrue(TURBO.isPresent(), "libjpeg-turbo is not installed (apt-get install -y libturbojpeg0): its path is not tested here");
        return TURBO;
    }

    private static PictureReader reader(String path) {
        return new PictureReader(1 << 24, path(path));
    }

    private static PictureWriter writer(String path, int quality) {
        return new PictureWriter(ImageFormat.JPEG, quality, path(path));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void readsProgressiveAndExifTurnedAsLibjpegDoes(String path) throws IOException {
        Picture p = reader(path).read(dir.resolve("progressive.jpg"));
        assertPixelsWithin(1, Fixtures.reference("progressive.ref.png"), p.argb(), p.width());
        assertFalse(p.hasAlpha());
        assertEquals(8, p.bitDepth());
        Picture turned = reader(path).read(dir.resolve("exif6.jpg"));
        assertEquals(H, turned.width());
        assertPixelsWithin(1, Fixtures.reference("exif6.ref.png"), turned.argb(), turned.width());
    }

    @Test
    void bothPathsReadTheSamePixelsFromALargerPhoto() throws IOException {
        Path photo = Fixtures.write(Fixtures.image(java.awt.image.BufferedImage.TYPE_INT_RGB, Fixtures::rgb8), "jpeg", false, dir.resolve("p.jpg"));
        int[] byImageIo = reader("ImageIO").read(photo).argb();
        assertPixelsWithin(1, byImageIo, reader("libjpeg-turbo").read(photo).argb(), W);
    }

    @Test
    void cmykYcckAndColourProfilesAreLeftToImageIo() throws IOException {
        Path profiled = withIccProfile(dir.resolve("progressive.jpg"), ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB), dir.resolve("linear.jpg"));
        for (Path file : new Path[] {dir.resolve("cmyk.jpg"), dir.resolve("ycck.jpg"), profiled}) {
            assertArrayEquals(reader("ImageIO").read(file).argb(), reader("libjpeg-turbo").read(file).argb(), file.toString());
        }
        // The profile is applied: linear-light values shown as sRGB come out brighter than as stored.
        int[] stored = reader("libjpeg-turbo").read(dir.resolve("progressive.jpg")).argb();
        int[] converted = reader("libjpeg-turbo").read(profiled).argb();
        assertTrue((converted[5] & 0xFF) > (stored[5] & 0xFF), Integer.toHexString(stored[5]) + " became " + Integer.toHexString(converted[5]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void truncatedIsCorrupt(String path) throws IOException {
        for (String name : new String[] {"exif6.jpg", "progressive.jpg"}) {
            Path jpeg = dir.resolve(name);
            Path cut = Fixtures.truncated(jpeg, (int) Files.size(jpeg) * 2 / 3, dir.resolve("t.jpg"));
            var e = assertThrows(ImageFileException.class, () -> reader(path).read(cut));
            assertEquals(Problem.CORRUPT, e.problem(), e.getMessage());
            assertTrue(e.reason().startsWith("truncated"), e.reason());
        }
    }

    @Test
    void aProgressiveJpegOfMoreThan500ScansIsRefusedByLibjpegTurbo() throws IOException {
        // The last scan repeated 600 times: a file that takes libjpeg minutes to decode when it is large.
        byte[] jpeg = Files.readAllBytes(dir.resolve("progressive.jpg"));
        int sos = lastIndexOf(jpeg, (byte) 0xFF, (byte) 0xDA);
        int eoi = lastIndexOf(jpeg, (byte) 0xFF, (byte) 0xD9);
        var out = new ByteArrayOutputStream();
        out.write(jpeg, 0, eoi);
        for (int i = 0; i < 600; i++) {
            out.write(jpeg, sos, eoi - sos);
        }
        out.write(jpeg, eoi, jpeg.length - eoi);
        Path scans = Files.write(dir.resolve("scans.jpg"), out.toByteArray());
        var e = assertThrows(ImageFileException.class, () -> reader("libjpeg-turbo").read(scans));
        assertEquals(Problem.CORRUPT, e.problem());
        assertEquals("refused: Progressive JPEG image has more than 500 scans (a photo has at most a dozen)", e.reason());
    }

    private static int lastIndexOf(byte[] b, byte first, byte second) {
        for (int i = b.length - 2; i >= 0; i--) {
            if (b[i] == first && b[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("no marker");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void cutAnywhereNeverGivesWrongPixels(String path) throws IOException {
        for (String name : new String[] {"exif6.jpg", "progressive.jpg"}) {
            Path whole = dir.resolve(name);
            int[] good = reader(path).read(whole).argb();
            int size = (int) Files.size(whole);
            for (int cut = 1; cut < size; cut += 7) {
                Path part = Fixtures.truncated(whole, cut, dir.resolve("cut.jpg"));
                try {
                    assertArrayEquals(good, reader(path).read(part).argb(), name + " cut at " + cut + " read without complaint into other pixels");
                } catch (ImageFileException e) {
                    assertTrue(e.problem() == Problem.CORRUPT || e.problem() == Problem.NOT_AN_IMAGE, e.getMessage());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void grayPicturesAreWrittenAsOneChannel(String path) throws IOException {
        int[] gray = pattern(W, H, (x, y) -> 0xFF000000 | (x * 16) * 0x010101);
        Path file = dir.resolve("gray.jpg");
        writer(path, 95).write(new Picture(W, H, gray, false, ImageFormat.PNG, 8), file, false);
        assertEquals(1, components(file));
        assertPixelsWithin(3, gray, reader(path).read(file).argb(), W);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void colourAndTranslucentGrayAreWrittenAsYcbcr420(String path) throws IOException {
        int[] colour = pattern(W, H, (x, y) -> 0xFF000080 | (x * 16) << 16 | (y * 20) << 8);
        Path file = dir.resolve("colour.jpg");
        writer(path, 95).write(new Picture(W, H, colour, false, ImageFormat.PNG, 8), file, false);
        assertEquals(3, components(file));
        assertEquals(0x22, samplingOfFirstComponent(file), "4:2:0: the luma component sampled 2x2");
        // Chroma at half resolution blurs this 16 x 12 picture's colours by a few levels.
        double error = meanError(colour, reader(path).read(file).argb());
        assertTrue(error < 2.5, "mean error " + error + " levels");
        // Translucent gray composited on white is still gray: one channel.
        int[] translucent = pattern(W, H, (x, y) -> 0x80000000 | 0x404040);
        Path flat = dir.resolve("flat.jpg");
        assertTrue(writer(path, 95).write(new Picture(W, H, translucent, true, ImageFormat.PNG, 8), flat, false));
        assertEquals(1, components(flat));
    }

    @Test
    void libjpegTurboWritesJpegsAsFaithfulAsImageIos() throws IOException {
        int[] photo = pattern(W, H, Fixtures::rgb8);
        var picture = new Picture(W, H, photo, false, ImageFormat.PNG, 8);
        writer("ImageIO", 90).write(picture, dir.resolve("io.jpg"), false);
        writer("libjpeg-turbo", 90).write(picture, dir.resolve("turbo.jpg"), false);
        // Both are libjpeg with the same tables at the same quality; colour conversion and chroma downsampling round differently.
        PictureReader reader = reader("ImageIO");
        double io = meanError(photo, reader.read(dir.resolve("io.jpg")).argb());
        double turbo = meanError(photo, reader.read(dir.resolve("turbo.jpg")).argb());
        assertTrue(turbo <= io * 1.1, "mean error " + turbo + " levels through libjpeg-turbo, " + io + " through ImageIO");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void anExistingOutputIsLeftAlone(String path) throws IOException {
        Path file = Files.writeString(dir.resolve("taken.jpg"), "precious");
        var picture = new Picture(W, H, pattern(W, H, Fixtures::rgb8), false, ImageFormat.PNG, 8);
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> writer(path, 90).write(picture, file, false));
        assertEquals("precious", Files.readString(file));
    }

    /** The mean absolute difference per channel (r, g, b), in levels. */
    static double meanError(int[] a, int[] b) {
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift < 24; shift += 8) {
                sum += Math.abs((a[i] >>> shift & 0xFF) - (b[i] >>> shift & 0xFF));
            }
        }
        return sum / (3.0 * a.length);
    }

    /** The number of components in the JPEG's frame header (SOF0..SOF2). */
    static int components(Path jpeg) throws IOException {
        byte[] b = Files.readAllBytes(jpeg);
        return b[sof(b) + 9] & 0xFF;
    }

    private static int samplingOfFirstComponent(Path jpeg) throws IOException {
        byte[] b = Files.readAllBytes(jpeg);
        return b[sof(b) + 11] & 0xFF;
    }

    private static int sof(byte[] b) {
        for (int at = 2; at + 4 < b.length; ) {
            int marker = b[at + 1] & 0xFF;
            if (marker >= 0xC0 && marker <= 0xC2) {
                return at;
            }
            at += 2 + ((b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF);
        }
        throw new AssertionError("no frame header");
    }

    /** The JPEG with an APP2 ICC_PROFILE segment holding {@code profile} (small enough for one segment) after SOI. */
    private static Path withIccProfile(Path jpeg, ICC_Profile profile, Path to) throws IOException {
        byte[] all = Files.readAllBytes(jpeg);
        byte[] data = profile.getData();
        var segment = new ByteArrayOutputStream();
        segment.write("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
        segment.write(1);
        segment.write(1);
        segment.write(data);
        int length = segment.size() + 2;
        assertTrue(length < 65536, "profile of " + data.length + " bytes needs more than one segment");
        var out = new ByteArrayOutputStream();
        out.write(all, 0, 2);
        out.write(0xFF);
        out.write(0xE2);
        out.write(length >> 8);
        out.write(length & 0xFF);
        segment.writeTo(out);
        out.write(all, 2, all.length - 2);
        return Files.write(to, out.toByteArray());
    }

    @Test
    void fixturesUsedHereAreWhatTheyClaim() throws IOException {
        assertEquals(3, components(dir.resolve("progressive.jpg")));
        assertTrue(Arrays.equals(Arrays.copyOf(Files.readAllBytes(dir.resolve("cmyk.jpg")), 2), new byte[] {(byte) 0xFF, (byte) 0xD8}));
    }
}
