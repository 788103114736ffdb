package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.cli.image.Picture;
import dev.quiver.cli.image.PictureReader;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quiver image as users run it, on real image files: results against the reference backend, exit codes, one test per error. */
class ImageCommandTest {
    @TempDir
    Path dir;

    private final PictureReader reader = new PictureReader(1 << 24);

    @BeforeEach
    void copyFixtures() throws IOException, URISyntaxException {
        Path fixtures = Path.of(getClass().getResource("/images").toURI());
        Files.createDirectories(dir.resolve("in"));
        try (var files = Files.list(fixtures)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().contains(".ref.")).toList()) {
                Files.copy(f, dir.resolve("in").resolve(f.getFileName()));
            }
        }
    }

    /** Runs quiver with {@code @} standing for the temporary directory. */
    private CliRun quiver(String... args) {
        return CliRun.in(dir, args);
    }

    private Picture read(String name) throws IOException {
        return reader.read(dir.resolve(name));
    }

    /** What the reference interpreter makes of the pixels, one kernel after another. */
    private static int[] reference(int[] pixels, Kernel... kernels) {
        int[] p = pixels;
        for (Kernel k : kernels) {
            int[] out = new int[p.length];
            ParallelMap.on("reference").map(k, p, out);
            p = out;
        }
        return p;
    }

    private void noTemporaryFiles(Path where) throws IOException {
        try (var files = Files.walk(where)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "a temporary file was left behind");
        }
    }

    @Test
    void grayscaleGivesTheReferenceBytes() throws IOException {
        CliRun r = quiver("image", "grayscale", "@in/rgba8.tif", "-o", "@gray.png");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(reference(read("in/rgba8.tif").argb(), Kernels.grayscale()), read("gray.png").argb());
        assertTrue(r.err().contains("1 file: 1 written, 0 skipped, 0 failed"), r.err());
    }

    @Test
    void fusedOperationsGiveTheReferenceBytesOfOneAfterAnother() throws IOException {
        CliRun r = quiver("image", "grayscale,gamma=2.2,brightness=20,invert", "@in/interlaced.png", "-o", "@out.png");
        assertEquals(0, r.code(), r.err());
        int[] expected = reference(read("in/interlaced.png").argb(), Kernels.grayscale(), Kernels.gamma(2.2f), Kernels.brightness(20), Kernels.invert());
        assertArrayEquals(expected, read("out.png").argb());
    }

    @Test
    void everyBackendWritesTheSameBytes() throws IOException {
        for (String backend : List.of("simd", "threads", "reference")) {
            CliRun r = quiver("image", "sepia,contrast=1.3", "@in/lossless.webp", "-o", "@" + backend + ".png", "--backend", backend, "--threads", "2");
            assertEquals(0, r.code(), r.err());
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("reference.png")), Files.readAllBytes(dir.resolve("simd.png")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("reference.png")), Files.readAllBytes(dir.resolve("threads.png")));
    }

    @Test
    void alphaIsPreserved() throws IOException {
        CliRun r = quiver("image", "invert", "@in/rgba16.png", "@in/palette.png", "--out-dir", "@out");
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("rgba16.png", "palette.png")) {
            int[] in = read("in/" + name).argb();
            int[] out = read("out/" + name).argb();
            for (int i = 0; i < in.length; i++) {
                assertEquals(in[i] >>> 24, out[i] >>> 24, name + " pixel " + i);
            }
            assertTrue(read("out/" + name).hasAlpha());
        }
        assertTrue(r.err().contains("1 input had more than 8 bits per sample (16-bit PNG or TIFF): processed and written at 8 bits."), r.err());
    }

    @Test
    void exifRotationIsApplied() throws IOException {
        CliRun r = quiver("image", "brightness=0", "@in/exif6.jpg", "-o", "@upright.png");
        assertEquals(0, r.code(), r.err());
        Picture p = read("upright.png");
        assertEquals(12, p.width());
        assertEquals(16, p.height());
        assertArrayEquals(read("in/exif6.jpg").argb(), p.argb());
    }

    @Test
    void jpegOutputCompositesAlphaOnWhiteAndSaysSo() throws IOException {
        CliRun r = quiver("image", "invert", "@in/offset.gif", "-o", "@flat.jpg");
        assertEquals(0, r.code(), r.err());
        Picture p = read("flat.jpg");
        assertFalse(p.hasAlpha());
        int corner = p.argb()[0];
        assertTrue((corner >>> 16 & 0xFF) > 245 && (corner >>> 8 & 0xFF) > 245 && (corner & 0xFF) > 245,
                "the transparent corner shows white, within JPEG's error: " + Integer.toHexString(corner));
        assertTrue(r.err().contains("1 output in a format without alpha (JPEG, BMP): transparency composited on white."), r.err());
    }

    @Test
    void directoryWithRecursiveKeepsTheTree() throws IOException {
        Files.createDirectories(dir.resolve("in/sub"));
        Files.copy(dir.resolve("in/gray1.png"), dir.resolve("in/sub/nested.png"));
        CliRun r = quiver("image", "threshold=128", "@in", "--recursive", "--out-dir", "@out");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("out/sub/nested.png")));
        assertTrue(Files.exists(dir.resolve("out/lossy.png")), "WebP becomes PNG");
        assertTrue(Files.exists(dir.resolve("out/progressive.jpg")));
        assertTrue(r.err().contains("21 files: 21 written, 0 skipped, 0 failed"), r.err());
        noTemporaryFiles(dir);
    }

    @Test
    void formatThatWouldGiveTwoInputsOneNameIsRefused() {
        CliRun r = quiver("image", "invert", "@in", "--out-dir", "@out", "--format", "bmp");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("inputs " + dir + "/in/rgba16.png and " + dir + "/in/rgba16.tif would both be written to " + dir + "/out/rgba16.bmp"), r.err());
    }

    @Test
    void patternExpandedByQuiver() throws IOException {
        CliRun r = quiver("image", "invert", "@in/*.{bmp,gif}", "--out-dir", "@out", "--progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("[1/4] " + dir + "/in/anim.gif -> " + dir + "/out/anim.png (16x12)"), r.err());
        assertTrue(r.err().contains("[4/4] " + dir + "/in/rgba32.bmp -> " + dir + "/out/rgba32.bmp (16x12)"), r.err());
    }

    @Test
    void batchWithOneCorruptFileWritesTheOthersAndExitsOne() throws IOException {
        byte[] png = Files.readAllBytes(dir.resolve("in/interlaced.png"));
        Files.write(dir.resolve("in/broken.png"), java.util.Arrays.copyOf(png, png.length / 2));
        CliRun r = quiver("image", "grayscale", "@in/rgb24.bmp", "@in/broken.png", "@in/rgba8.tif", "--out-dir", "@out");
        assertEquals(Quiver.FAILED, r.code(), r.err());
        assertTrue(r.err().contains(dir + "/in/broken.png: truncated: chunk IDAT at byte 33 holds 281 bytes"), r.err());
        assertTrue(r.err().contains("3 files: 2 written, 0 skipped, 1 failed"), r.err());
        assertTrue(Files.exists(dir.resolve("out/rgb24.bmp")));
        assertTrue(Files.exists(dir.resolve("out/rgba8.tif")));
        assertFalse(Files.exists(dir.resolve("out/broken.png")));
        assertFalse(r.err().contains("Exception"), r.err());
        noTemporaryFiles(dir);
    }

    @Test
    void existingOutputsAreSkippedUnlessForced() throws IOException {
        assertEquals(0, quiver("image", "invert", "@in/rgb24.bmp", "@in/gray1.png", "--out-dir", "@out").code());
        Files.writeString(dir.resolve("out/rgb24.bmp"), "keep me");
        Files.delete(dir.resolve("out/gray1.png"));
        CliRun again = quiver("image", "invert", "@in/rgb24.bmp", "@in/gray1.png", "--out-dir", "@out");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("2 files: 1 written, 1 skipped, 0 failed"), again.err());
        assertTrue(again.err().contains("1 output exists and was left alone; --force replaces them."), again.err());
        assertEquals("keep me", Files.readString(dir.resolve("out/rgb24.bmp")));
        assertTrue(Files.exists(dir.resolve("out/gray1.png")), "the missing output is made again: the batch resumes");
        CliRun forced = quiver("image", "invert", "@in/rgb24.bmp", "--out-dir", "@out", "--force", "--progress");
        assertEquals(0, forced.code(), forced.err());
        assertArrayEquals(reference(read("in/rgb24.bmp").argb(), Kernels.invert()), read("out/rgb24.bmp").argb());
    }

    @Test
    void skippedOutputsAreReportedWithProgress() {
        assertEquals(0, quiver("image", "invert", "@in/rgb24.bmp", "--out-dir", "@out").code());
        CliRun again = quiver("image", "invert", "@in/rgb24.bmp", "--out-dir", "@out", "--progress");
        assertTrue(again.err().contains("[1/1] " + dir + "/in/rgb24.bmp: skipped, " + dir + "/out/rgb24.bmp exists (--force replaces it)"), again.err());
    }

    @Test
    void outputOverItsInputNeedsForce() throws IOException {
        byte[] before = Files.readAllBytes(dir.resolve("in/rgb24.bmp"));
        CliRun refused = quiver("image", "invert", "@in/rgb24.bmp", "-o", "@in/rgb24.bmp");
        assertEquals(Quiver.USAGE, refused.code());
        assertTrue(refused.err().contains("-o " + dir + "/in/rgb24.bmp is the input; add --force to replace it with the result"), refused.err());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("in/rgb24.bmp")));
        int[] original = read("in/rgb24.bmp").argb();
        CliRun forced = quiver("image", "invert", "@in/rgb24.bmp", "-o", "@in/rgb24.bmp", "--force");
        assertEquals(0, forced.code(), forced.err());
        assertArrayEquals(reference(original, Kernels.invert()), read("in/rgb24.bmp").argb());
    }

    @Test
    void outDirOverTheInputsIsRefused() {
        CliRun r = quiver("image", "invert", "@in", "--out-dir", "@in", "--force");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("would write " + dir + "/in/"), r.err());
    }

    @Test
    void unknownOperationIsAUsageErrorAndWritesNothing() {
        CliRun r = quiver("image", "grayscal,invert", "@in/rgb24.bmp", "--out-dir", "@out");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("quiver image: unknown operation 'grayscal' (did you mean 'grayscale'?)"), r.err());
        assertTrue(r.err().contains("Try 'quiver image --help'"), r.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void blurRunsBetweenFusedPassesWithTheSameBytesOnEveryBackend() throws Exception {
        var picture = read("in/rgba8.tif");
        int[] inverted = reference(picture.argb(), Kernels.invert());
        int[] blurred = new int[inverted.length];
        ParallelMap.on("reference").map(dev.quiver.kernel.Stencil.gaussian(1.5), inverted, picture.width(), picture.height(), blurred);
        int[] expected = reference(blurred, Kernels.grayscale());
        for (String backend : List.of("simd", "threads", "opencl", "reference")) {
            CliRun r = quiver("image", "invert,blur=1.5,grayscale", "@in/rgba8.tif", "-o", "@blur-" + backend + ".png", "--backend", backend);
            assertEquals(0, r.code(), r.err());
            assertArrayEquals(expected, read("blur-" + backend + ".png").argb(), backend);
        }
    }

    @Test
    void blurNeedsItsSigma() {
        CliRun r = quiver("image", "blur", "@in/rgb24.bmp", "--out-dir", "@out");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("operation 'blur' needs a number of pixels: blur=SIGMA"), r.err());
    }

    @Test
    void badOperationValue() {
        CliRun r = quiver("image", "gamma=bright", "@in/rgb24.bmp", "--out-dir", "@out");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("operation 'gamma=bright': 'bright' is not a number; write gamma=GAMMA"), r.err());
    }

    @Test
    void unknownBackend() {
        CliRun r = quiver("image", "invert", "@in/rgb24.bmp", "--out-dir", "@out", "--backend", "cuda");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("cuda"), r.err());
    }

    @Test
    void noDestination() {
        CliRun r = quiver("image", "invert", "@in/rgb24.bmp");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("Missing required argument"), r.err());
    }

    @Test
    void bothDestinations() {
        CliRun r = quiver("image", "invert", "@in/rgb24.bmp", "-o", "@a.png", "--out-dir", "@out");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
    }

    @Test
    void qualityOutOfRange() {
        CliRun r = quiver("image", "invert", "@in/rgb24.bmp", "-o", "@a.jpg", "--quality", "0");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("--quality must be 1 to 100, got 0"), r.err());
    }

    @Test
    void formatThatCannotBeWritten() {
        CliRun r = quiver("image", "invert", "@in/rgb24.bmp", "--out-dir", "@out", "--format", "webp");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("--format webp: the output formats are png, jpg, bmp, tif"), r.err());
    }

    @Test
    void missingInputFileFailsThatFile() {
        CliRun r = quiver("image", "invert", "@in/nope.png", "@in/rgb24.bmp", "--out-dir", "@out");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains(dir + "/in/nope.png: no such file"), r.err());
        assertTrue(r.err().contains("2 files: 1 written, 0 skipped, 1 failed"), r.err());
    }

    @Test
    void patternMatchingNothingFails() {
        CliRun r = quiver("image", "invert", "@in/*.heic", "--out-dir", "@out");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains(dir + "/in/*.heic: no file matches this pattern"), r.err());
    }

    @Test
    void notAnImageFailsThatFile() throws IOException {
        Files.writeString(dir.resolve("in/readme.png"), "hello");
        CliRun r = quiver("image", "invert", "@in/readme.png", "-o", "@a.png");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains("readme.png: not an image: it starts with bytes 68 65 6c 6c 6f ('hello')"), r.err());
    }

    @Test
    void tooLargeFailsThatFileBeforeDecoding() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(4 + 4 + 13 + 4);
        ihdr.putInt(13).put("IHDR".getBytes()).putInt(200_000).putInt(200_000).put((byte) 8).put((byte) 6).put(new byte[3]);
        var crc = new java.util.zip.CRC32();
        crc.update(ihdr.array(), 4, 17);
        ihdr.putInt((int) crc.getValue());
        out.write(ihdr.array());
        out.write(new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82});
        Files.write(dir.resolve("in/huge.png"), out.toByteArray());
        CliRun r = quiver("image", "invert", "@in/huge.png", "-o", "@a.png");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains("huge.png: too large: its PNG header says 40,000,000,000 pixels"), r.err());
    }

    @Test
    void unwritableOutputFailsThatFile() throws IOException {
        Files.writeString(dir.resolve("blocker"), "a file where the output directory should be");
        CliRun r = quiver("image", "invert", "@in/rgb24.bmp", "--out-dir", "@blocker/out");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains(dir + "/in/rgb24.bmp: cannot write " + dir + "/blocker/out/rgb24.bmp"), r.err());
    }

    @Test
    void explainAndTime() {
        CliRun r = quiver("image", "invert", "@in/rgb24.bmp", "-o", "@a.png", "--explain", "--time", "--backend", "threads");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("explain: for the first input, " + dir + "/in/rgb24.bmp (16x12):"), r.err());
        assertTrue(r.err().contains("kernel 'invert' on 192 elements runs on threads"), r.err());
        assertTrue(r.err().contains("JPEG files are decoded and encoded by "), r.err());
        assertTrue(r.err().contains("  decode "), r.err());
        assertTrue(r.err().contains("  compute "), r.err());
        assertTrue(r.err().contains("  encode "), r.err());
    }

    @Test
    void noProgressPrintsOnlyFailuresAndTheSummary() {
        CliRun r = quiver("image", "invert", "@in/rgb24.bmp", "--out-dir", "@out", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().matches("(?s)1 file: 1 written, 0 skipped, 0 failed; 0\\.0 megapixels in [0-9.]+ s \\([0-9.]+ megapixels/s\\)\\s*"), r.err());
        assertEquals("", r.out());
    }

    /** Every example in --help runs, on fixture files placed where it names them. */
    @Test
    void helpExamplesRun() throws IOException {
        for (String[] copy : new String[][] {{"exif6.jpg", "photo.jpg"}, {"progressive.jpg", "photos/a.jpg"}, {"cmyk.jpg", "photos/b.jpg"},
            {"interlaced.png", "in.png"}, {"rgba8.tif", "scans/2024/x.tif"}, {"rgba16.tif", "scans/y.tif"}}) {
            Files.createDirectories(dir.resolve(copy[1]).getParent());
            Files.copy(dir.resolve("in").resolve(copy[0]), dir.resolve(copy[1]));
        }
        List<String> examples = quiver("image", "--help").out().lines().map(String::strip).filter(l -> l.startsWith("quiver image ")).toList();
        assertEquals(5, examples.size(), examples.toString());
        for (String example : examples) {
            List<String> words = shellWords(example);
            var args = new java.util.ArrayList<String>(words.subList(1, 3));
            for (int i = 3; i < words.size(); i++) {
                String w = words.get(i);
                boolean value = List.of("--backend", "--format", "--quality", "--threads").contains(words.get(i - 1));
                args.add(w.startsWith("-") || value ? w : "@" + w);
            }
            CliRun r = quiver(args.toArray(String[]::new));
            assertEquals(0, r.code(), example + "\n" + r.err());
            assertFalse(r.err().contains(" 0 written"), example + "\n" + r.err());
        }
    }

    /** Words as a shell splits them: spaces separate, quotes group and are removed. */
    static List<String> shellWords(String line) {
        var words = new java.util.ArrayList<String>();
        var word = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0 && c == quote) {
                quote = 0;
            } else if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
                any = true;
            } else if (quote == 0 && c == ' ') {
                if (any || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
            }
        }
        if (any || word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void helpTeachesOperationsFormatsAndExitCodes() {
        CliRun r = quiver("image", "--help");
        assertEquals(0, r.code());
        String help = r.out();
        for (String expected : List.of("quiver image grayscale,gamma=2.2 'photos/*.jpg' --out-dir out/", "gamma=GAMMA", "GAMMA: the gamma, such as 2.2",
                Kernels.SEPIA.summary(), "threshold=T", "expr=TEXT", "blur=SIGMA", "Exit codes: 0 every file written", "--[no-]progress", "--format")) {
            assertTrue(help.contains(expected), expected + " in\n" + help);
        }
        assertTrue(quiver("--help").out().contains("image"), "listed among the commands");
    }
}
