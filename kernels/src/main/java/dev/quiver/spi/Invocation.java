package dev.quiver.spi;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Type;
import java.lang.foreign.Arena;
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

    /**
     * A call of one element of {@code program} with these parameter values, on Java arrays or on native
     * segments, for asking a backend about calls of that kind ({@link Executable#steady}, {@link Executable#warm}).
     */
    public static Invocation like(Program program, float[] params, boolean nativeSegments) {
        List<Operand> inputs = program.inputs().stream().map(in -> oneElement(in.type(), nativeSegments)).toList();
        Operand output = program.reduction().isPresent() ? null : oneElement(program.outputType(), nativeSegments);
        return new Invocation(inputs, output, params, 1);
    }

    private static Operand oneElement(Type type, boolean nativeSegment) {
        if (nativeSegment) {
            return new Operand.Segment(Arena.ofAuto().allocate(4, 4));
        }
        return type == Type.PIXEL ? Operand.of(new int[1]) : Operand.of(new float[1]);
    }

    /** The number of elements: the output's, or the first input's for a reduction. */
    public long length() {
        return output != null ? output.length() : inputs.isEmpty() ? 0 : inputs.getFirst().length();
    }
}
