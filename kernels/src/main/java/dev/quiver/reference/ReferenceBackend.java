package dev.quiver.reference;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Reduction;
import dev.quiver.kernel.Type;
import dev.quiver.spi.Availability;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Executable;
import dev.quiver.spi.Invocation;
import java.lang.foreign.ValueLayout;

/**
 * The {@code reference} backend: the {@link Interpreter}, one element at a time on the calling thread.
 * It is the oracle every other backend is tested against, never the fast path, so
 * {@code ParallelMap.auto()} uses it only when nothing else can run. Sums are sequential, in double.
 */
public final class ReferenceBackend implements Backend {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.usable("the interpreter that defines every result; one element at a time, one thread");
    }

    @Override
    public String plan(Program program, long length, int threads) {
        return "interprets " + program.nodes().size() + " operations per element on the calling thread";
    }

    /** One row at a time on the calling thread, by the stencil's own definition. */
    @Override
    public java.util.Optional<dev.quiver.spi.StencilExecutable> prepare(dev.quiver.kernel.Stencil stencil) {
        var rows = dev.quiver.kernel.StencilBands.reference(stencil);
        return java.util.Optional.of((in, width, height, out, threads) ->
                dev.quiver.kernel.StencilBands.run(stencil, rows, in, width, height, out, 0, height));
    }

    @Override
    public Executable prepare(Program program) {
        return new Executable() {
            @Override
            public void map(Invocation call) {
                var interpreter = new Interpreter(program, call.params());
                long n = call.length();
                Operand out = call.output();
                boolean pixels = program.outputType() == Type.PIXEL;
                for (long i = 0; i < n; i++) {
                    interpreter.evaluate(call.inputs(), i);
                    switch (out) {
                        case Operand.FloatArray a -> a.array()[a.offset() + (int) i] = interpreter.floatResult();
                        case Operand.IntArray a -> a.array()[a.offset() + (int) i] = interpreter.pixelResult();
                        case Operand.Segment s -> {
                            if (pixels) {
                                s.segment().setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, interpreter.pixelResult());
                            } else {
                                s.segment().setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, interpreter.floatResult());
                            }
                        }
                    }
                }
            }

            @Override
            public double reduce(Invocation call) {
                Reduction reduction = program.reduction().orElseThrow();
                var interpreter = new Interpreter(program, call.params());
                double acc = reduction.identity();
                long n = call.length();
                for (long i = 0; i < n; i++) {
                    interpreter.evaluate(call.inputs(), i);
                    acc = reduction.combine(acc, interpreter.floatResult());
                }
                return acc;
            }
        };
    }
}
