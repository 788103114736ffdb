package dev.quiver.spi;

import dev.quiver.data.Operand;
import java.util.List;

/**
 * One validated call of a kernel, as a backend receives it: inputs and output of equal length (the
 * output may be exactly the same memory as an input, never partly overlapping one), parameter values
 * in {@link dev.quiver.kernel.Program#params()} order (shared between calls: read, never write), and the
 * most threads the call may use.
 *
 * @param output {@code null} for a reduction
 */
public record Invocation(List<Operand> inputs, Operand output, float[] params, int threads) {
    public Invocation {
        inputs = List.copyOf(inputs);
    }

    /** The number of elements: the output's, or the first input's for a reduction. */
    public long length() {
        return output != null ? output.length() : inputs.isEmpty() ? 0 : inputs.getFirst().length();
    }
}
