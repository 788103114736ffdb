package dev.quiver.cpu;

import dev.quiver.kernel.Program;
import dev.quiver.spi.Executable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Prepared programs by program, for one backend. Bounded: a process that makes kernels without end
 * (say, from user text) drops old entries rather than keeping every generated class alive.
 */
public final class ProgramCache {
    private static final int CAPACITY = 256;

    private final Map<Program, Executable> prepared = new ConcurrentHashMap<>();
    private final Function<Program, Executable> prepare;

    public ProgramCache(Function<Program, Executable> prepare) {
        this.prepare = prepare;
    }

    /** The prepared program, preparing it on first use; preparation failures are not cached. */
    public Executable get(Program program) {
        Executable e = prepared.get(program);
        if (e != null) {
            return e;
        }
        if (prepared.size() >= CAPACITY) {
            prepared.clear();
        }
        return prepared.computeIfAbsent(program, prepare);
    }
}
