package dev.quiver.cpu.simd;

import dev.quiver.cpu.Chunking;
import dev.quiver.cpu.CpuBackend;
import dev.quiver.cpu.CpuExecutable;
import dev.quiver.cpu.codegen.LoopCompiler;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Stencil;
import dev.quiver.kernel.StencilBands;
import dev.quiver.spi.Availability;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Executable;

/**
 * The {@code simd} backend: each kernel compiled to a Vector API loop of the CPU's widest vectors (or
 * {@code simd:128}, {@code simd:256}, {@code simd:512}), run on every core in cache-sized chunks.
 * Transcendental functions use the Vector API's, within {@link dev.quiver.kernel.Accuracy}'s bound;
 * everything else gives the reference's bits. Until the JIT has compiled a kernel's vector loop, calls
 * run its scalar loop ({@link ColdStart}).
 */
public final class SimdBackend extends CpuBackend {
    private final int bits;

    /** The backend at the CPU's widest vectors. */
    public SimdBackend() {
        this(0);
    }

    private SimdBackend(int bits) {
        super(program -> compile(program, bits));
        this.bits = bits;
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int priority() {
        return 30;
    }

    @Override
    public Availability availability() {
        return VectorSupport.probe(bits);
    }

    /** {@code simd:128}, {@code simd:256} or {@code simd:512}: vectors of that many bits, at most the CPU's widest. */
    @Override
    public Backend configure(String option) {
        int asked;
        try {
            asked = Integer.parseInt(option);
        } catch (NumberFormatException e) {
            asked = -1;
        }
        if (asked != 128 && asked != 256 && asked != 512) {
            throw new IllegalArgumentException("simd takes a vector width of 128, 256 or 512 bits, as in simd:256; got ':" + option + "'");
        }
        int widest;
        try {
            widest = VectorSupport.preferredBits();
        } catch (LinkageError e) {
            return new SimdBackend(asked);
        }
        if (asked > widest) {
            throw new IllegalArgumentException("simd:" + asked + " is wider than this CPU's " + widest + "-bit vectors");
        }
        return new SimdBackend(asked);
    }

    @Override
    protected StencilBands.Rows stencilRows(Stencil stencil) {
        SkipC1.forGeneratedLoops();
        return VectorStencilRows.of(stencil, bits == 0 ? VectorSupport.preferredBits() : bits);
    }

    private static Executable compile(Program program, int bits) {
        int width = bits == 0 ? VectorSupport.preferredBits() : bits;
        return new CpuExecutable(program,
                layout -> ColdStart.of(program, () -> LoopCompiler.vector(program, layout, width), LoopCompiler.scalar(program, layout)),
                Chunking.grain(program), layout -> LoopCompiler.scalar(program, layout));
    }
}
