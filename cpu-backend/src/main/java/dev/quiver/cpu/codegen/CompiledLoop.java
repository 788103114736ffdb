package dev.quiver.cpu.codegen;

/**
 * A kernel compiled to a loop for one operand layout. {@code bases[k]} is operand {@code k} (inputs,
 * then the output): a {@code float[]} or {@code int[]} with element offset {@code offsets[k]}, or a
 * {@link java.lang.foreign.MemorySegment} holding exactly the operand. Both methods work on elements
 * {@code [from, to)}, so that many threads can run disjoint ranges of one call.
 */
public interface CompiledLoop {

    void map(Object[] bases, long[] offsets, float[] params, long from, long to);

    /** Whether this loop runs at the speed it will keep; see {@link dev.quiver.spi.Executable#steady}. */
    default boolean steady() {
        return true;
    }

    /** Starts making this loop {@link #steady} now, for operands like {@code bases}; see {@link dev.quiver.spi.Executable#warm}. */
    default void warm(Object[] bases, float[] params) {
    }

    /** The partial result of a reduction over {@code [from, to)}. */
    default double reduce(Object[] bases, long[] offsets, float[] params, long from, long to) {
        throw new UnsupportedOperationException("not a reduction");
    }
}
