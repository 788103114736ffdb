package dev.quiver.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output names and formats, and the batches refused because they would lose data. */
class OutputNamingTest {
    @TempDir
    Path dir;

    private static Source source(String file, String relative) {
        return new Source(Path.of(file), Path.of(relative));
    }

    private static List<Job> plan(OutputNaming naming, Source... sources) {
        return naming.plan(List.of(sources), false);
    }

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void outDirKeepsRelativeNamesAndWritableFormats() {
        var jobs = plan(OutputNaming.intoDirectory(Path.of("out"), null),
                source("photos/2024/a.jpeg", "2024/a.jpeg"), source("photos/b.PNG", "b.PNG"), source("c.tif", "c.tif"), source("d.bmp", "d.bmp"));
        assertEquals(List.of(new Job(Path.of("photos/2024/a.jpeg"), Path.of("out/2024/a.jpeg"), ImageFormat.JPEG),
                new Job(Path.of("photos/b.PNG"), Path.of("out/b.PNG"), ImageFormat.PNG),
                new Job(Path.of("c.tif"), Path.of("out/c.tif"), ImageFormat.TIFF),
                new Job(Path.of("d.bmp"), Path.of("out/d.bmp"), ImageFormat.BMP)), jobs);
    }

    @Test
    void readOnlyFormatsAndUnknownNamesBecomePng() {
        var jobs = plan(OutputNaming.intoDirectory(Path.of("out"), null), source("a.gif", "a.gif"), source("b.webp", "b.webp"), source("scan", "scan"));
        assertEquals(List.of(Path.of("out/a.png"), Path.of("out/b.png"), Path.of("out/scan.png")), jobs.stream().map(Job::output).toList());
    }

    @Test
    void formatChangesTheExtension() {
        var jobs = plan(OutputNaming.intoDirectory(Path.of("out"), ImageFormat.JPEG), source("x/a.png", "x/a.png"), source("b.jpeg", "b.jpeg"));
        assertEquals(List.of(new Job(Path.of("x/a.png"), Path.of("out/x/a.jpg"), ImageFormat.JPEG),
                new Job(Path.of("b.jpeg"), Path.of("out/b.jpg"), ImageFormat.JPEG)), jobs);
    }

    @Test
    void outputFileNamesItsFormat() {
        assertEquals(List.of(new Job(Path.of("in.png"), Path.of("out.tiff"), ImageFormat.TIFF)),
                plan(OutputNaming.toFile(Path.of("out.tiff"), null), source("in.png", "in.png")));
        assertEquals(ImageFormat.BMP, plan(OutputNaming.toFile(Path.of("out"), ImageFormat.BMP), source("in.png", "in.png")).getFirst().format());
    }

    @Test
    void outputFileWithoutAFormat() {
        assertEquals("-o out: the name has no image extension to tell the format; end it with .png, .jpg, .bmp, .tif or give --format",
                refused(() -> OutputNaming.toFile(Path.of("out"), null)));
    }

    @Test
    void outputFileAndFormatDisagree() {
        assertEquals("-o out.png names a PNG file but --format is jpg; make them agree", refused(() -> OutputNaming.toFile(Path.of("out.png"), ImageFormat.JPEG)));
    }

    @Test
    void outputFileOfAReadOnlyFormat() {
        assertEquals("WEBP cannot be written; the output formats are png, jpg, bmp, tif", refused(() -> OutputNaming.toFile(Path.of("out.webp"), null)));
    }

    @Test
    void outputFileThatIsADirectory() {
        assertEquals("-o " + dir + " is a directory; use --out-dir " + dir + " to write into it", refused(() -> OutputNaming.toFile(dir, null)));
    }

    @Test
    void outputFileForSeveralInputs() {
        assertEquals("-o names one output file, but the inputs are 3 files (a.png, b.png, ...); use --out-dir DIR for several",
                refused(() -> plan(OutputNaming.toFile(Path.of("o.png"), null), source("a.png", "a.png"), source("b.png", "b.png"), source("c.png", "c.png"))));
    }

    @Test
    void twoInputsOneOutput() {
        assertEquals("inputs a.gif and a.webp would both be written to out/a.png; give them different names or directories",
                refused(() -> plan(OutputNaming.intoDirectory(Path.of("out"), null), source("a.gif", "a.gif"), source("a.webp", "a.webp"))));
    }

    @Test
    void outDirOverAnInputIsRefusedEvenWithForce() {
        Path photos = dir.resolve("photos");
        var naming = OutputNaming.intoDirectory(photos, null);
        String m = refused(() -> naming.plan(List.of(new Source(photos.resolve("a.png"), Path.of("a.png"))), true));
        assertEquals("--out-dir " + photos + " would write " + photos.resolve("a.png") + " over the input " + photos.resolve("a.png")
                + "; choose another directory, or a --format that changes the name", m);
    }

    @Test
    void outDirOverAnInputThroughALinkIsRefused() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("a.png"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        var naming = OutputNaming.intoDirectory(link, null);
        refused(() -> naming.plan(List.of(new Source(real.resolve("a.png"), Path.of("a.png"))), true));
    }

    @Test
    void outputFileOverTheInputNeedsForce() {
        var naming = OutputNaming.toFile(Path.of("a.png"), null);
        List<Source> input = List.of(source("a.png", "a.png"));
        assertEquals("-o a.png is the input; add --force to replace it with the result", refused(() -> naming.plan(input, false)));
        assertEquals(List.of(new Job(Path.of("a.png"), Path.of("a.png"), ImageFormat.PNG)), naming.plan(input, true));
    }
}
