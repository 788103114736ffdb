package dev.quiver.spi;

/**
 * A program prepared (compiled) for one backend. Thread-safe: many calls may run at once.
 */
public interface Executable {

    /**
     * Computes every output element. Either completes or throws; a backend that throws after writing
     * part of the output leaves it to the caller to recompute all of it.
     */
    void map(Invocation call);

    /** Combines the terms of a reduction program over all elements; see {@link dev.quiver.kernel.Reduction}. */
    double reduce(Invocation call);
}
