package dev.quiver.bench.report;

import java.util.Arrays;

/**
 * The timed runs of one row: best and median, as BabelStream and the team report them (the best is what the
 * machine can do; the median is what it usually does on a shared host).
 */
public record Samples(double[] seconds) {

    public Samples {
        if (seconds.length == 0) {
            throw new IllegalArgumentException("no timed runs");
        }
        seconds = seconds.clone();
        Arrays.sort(seconds);
    }

    public static Samples of(double... seconds) {
        return new Samples(seconds);
    }

    public int runs() {
        return seconds.length;
    }

    public double best() {
        return seconds[0];
    }

    /** The middle run, or the mean of the two middle runs. */
    public double median() {
        int n = seconds.length;
        return n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
    }
}
