package dev.quiver.cpu;

import dev.quiver.cpu.codegen.LoopCompiler;
import dev.quiver.kernel.Program;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Executable;
import java.util.Optional;
import java.util.function.Function;

/** What the CPU backends share: compiled programs cached per program, split into chunks per call. */
public abstract class CpuBackend implements Backend {
    private final ProgramCache cache;

    /** @param compile compiles a program into this backend's executable; called once per program */
    protected CpuBackend(Function<Program, Executable> compile) {
        this.cache = new ProgramCache(compile);
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
}
