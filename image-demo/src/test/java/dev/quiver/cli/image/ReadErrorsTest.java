package dev.quiver.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per way a file can fail to read: each an ImageFileException naming the file, the problem and the reason. */
class ReadErrorsTest {
    @TempDir
    Path dir;

    private final PictureReader reader = new PictureReader(1 << 24);

    @BeforeEach
    void fixtures() throws IOException {
        Fixtures.copyAll(dir);
    }

    private ImageFileException fails(Path file, Problem problem, String reason) {
        var e = assertThrows(ImageFileException.class, () -> reader.read(file));
        assertEquals(problem, e.problem(), e.getMessage());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.reason().contains(reason), e.reason());
        return e;
    }

    @Test
    void missingFile() {
        fails(dir.resolve("nope.png"), Problem.MISSING, "no such file");
    }

    @Test
    void directory() {
        fails(dir, Problem.UNREADABLE, "is a directory");
    }

    @Test
    void unreadableFile() throws IOException {
        Path file = dir.resolve("interlaced.png");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file), "the test runs as root, who can read any file");
        fails(file, Problem.UNREADABLE, "permission denied");
    }

    @Test
    void emptyFile() throws IOException {
        fails(Files.createFile(dir.resolve("empty.png")), Problem.NOT_AN_IMAGE, "is empty (0 bytes)");
    }

    @Test
    void notAnImage() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jpg"), "shopping list\n");
        fails(text, Problem.NOT_AN_IMAGE, "not an image: it starts with bytes 73 68 6f 70 70 69 6e 67 ('shopping')");
    }

    @Test
    void truncatedPng() throws IOException {
        Path png = dir.resolve("interlaced.png");
        fails(Fixtures.truncated(png, (int) Files.size(png) - 30, dir.resolve("t.png")), Problem.CORRUPT,
                "truncated: chunk IDAT at byte 33 holds 281 bytes, but the file ends 14 bytes short of them");
    }

    @Test
    void pngWithoutIend() throws IOException {
        Path png = dir.resolve("interlaced.png");
        fails(Fixtures.truncated(png, (int) Files.size(png) - 12, dir.resolve("t.png")), Problem.CORRUPT,
                "truncated: the file ends after 326 bytes, before the IEND chunk");
    }

    @Test
    void pngBadCrc() throws IOException {
        byte[] png = Files.readAllBytes(dir.resolve("interlaced.png"));
        int crcOfIhdr = Fixtures.chunk(png, "IHDR") + 4 + 13;
        fails(Fixtures.flipped(dir.resolve("interlaced.png"), crcOfIhdr + 3, dir.resolve("crc.png")), Problem.CORRUPT,
                "damaged: chunk IHDR at byte 8 fails its CRC check");
    }

    @Test
    void pngDamagedDataInsideAValidCrc() throws IOException {
        fails(Fixtures.damagedIdatWithValidCrc(dir.resolve("interlaced.png"), dir.resolve("zlib.png")), Problem.CORRUPT,
                "damaged, or a variant the decoder does not support: Error reading PNG image data");
    }

    @Test
    void truncatedJpeg() throws IOException {
        Path jpeg = dir.resolve("exif6.jpg");
        fails(Fixtures.truncated(jpeg, (int) Files.size(jpeg) * 2 / 3, dir.resolve("t.jpg")), Problem.CORRUPT,
                "truncated: the JPEG data ends early");
    }

    @Test
    void truncatedProgressiveJpeg() throws IOException {
        Path jpeg = dir.resolve("progressive.jpg");
        fails(Fixtures.truncated(jpeg, (int) Files.size(jpeg) - 100, dir.resolve("t.jpg")), Problem.CORRUPT, "truncated");
    }

    @Test
    void truncatedWebp() throws IOException {
        Path webp = dir.resolve("lossless.webp");
        fails(Fixtures.truncated(webp, (int) Files.size(webp) - 10, dir.resolve("t.webp")), Problem.CORRUPT,
                "truncated: its RIFF header says 146 bytes, but the file has 136");
    }

    @Test
    void truncatedTiffBeforeItsDirectory() throws IOException {
        fails(Fixtures.truncated(dir.resolve("rgba8.tif"), 200, dir.resolve("t.tif")), Problem.CORRUPT,
                "truncated: its first image directory is at byte 328, past the end of the file (200 bytes)");
    }

    @Test
    void truncatedBmp() throws IOException {
        fails(Fixtures.truncated(dir.resolve("rgb24.bmp"), 300, dir.resolve("t.bmp")), Problem.CORRUPT,
                "truncated: the file ends before the image data does");
    }

    @Test
    void truncatedGif() throws IOException {
        fails(Fixtures.truncated(dir.resolve("anim.gif"), 500, dir.resolve("t.gif")), Problem.CORRUPT, "the decoder says");
    }

    /** Every fixture cut anywhere is either refused as damaged or, where the cut spares every pixel (a GIF's later frames), read whole. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rgb16.png", "palette.png", "progressive.jpg", "cmyk.jpg", "ycck.jpg", "exif6.jpg", "rgb24.bmp", "rgba32.bmp",
        "anim.gif", "rgba8.tif", "rgba16.tif", "lossless.webp", "lossy.webp"})
    void cutAnywhereNeverGivesWrongPixels(String name) throws IOException {
        Path whole = dir.resolve(name);
        int[] good = reader.read(whole).argb();
        long size = Files.size(whole);
        for (int cut = 1; cut < size; cut += Math.max(1, (int) size / 40)) {
            Path part = Fixtures.truncated(whole, cut, dir.resolve("cut-" + name));
            try {
                Picture p = reader.read(part);
                assertTrue(java.util.Arrays.equals(good, p.argb()), name + " cut at " + cut + " of " + size + " read without complaint into other pixels");
            } catch (ImageFileException e) {
                assertTrue(e.problem() == Problem.CORRUPT || e.problem() == Problem.NOT_AN_IMAGE, e.getMessage());
            }
        }
    }

    @Test
    void tooLargeIsRefusedFromTheHeaderBeforeDecoding() throws IOException {
        Path huge = Fixtures.pngHeader(100_000, 100_000, dir.resolve("huge.png"));
        // A 16 Mi-pixel limit: decoding 10^10 pixels would need 40 GB; refusing takes a header read.
        fails(huge, Problem.TOO_LARGE, "too large: its PNG header says 10,000,000,000 pixels (10000.0 megapixels), over the limit of 16,777,216");
    }

    @Test
    void tooLargeForTheLimitGiven() throws IOException {
        var small = new PictureReader(100);
        var e = assertThrows(ImageFileException.class, () -> small.read(dir.resolve("rgb24.bmp")));
        assertEquals(Problem.TOO_LARGE, e.problem());
        assertTrue(e.reason().contains("its BMP header says 192 pixels"), e.reason());
    }

    @Test
    void heapLimitFollowsTheHeap() {
        assertEquals(Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / PictureReader.BYTES_PER_PIXEL), PictureReader.heapLimit());
    }
}
