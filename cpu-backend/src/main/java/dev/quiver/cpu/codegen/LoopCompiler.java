package dev.quiver.cpu.codegen;

import dev.quiver.kernel.Program;
import java.util.Optional;

/**
 * Compiles programs to {@link CompiledLoop}s. A layout has bit {@code k} set when operand {@code k}
 * (inputs, then the output) is a {@link java.lang.foreign.MemorySegment} rather than a Java array.
 */
public final class LoopCompiler {
    /** Most operands a compiled loop takes: layouts are bit sets in an int. */
    public static final int MAX_OPERANDS = 30;

    /**
     * Layout bit: every operand is an array and all start at the same element offset, so one index
     * serves them all. C2 auto-vectorizes scalar loops of that shape (the threads backend's, over whole
     * arrays) and not those whose arrays are indexed with different offsets, which might overlap.
     */
    public static final int SHARED_INDEX = 1 << 31;

    private LoopCompiler() {
    }

    /** Why no loop can be compiled for the program, if none can. */
    public static Optional<String> unsupported(Program program) {
        int operands = program.inputs().size() + 1;
        return operands > MAX_OPERANDS
                ? Optional.of("it has " + operands + " arrays; at most " + MAX_OPERANDS + " are supported")
                : Optional.empty();
    }

    /**
     * A Vector API loop with vectors of {@code bits} bits, unrolled as far as the JIT's method size
     * limit allows (small kernels four times, to hide the latency between iterations).
     *
     * @throws IllegalArgumentException if even the loop without unrolling is too large to JIT
     */
    public static CompiledLoop vector(Program program, int layout, int bits) {
        long computed = program.nodes().stream().filter(n -> !n.op().isLeaf()).count();
        int unroll = computed <= 24 ? 4 : computed <= 96 ? 2 : 1;
        for (; unroll >= 1; unroll /= 2) {
            try {
                return new VectorLoopWriter(program, layout, bits, unroll).compile();
            } catch (LoopWriter.TooLargeException e) {
                if (unroll == 1) {
                    throw new IllegalArgumentException("kernel too large for the simd backend: " + e.getMessage(), e);
                }
            }
        }
        throw new AssertionError("unreachable");
    }

    /** A scalar loop whose every operation is {@link dev.quiver.kernel.Semantics}'. */
    public static CompiledLoop scalar(Program program, int layout) {
        try {
            return new ScalarLoopWriter(program, layout).compile();
        } catch (LoopWriter.TooLargeException e) {
            throw new IllegalArgumentException("kernel too large for the threads backend: " + e.getMessage(), e);
        }
    }
}
