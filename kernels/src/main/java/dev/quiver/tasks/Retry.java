package dev.quiver.tasks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * When to call a function again for an item that failed: only for exceptions the caller marks
 * retryable, at most {@code maxAttempts} calls in all, pausing between them with exponential backoff
 * and jitter. The pause before attempt {@code k + 1} is {@code base × (1 − jitter × u)}, where
 * {@code base = min(maxDelay, initialDelay × multiplier^(k − 1))} and {@code u} is uniform in [0, 1):
 * jitter spreads retries of many items apart so they do not hit a recovering service at once.
 *
 * <pre>{@code
 * Retry.on(IOException.class)                                     // 3 attempts, 100 ms, 200 ms
 *      .withAttempts(5)
 *      .withBackoff(Duration.ofMillis(50), 2, Duration.ofSeconds(2))
 * }</pre>
 */
public record Retry(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter,
        Predicate<Throwable> retryable) {

    public Retry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must be zero or more, got " + initialDelay);
        }
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initialDelay (" + initialDelay + "), got " + maxDelay);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be within 0..1, got " + jitter);
        }
        Objects.requireNonNull(retryable, "retryable");
    }

    /** Retries exceptions of these types (and their subtypes): 3 attempts, pauses from 100 ms doubling up to 10 s, jitter 0.5. */
    @SafeVarargs
    public static Retry on(Class<? extends Throwable>... types) {
        if (types == null || types.length == 0 || Arrays.asList(types).contains(null)) {
            throw new IllegalArgumentException("name at least one exception type to retry, and no null");
        }
        List<Class<? extends Throwable>> list = List.of(types);
        return when(e -> list.stream().anyMatch(t -> t.isInstance(e)));
    }

    /** Retries the exceptions {@code retryable} accepts; otherwise as {@link #on}. */
    public static Retry when(Predicate<Throwable> retryable) {
        if (retryable == null) {
            throw new IllegalArgumentException("retryable is null");
        }
        return new Retry(3, Duration.ofMillis(100), 2, Duration.ofSeconds(10), 0.5, retryable);
    }

    /** At most this many calls per item, the first included. */
    public Retry withAttempts(int maxAttempts) {
        return new Retry(maxAttempts, initialDelay, multiplier, maxDelay, jitter, retryable);
    }

    public Retry withBackoff(Duration initialDelay, double multiplier, Duration maxDelay) {
        return new Retry(maxAttempts, initialDelay, multiplier, maxDelay, jitter, retryable);
    }

    /** The share of each pause taken off at random, 0 (none) to 1 ("full jitter"). */
    public Retry withJitter(double jitter) {
        return new Retry(maxAttempts, initialDelay, multiplier, maxDelay, jitter, retryable);
    }

    /** Whether attempt {@code attempt} (1-based), having failed with {@code error}, earns another. */
    boolean allowsAnother(int attempt, Throwable error) {
        return attempt < maxAttempts && retryable.test(error);
    }

    /** The pause after failed attempt {@code attempt} (1-based), for a uniform {@code u} in [0, 1). */
    Duration pauseAfter(int attempt, double u) {
        double base = Math.min(maxDelay.toNanos(), initialDelay.toNanos() * Math.pow(multiplier, attempt - 1));
        return Duration.ofNanos((long) (base * (1 - jitter * u)));
    }
}
