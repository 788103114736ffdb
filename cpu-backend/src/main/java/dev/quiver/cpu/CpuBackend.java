package dev.quiver.cpu;

import dev.quiver.cpu.codegen.LoopCompiler;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Stencil;
import dev.quiver.kernel.StencilBands;
import dev.quiver.spi.StencilExecutable;
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

    /**
     * Bands of rows on every core: each band recomputes the horizontal pass of the {@code 2r} rows it
     * shares with its neighbours, so bands are at least {@code 8 (2r + 1)} rows to keep that under an
     * eighth of the work.
     */
    @Override
    public Optional<StencilExecutable> prepare(Stencil stencil) {
        StencilBands.Rows rows = stencilRows(stencil);
        int minRows = 8 * (2 * stencil.radius() + 1);
        return Optional.of((in, width, height, out, threads) -> {
            long grain = Math.max(minRows, Chunking.CHUNK_BYTES / 4 / width);
            ParallelLoop.run(height, grain, threads,
                    (from, to) -> StencilBands.run(stencil, rows, in, width, height, out, (int) from, (int) to));
        });
    }

    /** The row passes this backend runs a stencil with: the definition's scalar ones, unless overridden. */
    protected StencilBands.Rows stencilRows(Stencil stencil) {
        return StencilBands.reference(stencil);
    }

    @Override
    public String plan(Program program, long length, int threads) {
        return Chunking.describe(program, length, threads);
    }
}
