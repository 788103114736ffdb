package dev.quiver.cpu.threads;

import dev.quiver.cpu.Chunking;
import dev.quiver.cpu.CpuExecutable;
import dev.quiver.cpu.ParallelLoop;
import dev.quiver.cpu.ProgramCache;
import dev.quiver.cpu.codegen.LoopCompiler;
import dev.quiver.kernel.Program;
import dev.quiver.spi.Availability;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Executable;
import dev.quiver.spi.RangeBody;
import java.util.Optional;

/**
 * The {@code threads} backend: kernels compiled to plain scalar loops (bit-identical to the reference,
 * transcendental functions included), and plain Java functions, run on every core in chunks. It needs
 * nothing but a JVM, so it is the fallback for everything.
 */
public final class ThreadsBackend implements Backend {
    private final ProgramCache cache = new ProgramCache(
            program -> new CpuExecutable(program, layout -> LoopCompiler.scalar(program, layout), Chunking.grain(program)));

    @Override
    public String name() {
        return "threads";
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Availability availability() {
        return Availability.usable("scalar compiled loops and Java functions on " + Runtime.getRuntime().availableProcessors() + " cores");
    }

    @Override
    public Optional<String> unsupported(Program program) {
        return LoopCompiler.unsupported(program);
    }

    @Override
    public Executable prepare(Program program) {
        return cache.get(program);
    }

    @Override
    public String plan(Program program, long length, int threads) {
        return Chunking.describe(program, length, threads);
    }

    @Override
    public boolean runsJava() {
        return true;
    }

    @Override
    public void parallelFor(long length, long grain, int threads, RangeBody body) {
        ParallelLoop.run(length, grain, threads, body);
    }
}
