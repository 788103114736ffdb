package dev.quiver.bench.scaling;

/**
 * Amdahl's law, {@code S(n) = 1 / (f + (1 - f) / n)}, fitted to measured speed-ups: the serial fraction
 * {@code f} that explains them best. Since {@code 1/S - 1/n = f (1 - 1/n)}, {@code f} is a least-squares
 * slope through the origin; points at one thread carry no information and are ignored.
 *
 * @param serialFraction in [0, 1]
 */
public record Amdahl(double serialFraction) {

    /**
     * @throws IllegalArgumentException if the arrays differ in length or hold a thread count under 1 or a
     *         speed-up that is not positive
     */
    public static Amdahl fit(double[] threads, double[] speedUps) {
        if (threads.length != speedUps.length) {
            throw new IllegalArgumentException(threads.length + " thread counts but " + speedUps.length + " speed-ups");
        }
        double xy = 0;
        double xx = 0;
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] < 1 || !(speedUps[i] > 0)) {
                throw new IllegalArgumentException("point " + i + ": " + threads[i] + " threads, speed-up " + speedUps[i]);
            }
            double x = 1 - 1 / threads[i];
            double y = 1 / speedUps[i] - 1 / threads[i];
            xy += x * y;
            xx += x * x;
        }
        double f = xx == 0 ? 0 : xy / xx;
        return new Amdahl(Math.clamp(f, 0.0, 1.0));
    }

    /** The speed-up on {@code n} threads. */
    public double speedUp(double n) {
        return 1 / (serialFraction + (1 - serialFraction) / n);
    }

    /** The speed-up with unlimited threads, {@code 1 / f}; infinite for {@code f = 0}. */
    public double limit() {
        return 1 / serialFraction;
    }
}
