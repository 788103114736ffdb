package dev.quiver.spi;

/** A {@link dev.quiver.kernel.Stencil} prepared for one backend. Thread-safe. */
public interface StencilExecutable {

    /**
     * Filters a {@code width × height} image of packed ARGB pixels into {@code out} (a different array of
     * the same length) on up to {@code threads} threads. Either completes or throws.
     */
    void apply(int[] in, int width, int height, int[] out, int threads);
}
