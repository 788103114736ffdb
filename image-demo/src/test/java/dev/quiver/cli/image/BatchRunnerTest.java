package dev.quiver.cli.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch's stages and its pipeline: one outcome per job, in order, whatever fails. */
class BatchRunnerTest {
    @TempDir
    Path dir;

    private final PictureReader reader = new PictureReader(1 << 24);

    @BeforeEach
    void fixtures() throws IOException {
        Fixtures.copyAll(dir);
        Fixtures.truncated(dir.resolve("rgb24.bmp"), 100, dir.resolve("broken.bmp"));
    }

    private BatchRunner runner(Kernel kernel, boolean force) {
        return new BatchRunner(reader, Recipe.of(kernel), ParallelMap.auto(), 90, force);
    }

    private Job job(String in, String out) {
        return new Job(dir.resolve(in), dir.resolve(out), ImageFormat.byExtension(Path.of(out)).orElseThrow());
    }

    @Test
    void everyJobGetsAnOutcomeInOrderAndAFailureStopsNothing() {
        var seen = new ArrayList<Outcome>();
        List<Outcome> outcomes = runner(Kernels.invert(), false).run(
                List.of(job("rgb24.bmp", "a.png"), job("broken.bmp", "b.png"), job("rgba8.tif", "c.tif")), seen::add);
        assertEquals(outcomes, seen);
        assertInstanceOf(Outcome.Written.class, outcomes.get(0));
        var failed = assertInstanceOf(Outcome.Failed.class, outcomes.get(1));
        assertEquals(Problem.CORRUPT, failed.problem());
        assertEquals(dir.resolve("broken.bmp"), failed.input());
        assertInstanceOf(Outcome.Written.class, outcomes.get(2));
    }

    @Test
    void existingOutputIsSkippedBeforeTheInputIsEvenRead() throws IOException {
        Files.writeString(dir.resolve("b.png"), "done earlier");
        Outcome o = runner(Kernels.invert(), false).process(job("broken.bmp", "b.png"));
        assertEquals(new Outcome.Skipped(dir.resolve("broken.bmp"), dir.resolve("b.png")), o);
        assertEquals("done earlier", Files.readString(dir.resolve("b.png")));
    }

    @Test
    void outputThatAppearsWhileComputingIsLeftAlone() throws IOException {
        BatchRunner runner = runner(Kernels.invert(), false);
        Job job = job("rgb24.bmp", "late.png");
        BatchRunner.Computed computed = runner.compute(runner.decode(job));
        Files.writeString(dir.resolve("late.png"), "another process wrote this");
        assertInstanceOf(Outcome.Skipped.class, runner.encode(computed));
        assertEquals("another process wrote this", Files.readString(dir.resolve("late.png")));
    }

    @Test
    void stagesCalledOneByOneWriteWhatProcessWrites() throws IOException {
        BatchRunner runner = runner(Kernels.sepia(), false);
        var written = assertInstanceOf(Outcome.Written.class, runner.encode(runner.compute(runner.decode(job("lossless.webp", "staged.png")))));
        runner.process(job("lossless.webp", "whole.png"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole.png")), Files.readAllBytes(dir.resolve("staged.png")));
        assertEquals(16 * 12, written.pixels());
        assertTrue(written.timings().decodeNanos() > 0 && written.timings().encodeNanos() > 0);
    }

    @Test
    void computeLeavesTheInputPixelsAlone() throws IOException {
        BatchRunner runner = runner(Kernels.invert(), false);
        BatchRunner.Decoded decoded = runner.decode(job("rgb24.bmp", "x.png"));
        int[] before = decoded.picture().argb().clone();
        runner.compute(decoded);
        assertArrayEquals(before, decoded.picture().argb());
    }

    @Test
    void kernelThatCannotRunFailsEachFileWithTheReason() throws IOException {
        Kernel unbound = Kernel.parsePixels("r = r * k");
        var e = assertThrows(ImageFileException.class, () -> runner(unbound, false).compute(runner(unbound, false).decode(job("rgb24.bmp", "x.png"))));
        assertEquals(Problem.COMPUTE, e.problem());
        assertTrue(e.reason().contains("parameter 'k' has no value"), e.reason());
    }

    @Test
    void unwritableOutputNamesTheOutput() throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        var failed = assertInstanceOf(Outcome.Failed.class, runner(Kernels.invert(), false).process(job("rgb24.bmp", "file/sub/x.png")));
        assertEquals(Problem.UNWRITABLE, failed.problem());
        assertTrue(failed.describe().startsWith(dir.resolve("rgb24.bmp") + ": cannot write " + dir.resolve("file/sub/x.png")), failed.describe());
    }

    @Test
    void summaryCountsAndNotes() {
        var summary = new BatchSummary();
        var timings = new Outcome.Timings(1_000_000, 2_000_000, 3_000_000);
        summary.add(new Outcome.Written(Path.of("a"), Path.of("b"), 2000, 1000, 16, false, timings));
        summary.add(new Outcome.Written(Path.of("c"), Path.of("d.jpg"), 1000, 1000, 8, true, timings));
        summary.add(new Outcome.Skipped(Path.of("e"), Path.of("f")));
        summary.add(new Outcome.Failed(Path.of("g"), Problem.CORRUPT, "damaged"));
        List<String> lines = summary.lines(1_500_000_000L, true);
        assertEquals("4 files: 2 written, 1 skipped, 1 failed; 3.0 megapixels in 1.50 s (2.0 megapixels/s)", lines.get(0));
        assertEquals("  compute    0.004 s     750.0 megapixels/s", lines.get(2));
        assertEquals("1 output exists and was left alone; --force replaces them.", lines.get(4));
        assertTrue(lines.get(5).startsWith("1 input had more than 8 bits per sample"), lines.get(5));
        assertTrue(lines.get(6).startsWith("1 output in a format without alpha"), lines.get(6));
        assertEquals(1, summary.failed());
    }
}
