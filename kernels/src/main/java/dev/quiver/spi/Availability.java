package dev.quiver.spi;

import java.util.Objects;

/**
 * Whether a backend can run in this JVM, and in a phrase why or why not: for a usable backend what it
 * runs on ("Vector API, 16 float lanes"), for an unusable one what is missing and how to get it.
 */
public record Availability(boolean usable, String detail) {
    public Availability {
        Objects.requireNonNull(detail, "detail");
    }

    public static Availability usable(String detail) {
        return new Availability(true, detail);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
