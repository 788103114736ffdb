package dev.quiver.cpu;

import dev.quiver.cpu.codegen.CompiledLoop;
import dev.quiver.cpu.codegen.LoopCompiler;
import dev.quiver.data.Operand;
import dev.quiver.kernel.Accuracy;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Reduction;
import dev.quiver.spi.Executable;
import dev.quiver.spi.Invocation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * A program compiled for the CPU: one loop per operand layout (arrays, segments, or a mix), compiled on
 * first use, each call split into chunks across cores by {@link ParallelLoop}.
 */
public final class CpuExecutable implements Executable {
    private final Program program;
    private final IntFunction<CompiledLoop> compiler;
    private final long grain;
    private final Map<Integer, CompiledLoop> loops = new ConcurrentHashMap<>();
    private final IntFunction<CompiledLoop> exactSums;
    private final Map<Integer, CompiledLoop> exactLoops = new ConcurrentHashMap<>();

    /**
     * Compiles the loop for whole arrays at once, so that a program this backend cannot compile fails
     * here, before any call, where falling back to another backend is always safe.
     *
     * @param grain elements per chunk
     */
    public CpuExecutable(Program program, IntFunction<CompiledLoop> compiler, long grain) {
        this(program, compiler, grain, null);
    }

    /**
     * For loops that add a sum's terms in float: each call adds at most {@link Accuracy#SUM_BLOCK} terms, the
     * blocks are added in double, and a block whose float sum is not finite is added again by the
     * {@code exactSums} loop (which adds in double), so a sum overflows only where the exact one does.
     */
    public CpuExecutable(Program program, IntFunction<CompiledLoop> compiler, long grain, IntFunction<CompiledLoop> exactSums) {
        this.program = program;
        this.compiler = compiler;
        this.grain = grain;
        this.exactSums = exactSums;
        loops.put(LoopCompiler.SHARED_INDEX, compiler.apply(LoopCompiler.SHARED_INDEX));
    }


    @Override
    public void map(Invocation call) {
        int count = call.inputs().size() + 1;
        Object[] bases = new Object[count];
        long[] offsets = new long[count];
        CompiledLoop loop = loop(unpack(call, bases, offsets));
        long length = call.length();
        if (!ParallelLoop.splits(length, grain, call.threads())) {
            loop.map(bases, offsets, call.params(), 0, length);
            return;
        }
        ParallelLoop.run(length, grain, call.threads(), (from, to) -> loop.map(bases, offsets, call.params(), from, to));
    }

    @Override
    public double reduce(Invocation call) {
        int count = call.inputs().size();
        Object[] bases = new Object[count];
        long[] offsets = new long[count];
        int layout = unpack(call, bases, offsets);
        CompiledLoop loop = loop(layout);
        Reduction reduction = program.reduction().orElseThrow();
        if (exactSums == null || reduction != Reduction.SUM) {
            return ParallelLoop.reduce(call.length(), grain, call.threads(), reduction,
                    (from, to) -> loop.reduce(bases, offsets, call.params(), from, to));
        }
        return ParallelLoop.reduce(call.length(), grain, call.threads(), reduction, (from, to) -> {
            double total = 0;
            for (long block = from; block < to; block += Accuracy.SUM_BLOCK) {
                long end = Math.min(to, block + Accuracy.SUM_BLOCK);
                double part = loop.reduce(bases, offsets, call.params(), block, end);
                if (!Double.isFinite(part)) {
                    part = exactLoops.computeIfAbsent(layout, exactSums::apply).reduce(bases, offsets, call.params(), block, end);
                }
                total += part;
            }
            return total;
        });
    }

    /** Whether the loop for operands of {@code like}'s kinds is steady; each kind has a loop of its own, warmed by its own calls. */
    @Override
    public boolean steady(Invocation like) {
        int count = like.inputs().size() + (like.output() == null ? 0 : 1);
        return loop(unpack(like, new Object[count], new long[count])).steady();
    }

    @Override
    public void warm(Invocation like) {
        int count = like.inputs().size() + (like.output() == null ? 0 : 1);
        Object[] bases = new Object[count];
        loop(unpack(like, bases, new long[count])).warm(bases, like.params());
    }

    private CompiledLoop loop(int layout) {
        CompiledLoop loop = loops.get(layout);
        return loop != null ? loop : loops.computeIfAbsent(layout, compiler::apply);
    }

    /**
     * Puts the operands (inputs, then any output) in the form the compiled loop takes: each base an
     * array or a segment, each array's element offset. Returns the layout: bit k set for a segment.
     */
    private static int unpack(Invocation call, Object[] bases, long[] offsets) {
        List<Operand> inputs = call.inputs();
        int layout = 0;
        boolean shared = true;
        for (int k = 0; k < bases.length; k++) {
            switch (k < inputs.size() ? inputs.get(k) : call.output()) {
                case Operand.FloatArray a -> {
                    bases[k] = a.array();
                    offsets[k] = a.offset();
                }
                case Operand.IntArray a -> {
                    bases[k] = a.array();
                    offsets[k] = a.offset();
                }
                case Operand.Segment s -> {
                    bases[k] = s.segment();
                    layout |= 1 << k;
                }
            }
            shared &= offsets[k] == offsets[0];
        }
        return layout == 0 && shared ? LoopCompiler.SHARED_INDEX : layout;
    }
}
