package dev.quiver.bench.run;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress line on standard error during long runs: steps done of the total, the step now running, the
 * time spent and left; redrawn in place, and cleared before anything else is printed. Silent when not shown.
 * Used from one thread.
 */
public final class Progress {
    private final PrintWriter err;
    private final boolean shown;
    private final long start = System.nanoTime();
    private int total;
    private int done;
    private int drawn;

    public Progress(PrintWriter err, boolean shown, int total) {
        this.err = err;
        this.shown = shown;
        this.total = Math.max(0, total);
    }

    /** A line that is never drawn. */
    public static Progress hidden() {
        return new Progress(new PrintWriter(java.io.OutputStream.nullOutputStream()), false, 1);
    }

    /** Whether standard error is a terminal, where a line redrawn in place makes sense. */
    public static boolean terminal() {
        return System.console() != null && System.console().isTerminal();
    }

    public void addSteps(int more) {
        total += more;
    }

    /** Shows that {@code step} has started. */
    public void start(String step) {
        if (!shown) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long left = done == 0 ? -1 : Math.round(seconds / done * (total - done));
        String line = String.format(Locale.ROOT, "[%d/%d] %s  (%s%s)", done + 1, Math.max(total, done + 1), step, clock(Math.round(seconds)),
                left < 0 ? "" : ", about " + clock(left) + " left");
        clear();
        err.print(line);
        err.flush();
        drawn = line.length();
    }

    /** Counts a step as finished. */
    public void done() {
        done = Math.min(total, done + 1);
    }

    /** Takes the line away, so that what follows starts on a clean line. */
    public void clear() {
        if (drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            err.flush();
            drawn = 0;
        }
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
