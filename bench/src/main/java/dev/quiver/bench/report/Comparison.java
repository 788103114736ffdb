package dev.quiver.bench.report;

import java.util.Locale;

/**
 * Quiver against a peer on one workload, from their medians in the same run: {@code speedUp} is Quiver's
 * throughput over the peer's (above 1: Quiver is faster), and {@code target} the speed-up the issue asks for.
 *
 * @param target the smallest speed-up that meets the goal, or NaN for none
 */
public record Comparison(String suite, String workload, String quiver, String peer, double speedUp, double target) {

    /** Compares the medians of two measured rows. */
    public static Comparison of(Measurement quiver, Measurement peer, double target) {
        double speedUp = quiver.medianThroughput() / peer.medianThroughput();
        return new Comparison(quiver.suite(), quiver.workload(), label(quiver), label(peer), speedUp, target);
    }

    private static String label(Measurement m) {
        return m.backend().isEmpty() ? m.tool() : m.tool() + " " + m.backend();
    }

    public boolean hasTarget() {
        return !Double.isNaN(target);
    }

    public boolean met() {
        return hasTarget() && speedUp >= target;
    }

    /** "1.97x (time 0.51x); target >= 0.90x: met". */
    public String describe() {
        String s = String.format(Locale.ROOT, "%.2fx (time %.2fx)", speedUp, 1 / speedUp);
        if (hasTarget()) {
            s += String.format(Locale.ROOT, "; target >= %.2fx (time <= %.2fx): %s", target, 1 / target, met() ? "met" : "NOT met");
        }
        return s;
    }
}
