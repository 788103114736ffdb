package dev.quiver.kernel;

/**
 * How a reduction kernel combines its per-element terms into one number.
 *
 * <p>Every backend computes the terms with the same float32 semantics as a map kernel. The reference adds
 * them in order in double precision; other backends may add short runs in float32 first, so a
 * {@link #SUM} agrees with the reference within {@link Accuracy#sumTolerance}. {@link #MIN} and {@link #MAX} follow {@link Math#min}
 * and {@link Math#max} (NaN wins, -0.0 &lt; +0.0) and are exact on every backend.
 */
public enum Reduction {
    SUM("sum", 0f),
    MIN("min", Float.POSITIVE_INFINITY),
    MAX("max", Float.NEGATIVE_INFINITY);

    private final String word;
    private final float identity;

    Reduction(String word, float identity) {
        this.word = word;
        this.identity = identity;
    }

    /** The name in kernel text: {@code sum(x * y)}. */
    public String word() {
        return word;
    }

    /** The result over no elements, and the value that leaves any partial result unchanged. */
    public float identity() {
        return identity;
    }

    /** Combines two partial results; terms are widened to double for {@link #SUM}. */
    public double combine(double a, double b) {
        return switch (this) {
            case SUM -> a + b;
            case MIN -> Math.min((float) a, (float) b);
            case MAX -> Math.max((float) a, (float) b);
        };
    }
}
