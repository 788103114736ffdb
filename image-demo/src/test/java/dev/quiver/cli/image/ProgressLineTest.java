package dev.quiver.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The progress line: redrawn in place, failures on lines of their own, nothing but failures when hidden. */
class ProgressLineTest {
    private static final Outcome WRITTEN = new Outcome.Written(Path.of("a.jpg"), Path.of("out/a.jpg"), 4000, 3000, 8, false,
            new Outcome.Timings(1, 1, 1));
    private static final Outcome FAILED = new Outcome.Failed(Path.of("b.jpg"), Problem.CORRUPT, "truncated");

    @Test
    void shownLineIsRedrawnAndFailuresGetLinesOfTheirOwn() {
        var text = new StringWriter();
        var line = new ProgressLine(new PrintWriter(text), true, 2);
        line.update(WRITTEN, 12_000_000);
        line.update(FAILED, 12_000_000);
        line.finish();
        String s = text.toString();
        assertTrue(s.startsWith("[1/2] a.jpg -> out/a.jpg (4000x3000)  (0 failed, "), s);
        int first = s.indexOf('\r');
        assertTrue(s.startsWith("\r" + " ".repeat(first) + "\rb.jpg: truncated\n", first), "the first line is not blanked before the failure: " + s);
        assertTrue(s.contains("[2/2] b.jpg: truncated  (1 failed, "), s);
        assertTrue(s.endsWith("ETA 0:00)\n"), s);
    }

    @Test
    void hiddenLinePrintsOnlyFailures() {
        var text = new StringWriter();
        var line = new ProgressLine(new PrintWriter(text), false, 2);
        line.update(WRITTEN, 12_000_000);
        line.update(FAILED, 12_000_000);
        line.finish();
        assertEquals("b.jpg: truncated\n", text.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void queuesHoldAsManyPicturesAsFitInHalfTheHeapBetweenOneAndFour() {
        long picture = 24_000_000L * Integer.BYTES;
        assertEquals(4, BatchRunner.capacityFor(6L << 30, 24_000_000, 2, 2));
        assertEquals(1, BatchRunner.capacityFor(512L << 20, 24_000_000, 2, 2));
        assertEquals(2, BatchRunner.capacityFor(2 * picture * (2 + 2 + 2 + 4), 24_000_000, 2, 2));
    }
}
