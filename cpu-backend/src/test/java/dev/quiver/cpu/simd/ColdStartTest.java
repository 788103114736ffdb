package dev.quiver.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.cpu.CpuExecutable;
import dev.quiver.cpu.codegen.CompiledLoop;
import dev.quiver.cpu.codegen.LoopCompiler;
import dev.quiver.data.Operand;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Reduction;
import dev.quiver.kernel.Type;
import dev.quiver.library.Kernels;
import dev.quiver.spi.Invocation;
import dev.quiver.testing.Conformance;
import dev.quiver.testing.RandomKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cold vector loop stands behind its kernel's scalar loop: the first calls give the reference's bits from
 * the scalar loop, a warm-up on another thread runs the vector loop until C2 has compiled it, and calls move
 * to it then, giving the same bits.
 */
class ColdStartTest {
    private static final ParallelMap REFERENCE = ParallelMap.on("reference");

    @BeforeAll
    static void keepC1OffTheLoopsAsTheBackendDoes() {
        SkipC1.forGeneratedLoops();
    }

    @Property(tries = 12) // each waits for C2 to compile a loop on the warm-up thread
    void coldAndWarmGiveTheReferenceBits(@ForAll long seed) throws InterruptedException {
        var r = new Random(seed);
        Kernel k = r.nextBoolean() ? RandomKernels.floats(r, 1 + r.nextInt(3), 1 + r.nextInt(4)) : RandomKernels.pixels(r, 1 + r.nextInt(3));
        int n = 1 + r.nextInt(5000);
        List<Object> inputs = Conformance.inputs(k, r, n);
        Object expected = Conformance.expected(k, inputs, n);
        var loop = ColdStart.warming(k.program(), () -> LoopCompiler.vector(k.program(), LoopCompiler.SHARED_INDEX, 256),
                LoopCompiler.scalar(k.program(), LoopCompiler.SHARED_INDEX), 0);
        assertFalse(loop.steady());
        assertOutputs(expected, run(loop, k, inputs, n), k);
        awaitWarm(loop, k);
        assertOutputs(expected, run(loop, k, inputs, n), k);
    }

    @Test
    void reductionsMoveToTheVectorLoopToo() throws InterruptedException {
        var r = new Random(7);
        Kernel k = RandomKernels.reduction(r, Reduction.MAX, 2, 3);
        var loop = ColdStart.warming(k.program(), () -> LoopCompiler.vector(k.program(), LoopCompiler.SHARED_INDEX, 256),
                LoopCompiler.scalar(k.program(), LoopCompiler.SHARED_INDEX), 0);
        List<Object> inputs = Conformance.inputs(k, r, 3000);
        float[] a = (float[]) inputs.get(0);
        float[] b = (float[]) inputs.get(1);
        double expected = REFERENCE.reduce(k, a, b);
        assertEquals(expected, loop.reduce(new Object[] {a, b}, new long[2], k.paramValues(), 0, a.length));
        awaitWarm(loop, k);
        assertEquals(expected, loop.reduce(new Object[] {a, b}, new long[2], k.paramValues(), 0, a.length));
    }

