package dev.quiver.bench.run;

import dev.quiver.bench.report.Samples;

/**
 * How in-process calls are timed: untimed warm-up calls until the JIT has compiled the code (a Vector API
 * loop runs hundreds of times slower until C2 has it, about a second in), then timed calls.
 *
 * @param warmUpSeconds how long to keep warming up (at least two calls are made)
 * @param runs          timed calls wanted
 * @param secondsPerRow stop timing once this much time has gone by, after at least {@link #MIN_RUNS} calls
 */
public record Timing(double warmUpSeconds, int runs, double secondsPerRow) {
    public static final int MIN_RUNS = 3;
    private static final int WARM_UP_CALLS = 200;

    public Timing {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
    }

    /** Something timed; may throw, which ends the row. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /** The same timing with a different warm-up, such as a short one for code the JIT has compiled already. */
    public Timing withWarmUp(double seconds) {
        return new Timing(seconds, runs, secondsPerRow);
    }

    public Samples time(Call call) throws Exception {
        long start = System.nanoTime();
        for (int calls = 0; calls < WARM_UP_CALLS && (calls < 2 || System.nanoTime() - start < warmUpSeconds * 1e9); calls++) {
            call.run();
        }
        double[] seconds = new double[runs];
        double spent = 0;
        int done = 0;
        while (done < runs && (done < Math.min(MIN_RUNS, runs) || spent < secondsPerRow)) {
            long t0 = System.nanoTime();
            call.run();
            seconds[done] = (System.nanoTime() - t0) / 1e9;
            spent += seconds[done];
            done++;
        }
        return Samples.of(java.util.Arrays.copyOf(seconds, done));
    }
}
