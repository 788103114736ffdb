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

    /**
     * Whether calls like {@code like} (the same kinds of operands: Java arrays or segments, see
     * {@link Invocation#like}) now run as fast as they will: false while the backend still prepares a faster
     * form of the program for them (the simd backend's vector loop, until the JIT has compiled it; each kind
     * of operands has a loop of its own), so that timing such a call now would say nothing about later ones.
     */
    default boolean steady(Invocation like) {
        return true;
    }

    /**
     * Starts preparing the faster form for calls like {@code like} now, in the background, instead of once
     * calls have paid for it; returns at once. {@link #steady} says when it is done.
     */
    default void warm(Invocation like) {
    }

    /**
     * Computes every element of {@code output} from buffers of this executable's backend, which stay
     * where they are; {@code params} in {@link dev.quiver.kernel.Program#params()} order.
     */
    default void map(java.util.List<DeviceBuffer> inputs, DeviceBuffer output, float[] params) {
        throw new UnsupportedOperationException("this backend keeps no data of its own");
    }

    /** The reduction over buffers of this executable's backend. */
    default double reduce(java.util.List<DeviceBuffer> inputs, float[] params) {
        throw new UnsupportedOperationException("this backend keeps no data of its own");
    }
}
