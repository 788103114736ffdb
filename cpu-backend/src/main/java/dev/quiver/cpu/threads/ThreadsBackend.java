package dev.quiver.cpu.threads;

import dev.quiver.cpu.Chunking;
import dev.quiver.cpu.CpuExecutable;
import dev.quiver.cpu.ParallelLoop;
import dev.quiver.cpu.CpuBackend;
import dev.quiver.cpu.codegen.LoopCompiler;
import dev.quiver.spi.Availability;
import dev.quiver.spi.RangeBody;

/**
 * The {@code threads} backend: kernels compiled to plain scalar loops (bit-identical to the reference,
 * transcendental functions included), and plain Java functions, run on every core in chunks. It needs
 * nothing but a JVM, so it is the fallback for everything.
 */
public final class ThreadsBackend extends CpuBackend {

    public ThreadsBackend() {
        super(program -> new CpuExecutable(program, layout -> LoopCompiler.scalar(program, layout), Chunking.grain(program)));
    }

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
    public boolean runsJava() {
        return true;
    }

    @Override
    public void parallelFor(long length, long grain, int threads, RangeBody body) {
        ParallelLoop.run(length, grain, threads, body);
    }
}