    @Test
    void loopsOverNativeMemoryWarmOnNativeMemory() throws InterruptedException {
        Kernel k = Kernels.square();
        int layout = 0b11; // input and output are segments
        var loop = ColdStart.warming(k.program(), () -> LoopCompiler.vector(k.program(), layout, 256), LoopCompiler.scalar(k.program(), layout), 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3, 4, 5);
            MemorySegment y = arena.allocate(20, 4);
            loop.map(new Object[] {x, y}, new long[2], new float[0], 0, 5);
            assertArrayEquals(new float[] {1, 4, 9, 16, 25}, y.toArray(ValueLayout.JAVA_FLOAT));
            awaitWarm(loop, k);
            y.fill((byte) 0);
            loop.map(new Object[] {x, y}, new long[2], new float[0], 0, 5);
            assertArrayEquals(new float[] {1, 4, 9, 16, 25}, y.toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    @Test
    void anExecutableIsSteadyForTheKindsOfOperandsItsCallsHaveWarmed() throws InterruptedException {
        Kernel k = Kernels.square();
        var executable = new CpuExecutable(k.program(), layout -> ColdStart.warming(k.program(),
                () -> LoopCompiler.vector(k.program(), layout, 256), LoopCompiler.scalar(k.program(), layout), 0), 1 << 15);
        Invocation onSegments = Invocation.like(k.program(), k.paramValues(), true);
        Invocation onArrays = Invocation.like(k.program(), k.paramValues(), false);
        assertFalse(executable.steady(onSegments));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3);
            MemorySegment y = arena.allocate(12, 4);
            var call = new Invocation(List.of(new Operand.Segment(x)), new Operand.Segment(y), new float[0], 1);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!executable.steady(onSegments) && System.nanoTime() < deadline) {
                executable.map(call);
                Thread.sleep(10);
            }
            assertArrayEquals(new float[] {1, 4, 9}, y.toArray(ValueLayout.JAVA_FLOAT));
        }
        assertTrue(executable.steady(onSegments), "the segments' vector loop was never compiled by C2");
        // The arrays' loop, made when the executable was, has had no calls: timing calls on arrays now would time its scalar loop.
        assertFalse(executable.steady(onArrays));
    }

    @Test
    void warmingOnRequestNeedsNoRent() throws InterruptedException {
        Kernel k = Kernels.brightness(10);
        var executable = new CpuExecutable(k.program(), layout -> ColdStart.warming(k.program(),
                () -> LoopCompiler.vector(k.program(), layout, 256), LoopCompiler.scalar(k.program(), layout), Long.MAX_VALUE), 1 << 15);
        Invocation onArrays = Invocation.like(k.program(), k.paramValues(), false);
        executable.warm(onArrays); // no call has paid anything: a rent this high would never be reached
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!executable.steady(onArrays) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(executable.steady(onArrays), "the arrays' vector loop was never compiled by C2");
        assertFalse(executable.steady(Invocation.like(k.program(), k.paramValues(), true)), "segments have a loop of their own, not asked for");
        int[] out = new int[2];
        executable.map(new Invocation(List.of(Operand.of(new int[] {0xFF102030, 0x80FAFAFA})), Operand.of(out), k.paramValues(), 1));
        assertArrayEquals(new int[] {0xFF1A2A3A, 0x80FFFFFF}, out);
    }

    @Test
    void aVectorLoopC2HasNotCompiledIsNeverCalledByCallers() throws InterruptedException {
        Kernel k = Kernels.square();
        var warmUpCalls = new AtomicInteger();
        CompiledLoop slower = (bases, offsets, params, from, to) -> {
            if (Thread.currentThread().getName().equals("quiver-simd-warm-up")) {
                warmUpCalls.incrementAndGet();
                LockSupport.parkNanos(5_000_000); // a lambda's class, which C2 has not compiled: it stays cold
                return;
            }
            throw new AssertionError("a caller's call ran the cold vector loop");
        };
        var loop = ColdStart.warming(k.program(), () -> slower, LoopCompiler.scalar(k.program(), LoopCompiler.SHARED_INDEX), 0);
        float[] x = {3, -2};
        float[] y = new float[2];
        // The one warm-up thread may still be busy with another test's kernel: call until it reaches this one.
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < 20 || warmUpCalls.get() == 0 && System.nanoTime() < deadline; i++) {
            y[0] = y[1] = 0;
            loop.map(new Object[] {x, y}, new long[2], new float[0], 0, 2);
            assertArrayEquals(new float[] {9, 4}, y);
            Thread.sleep(5);
        }
        assertTrue(warmUpCalls.get() > 0, "the warm-up ran");
        assertFalse(loop.steady());
    }

    @Test
    void aKernelThatNeverWarmsNeverMakesItsVectorLoop() {
        Kernel k = Kernels.invert();
        var made = new AtomicInteger();
        var loop = ColdStart.warming(k.program(), () -> {
            made.incrementAndGet();
            return LoopCompiler.vector(k.program(), LoopCompiler.SHARED_INDEX, 256);
        }, LoopCompiler.scalar(k.program(), LoopCompiler.SHARED_INDEX), Long.MAX_VALUE);
        int[] in = {0xFF102030, 0x80FFFFFF};
        int[] out = new int[2];
        for (int i = 0; i < 1000; i++) {
            loop.map(new Object[] {in, out}, new long[2], k.paramValues(), 0, 2);
        }
        assertArrayEquals(new int[] {0xFFEFDFCF, 0x80000000}, out);
        assertFalse(loop.warming());
        assertEquals(0, made.get(), "the vector loop was made, and the Vector API loaded, for a job too short to warm");
    }

    @Test
    void theWarmUpWaitsUntilTheScalarLoopHasCostWhatWarmingWould() throws InterruptedException {
        Kernel k = Kernels.gamma(2.2f);
        long budget = 200_000_000L;
        var loop = ColdStart.warming(k.program(), () -> LoopCompiler.vector(k.program(), LoopCompiler.SHARED_INDEX, 256),
                LoopCompiler.scalar(k.program(), LoopCompiler.SHARED_INDEX), budget);
        int[] one = {0xFF336699};
        int[] out = new int[1];
        // Every call counts, the first one too (on a busy machine it can take tens of milliseconds): the clock starts before it.
        long start = System.nanoTime();
        loop.map(new Object[] {one, out}, new long[2], k.paramValues(), 0, 1);
        assertFalse(loop.warming(), "one pixel does not pay for a warm-up");
        int[] many = new int[1 << 20];
        int[] manyOut = new int[many.length];
        while (!loop.warming()) {
            loop.map(new Object[] {many, manyOut}, new long[2], k.paramValues(), 0, many.length);
        }
        assertTrue(System.nanoTime() - start >= budget, "warming began before the scalar loop had cost " + budget + " ns");
        awaitWarm(loop, k);
    }

    private static Object run(CompiledLoop loop, Kernel k, List<Object> inputs, int n) {
        Object out = k.outputType() == Type.PIXEL ? new int[n] : new float[n];
        Object[] bases = Stream.concat(inputs.stream(), Stream.of(out)).toArray();
        loop.map(bases, new long[bases.length], k.paramValues(), 0, n);
        return out;
    }

    private static void assertOutputs(Object expected, Object actual, Kernel k) {
        if (expected instanceof int[] e) {
            assertArrayEquals(e, (int[]) actual, k.toString());
        } else {
            assertArrayEquals((float[]) expected, (float[]) actual, k.toString());
        }
    }

    /** Waits for the warm-up, on its own thread, to see the vector loop compiled; a minute at most. */
    private static void awaitWarm(ColdStart loop, Kernel k) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!loop.steady() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(loop.steady(), "the vector loop of " + k + " was never compiled by C2");
    }
}
