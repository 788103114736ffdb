package dev.quiver.spi;

import dev.quiver.kernel.Program;
import java.util.Optional;

/**
 * A way to run kernels, found with {@link java.util.ServiceLoader}: a jar that provides one lists it in
 * {@code META-INF/services/dev.quiver.spi.Backend}. Implementations must construct cheaply and without
 * failing even where they cannot run (report that through {@link #availability()}), and be thread-safe.
 */
public interface Backend {

    /** The name users give to {@code --backend} and {@code ParallelMap.on}: {@code simd}, {@code opencl}. */
    String name();

    /** How strongly {@code ParallelMap.auto()} prefers this backend; 0 means only when asked by name. */
    int priority();

    /** Whether this backend can run here, and a phrase saying what on or why not. Cached by callers. */
    Availability availability();

    /** Why this backend cannot run the program, if it cannot. */
    default Optional<String> unsupported(Program program) {
        return Optional.empty();
    }

    /**
     * The program ready to run; implementations cache, as this is called for every kernel call.
     *
     * @throws RuntimeException if it cannot be prepared (the caller falls back to another backend)
     */
    Executable prepare(Program program);

    /**
     * How a call of {@code length} elements with up to {@code threads} threads would run, for
     * {@code explain()}: "2 threads, 2048 chunks of 32768".
     */
    default String plan(Program program, long length, int threads) {
        return "";
    }

    /**
     * The backend configured by the part of its name after ':', as in {@code opencl:0} or {@code simd:256}.
     *
     * @throws IllegalArgumentException if the option is not understood
     */
    default Backend configure(String option) {
        throw new IllegalArgumentException("backend '" + name() + "' takes no option, but was given ':" + option + "'");
    }

    /**
     * The neighbourhood kernel ready to run, or empty if this backend does not run neighbourhood kernels.
     *
     * @throws RuntimeException if it cannot be prepared (the caller falls back to another backend)
     */
    default java.util.Optional<StencilExecutable> prepare(dev.quiver.kernel.Stencil stencil) {
        return java.util.Optional.empty();
    }

    /**
     * Memory for {@code length} elements where this backend computes, for data that stays there across
     * calls; empty for a backend that computes on host memory (the caller then uses native memory).
     *
     * @throws RuntimeException if the device cannot hold it, with a message saying how much it can
     */
    default java.util.Optional<DeviceBuffer> allocate(dev.quiver.kernel.Type type, long length) {
        return java.util.Optional.empty();
    }

    /**
     * Whether this backend computes in memory of its own (a device's), so that host data goes there and
     * back on every call: {@code ParallelMap.auto()} then sends a call there only when measurements say it
     * wins, transfers included. Such a backend implements {@link #allocate}.
     */
    default boolean ownMemory() {
        return false;
    }

    /**
     * Whether this backend, though it has {@linkplain #ownMemory() memory of its own}, computes on native host
     * memory where it is (an OpenCL CPU device, an integrated GPU): a call whose operands are all native
     * segments then moves nothing, and {@code ParallelMap.auto()} counts no copies for it.
     */
    default boolean sharesHostMemory() {
        return false;
    }

    /**
     * Every device this backend can be pointed at, one line each starting with the name that selects it
     * ({@code opencl:1 GPU NVIDIA H100 ...}), for {@code quiver devices}; empty for a backend with one target.
     */
    default java.util.List<String> targets() {
        return java.util.List.of();
    }

    /** Whether {@link #parallelFor} runs plain Java code; the {@code threads} backend does. */
    default boolean runsJava() {
        return false;
    }

    /**
     * Runs {@code body} over {@code [0, length)} in chunks of at least {@code grain} indices, on up to
     * {@code threads} threads including the caller's; returns when all are done, rethrowing the first
     * failure.
     */
    default void parallelFor(long length, long grain, int threads, RangeBody body) {
        throw new UnsupportedOperationException(name() + " does not run Java code");
    }
}
