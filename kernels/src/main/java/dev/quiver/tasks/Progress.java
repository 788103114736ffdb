package dev.quiver.tasks;

import java.time.Duration;
import java.util.Locale;

/**
 * How far a batch has got: {@code done} counts every finished item (succeeded, failed or skipped).
 */
public record Progress(int total, int done, int failed, int skipped, Duration elapsed) {

    /** Items finished per second so far (0 before any time has passed). */
    public double rate() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds > 0 ? done / seconds : 0;
    }

    /** Whether every item is finished. */
    public boolean complete() {
        return done == total;
    }

    /** "412/1000 done, 3 failed, 0 skipped in 12.3 s (33.5 items/s)". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d/%d done, %d failed, %d skipped in %.1f s (%.1f items/s)",
                done, total, failed, skipped, elapsed.toNanos() / 1e9, rate());
    }
}
