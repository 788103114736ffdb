package dev.quiver.cli.image;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code quiver image}'s progress: one line on standard error, redrawn in place ({@code \r}) after each
 * file: files done of the total, the file just done, failures, megapixels per second and the time left. Failures are printed on lines of their own above it whether the bar is shown or not. Not
 * thread-safe: the batch's sink calls it from one thread.
 */
public final class ProgressLine {
    private final PrintWriter err;
    private final boolean shown;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private int failed;
    private int drawn;

    /**
     * @param shown whether the bar is drawn; failures are printed either way
     * @param total the number of files the batch will report
     */
    public ProgressLine(PrintWriter err, boolean shown, int total) {
        this.err = err;
        this.shown = shown;
        this.total = total;
    }

    /** Counts one outcome, prints it if it failed, and redraws the bar; {@code pixels} is the batch's total so far. */
    public void update(Outcome outcome, long pixels) {
        done++;
        if (outcome instanceof Outcome.Failed) {
            failed++;
            clear();
            err.println(outcome.describe());
        }
        if (shown) {
            clear();
            String line = "[" + done + "/" + total + "] " + outcome.describe() + "  (" + bar(pixels) + ")";
            err.print(line);
            drawn = line.length();
        }
        err.flush();
    }

    /** Ends the bar's line, so that what follows starts on a fresh one. */
    public void finish() {
        if (drawn > 0) {
            err.println();
            drawn = 0;
        }
        err.flush();
    }

    /** "1 failed, 38.2 MP/s, ETA 0:41". */
    String bar(long pixels) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = seconds <= 0 ? 0 : pixels / 1e6 / seconds;
        long left = done == 0 ? 0 : Math.round(seconds / done * (total - done));
        return String.format(Locale.ROOT, "%d failed, %.1f MP/s, ETA %d:%02d", failed, rate, left / 60, left % 60);
    }

    /** Takes the bar off its line: back to the start, spaces over it, back again. */
    private void clear() {
        if (drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
        }
    }
}
