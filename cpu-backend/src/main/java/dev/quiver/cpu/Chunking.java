package dev.quiver.cpu;

import dev.quiver.kernel.Accuracy;
import dev.quiver.kernel.Program;
import java.util.Locale;

/** How the CPU backends cut a call into chunks: about 256 KiB of operand data each, a cache-sized piece. */
public final class Chunking {
    static final long CHUNK_BYTES = 256 * 1024;

    private Chunking() {
    }

    /**
     * Elements per chunk for this program: a multiple of 64, so that chunks start on vector boundaries,
     * and for reductions of {@link Accuracy#SUM_BLOCK}, so that float partial sums are whole blocks.
     */
    public static long grain(Program program) {
        long perElement = Math.max(4, program.bytesPerElement());
        long unit = program.reduction().isPresent() ? Accuracy.SUM_BLOCK : 64;
        return Math.max(unit, CHUNK_BYTES / perElement / unit * unit);
    }

    /** A phrase for {@code explain()}: how a call of this length would be split. */
    public static String describe(Program program, long length, int threads) {
        long grain = grain(program);
        long chunks = (length + grain - 1) / grain;
        if (threads <= 1) {
            return "on the calling thread (1 thread allowed)";
        }
        if (chunks < ParallelLoop.MIN_PARALLEL_CHUNKS) {
            return String.format(Locale.ROOT, "on the calling thread: %,d elements make fewer than %d chunks of %,d", length,
                    ParallelLoop.MIN_PARALLEL_CHUNKS, grain);
        }
        return String.format(Locale.ROOT, "%d threads share %,d chunks of %,d elements", Math.min(threads, chunks), chunks, grain);
    }
}
