package dev.quiver.cpu.simd;

import dev.quiver.cpu.codegen.CompiledLoop;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Reduction;
import dev.quiver.kernel.Type;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Vector API loop that is run only once the JIT has compiled it, and the same kernel's scalar loop until
 * then. Until C2 compiles a vector loop, HotSpot interprets it, and every vector operation in the
 * interpreter is an object: measured on a 1920×1080 image and {@code grayscale,gamma,contrast}, the first
 * call took 5.7 s and the loop ran interpreted for 12 s on a busy machine, where the scalar loop (compiled
 * by C1 within milliseconds) takes tens of milliseconds. So calls run the scalar loop, and a warm-up on a
 * background thread runs the vector loop on scratch data of the call's kinds (Java arrays or segments, so that
 * the JIT learns nothing the program does not use) until {@link C2} reports that it has compiled it; calls
 * then switch to the vector loop. Timing the loops instead would not do: on a loaded machine an
 * interpreted call and a compiled one can take as long. Both loops give the same bits (see
 * {@link dev.quiver.kernel.Accuracy}).
 *
 * <p>The warm-up is not free: it keeps a core busy interpreting the vector loop, then C2 compiling it
 * (for {@code grayscale,gamma,contrast}, 1.4 s and then over 0.4 s on this project's 2-core machine),
 * which a short job on two cores pays for in its own time. So the warm-up starts only once the scalar
 * loop has cost {@link #WARM_AFTER_NANOS} in all (ski rental: rent until the rent paid would have bought
 * the skis). A batch of 50 photos through that pipeline costs the scalar loop 0.7 s and never warms; a
 * long job pays at most that much more than if it had warmed from its first call. The rent is the scalar
 * loop's CPU time, not its wall time: on two cores shared with decoding and encoding threads, a call's wall
 * time counts the time others ran, and set off warm-ups that a 50-photo batch never repaid.
 *
 * <p>Everything the vector loop needs is done by the warm-up, so a job that never warms never pays for it:
 * generating the loop and loading the Vector API (about 0.15 s), and starting the JVM's management server
 * to ask about the JIT ({@link SkipC1}, {@link C2}: about 0.25 s). Where the JVM cannot say what it has
 * compiled, the vector loop is used as soon as the warm-up has generated it.
 *
 * <p>{@code -Dquiver.simd.coldStart=vector} runs the vector loop from the first call (the tests that hold
 * the vector loops to the reference use it).
 */
final class ColdStart implements CompiledLoop {
    private static final Logger LOG = Logger.getLogger(ColdStart.class.getName());
    /** Scalar time, summed over threads, after which the vector loop is warmed: about what warming costs. */
    static final long WARM_AFTER_NANOS = 1_000_000_000L;
    /** Elements per warm-up call: enough iterations that the loop's back-edges count, few enough that an interpreted call is quick. */
    private static final int SCRATCH = 1024;
    /** A loop C2 has not compiled by then is left cold, and the scalar loop stays. */
    private static final long GIVE_UP_NANOS = 20_000_000_000L;
    /** How often the warm-up asks the JIT what it has compiled (a look costs about 10 ms). */
    private static final long LOOK_EVERY_NANOS = 100_000_000L;
    /** One thread warms every kernel, one after another: warming is not worth a core per kernel. */
    private static final ExecutorService WARMER = Executors.newSingleThreadExecutor(Thread.ofPlatform()
            .daemon().name("quiver-simd-warm-up").factory());

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private final Program program;
    private final Supplier<CompiledLoop> vectorSource;
    /** Made by the warm-up, before {@link #warm} is set. */
    private CompiledLoop vector;
    private final CompiledLoop scalar;
    private final long warmAfterNanos;
    private final LongAdder scalarNanos = new LongAdder();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean warm;

    private ColdStart(Program program, Supplier<CompiledLoop> vectorSource, CompiledLoop scalar, long warmAfterNanos) {
        this.program = program;
        this.vectorSource = vectorSource;
        this.scalar = scalar;
        this.warmAfterNanos = warmAfterNanos;
    }

    /**
     * The vector loop that {@code vector} makes, behind a scalar one while it is cold; the vector loop
     * alone, made now, for sums and with {@code -Dquiver.simd.coldStart=vector}.
     */
    static CompiledLoop of(Program program, Supplier<CompiledLoop> vector, CompiledLoop scalar) {
        // A sum is added in float lanes by the vector loop and in double by the scalar one: a kernel's calls
        // should not give different bits depending on how far the JIT has got, so sums start on the vector loop.
        boolean sum = program.reduction().filter(r -> r == Reduction.SUM).isPresent();
        if (sum || "vector".equals(System.getProperty("quiver.simd.coldStart"))) {
            SkipC1.forGeneratedLoops();
            return vector.get();
        }
        return new ColdStart(program, vector, scalar, WARM_AFTER_NANOS);
    }

    /**
     * The vector loop that {@code vector} makes behind the scalar one while it is cold, made and warmed once
     * the scalar loop has cost {@code warmAfterNanos}.
     */
    static ColdStart warming(Program program, Supplier<CompiledLoop> vector, CompiledLoop scalar, long warmAfterNanos) {
        return new ColdStart(program, vector, scalar, warmAfterNanos);
    }

    /** Whether the warm-up has begun. */
    boolean warming() {
        return started.get();
    }

    /** Whether calls run the vector loop now. */
    @Override
    public boolean steady() {
        return warm;
    }

    @Override
    public void map(Object[] bases, long[] offsets, float[] params, long from, long to) {
        if (warm) {
            vector.map(bases, offsets, params, from, to);
            return;
        }
        if (started.get()) {
            scalar.map(bases, offsets, params, from, to); // the rent is paid: no more clock reads
            return;
        }
        long start = now();
        scalar.map(bases, offsets, params, from, to);
        paid(now() - start, bases, params);
    }

    @Override
    public double reduce(Object[] bases, long[] offsets, float[] params, long from, long to) {
        if (warm) {
            return vector.reduce(bases, offsets, params, from, to);
        }
        if (started.get()) {
            return scalar.reduce(bases, offsets, params, from, to);
        }
        long start = now();
        double result = scalar.reduce(bases, offsets, params, from, to);
        paid(now() - start, bases, params);
        return result;
    }

    /** The calling thread's CPU time, or the wall clock where the JVM does not measure it. */
    private static long now() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Counts a scalar call's time and starts the warm-up, once, when the scalar loop has cost enough. */
    private void paid(long nanos, Object[] bases, float[] params) {
        scalarNanos.add(nanos);
        if (scalarNanos.sum() >= warmAfterNanos) {
            warm(bases, params);
        }
    }

    /** Starts the warm-up now, whatever the scalar loop has cost, unless it has started already. */
    @Override
    public void warm(Object[] bases, float[] params) {
        if (started.compareAndSet(false, true)) {
            Object[] scratch = scratchLike(bases);
            float[] values = params.clone();
            WARMER.execute(() -> warmUp(scratch, values));
        }
    }

    private void warmUp(Object[] scratch, float[] params) {
        long[] offsets = new long[scratch.length];
        boolean reducing = program.reduction().isPresent();
        try {
            SkipC1.forGeneratedLoops();
            vector = vectorSource.get();
            if (!C2.canTell()) {
                warm = true;
                return;
            }
            long start = System.nanoTime();
            long nextLook = start;
            while (System.nanoTime() - start < GIVE_UP_NANOS) {
                run(vector, scratch, offsets, params, reducing);
                if (System.nanoTime() >= nextLook) {
                    if (C2.hasCompiled(vector.getClass())) {
                        warm = true;
                        return;
                    }
                    nextLook = System.nanoTime() + LOOK_EVERY_NANOS;
                }
            }
            LOG.log(Level.FINE, () -> "C2 did not compile the vector loop of kernel " + program + " in 20 s; its scalar loop stays");
        } catch (RuntimeException | Error e) {
            LOG.log(Level.FINE, "warming the vector loop failed; the scalar loop stays", e);
        }
    }

    private static void run(CompiledLoop loop, Object[] bases, long[] offsets, float[] params, boolean reducing) {
        if (reducing) {
            loop.reduce(bases, offsets, params, 0, SCRATCH);
        } else {
            loop.map(bases, offsets, params, 0, SCRATCH);
        }
    }

    /**
     * Scratch operands of the same kinds as a call's: each array type, each segment native or on the heap.
     * Values are 0.5 or mid-grey, which no kernel treats specially.
     */
    private Object[] scratchLike(Object[] bases) {
        Object[] scratch = new Object[bases.length];
        for (int k = 0; k < bases.length; k++) {
            Type type = k < program.inputs().size() ? program.inputs().get(k).type() : program.outputType();
            scratch[k] = switch (bases[k]) {
                case float[] ignored -> filled(new float[SCRATCH]);
                case int[] ignored -> filled(new int[SCRATCH]);
                case MemorySegment s when s.isNative() -> type == Type.PIXEL
                        ? Arena.ofAuto().allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT, filled(new int[SCRATCH]))
                        : Arena.ofAuto().allocateFrom(java.lang.foreign.ValueLayout.JAVA_FLOAT, filled(new float[SCRATCH]));
                case MemorySegment s -> onHeap(type == Type.PIXEL ? MemorySegment.ofArray(filled(new int[SCRATCH]))
                        : MemorySegment.ofArray(filled(new float[SCRATCH])));
                default -> throw new IllegalArgumentException("not an operand: " + bases[k]);
            };
        }
        return scratch;
    }

    /** In bytes on the heap, as the segments that reach a loop are: ParallelMap passes those of float[] and int[] as arrays. */
    private static MemorySegment onHeap(MemorySegment values) {
        return MemorySegment.ofArray(new byte[(int) values.byteSize()]).copyFrom(values);
    }

    private static float[] filled(float[] a) {
        Arrays.fill(a, 0.5f);
        return a;
    }

    private static int[] filled(int[] a) {
        Arrays.fill(a, 0xFF808080);
        return a;
    }
}
