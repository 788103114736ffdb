package dev.quiver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.library.Kernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * Every way a call can be wrong gets an IllegalArgumentException naming the argument, before anything
 * is written. Only the reference backend is on this module's class path, which is itself a case: auto()
 * falls back to it, and naming a missing backend says which jar provides it.
 */
class ParallelMapTest {
    private final ParallelMap auto = ParallelMap.auto();

    private static IllegalArgumentException rejects(org.junit.jupiter.api.function.Executable call, String expected) {
        var e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message was: " + e.getMessage());
        return e;
    }

    @Test
    void autoRunsOnTheReferenceWhenNothingElseIsPresent() {
        float[] y = new float[3];
        auto.map(Kernels.square(), new float[] {1, 2, 3}, y);
        assertArrayEquals(new float[] {1, 4, 9}, y);
        assertTrue(auto.explain(Kernels.square(), 3).toString().contains("runs on reference"));
    }

    @Test
    void nullKernel() {
        rejects(() -> auto.map(null, new float[1], new float[1]), "kernel is null");
    }

    @Test
    void nullInput() {
        rejects(() -> auto.map(Kernels.add(), new float[1], null, new float[1]), "input 'b' is null");
    }

    @Test
    void nullOutput() {
        rejects(() -> auto.map(Kernels.square(), new float[1], null), "output is null");
    }

    @Test
    void lengthMismatchBetweenInputs() {
        rejects(() -> auto.map(Kernels.add(), new float[1000], new float[999], new float[1000]),
                "input 'b' has 999 elements but input 'a' has 1000");
    }

    @Test
    void lengthMismatchOfOutput() {
        rejects(() -> auto.map(Kernels.square(), new float[10], new float[11]), "output has 11 elements but the input has 10");
    }

    @Test
    void wrongArity() {
        rejects(() -> auto.map(Kernels.triad(), new float[1], new float[1]), "kernel 'triad' takes 2 inputs (b, c), got 1");
    }

    @Test
    void wrongElementType() {
        rejects(() -> auto.map(Kernels.invert(), MemorySegment.ofArray(new float[4]), MemorySegment.ofArray(new int[3])),
                "output has 3 elements");
        rejects(() -> auto.map(Kernels.square(), MemorySegment.ofArray(new byte[6]), MemorySegment.ofArray(new float[1])),
                "input 'x' is a segment of 6 bytes");
    }

    @Test
    void reductionThroughMapAndMapThroughReduce() {
        rejects(() -> auto.map(Kernels.dot(), new float[1], new float[1], new float[1]), "is a reduction: call reduce");
        rejects(() -> auto.reduce(Kernels.square(), new float[1]), "is not a reduction: call map");
    }

    @Test
    void partlyOverlappingOutputIsRejectedAndNothingIsWritten() {
        float[] data = {1, 2, 3, 4, 5};
        MemorySegment all = MemorySegment.ofArray(data);
        rejects(() -> auto.map(Kernels.square(), all.asSlice(0, 16), all.asSlice(4, 16)), "output partly overlaps input 'x'");
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, data);
    }

    @Test
    void partlyOverlappingNativeOutputIsRejected() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment all = arena.allocate(64);
            rejects(() -> auto.map(Kernels.square(), all.asSlice(0, 32), all.asSlice(8, 32)), "partly overlaps");
        }
    }

    @Test
    void exactlyTheSameArrayIsAnInPlaceUpdate() {
        float[] a = {1, 2, 3};
        float[] b = {10, 10, 10};
        float[] c = {1, 1, 1};
        auto.map(Kernels.nstream().with("s", 2f), a, b, c, a);
        assertArrayEquals(new float[] {13, 14, 15}, a);
    }

    @Test
    void readOnlyOutputSegment() {
        rejects(() -> auto.map(Kernels.square(), MemorySegment.ofArray(new float[2]), MemorySegment.ofArray(new float[2]).asReadOnly()),
                "read-only");
    }

    @Test
    void confinedSegmentsWork() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocateFrom(ValueLayout.JAVA_FLOAT, 1, 2, 3);
            MemorySegment y = arena.allocate(12);
            auto.map(Kernels.square(), x, y);
            assertArrayEquals(new float[] {1, 4, 9}, y.toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    @Test
    void emptyArraysAreFine() {
        auto.map(Kernels.square(), new float[0], new float[0]);
        assertEquals(0.0, auto.reduce(Kernels.sum(), new float[0]));
        assertEquals(Double.POSITIVE_INFINITY, auto.reduce(Kernels.min(), new float[0]));
    }

    @Test
    void unknownBackend() {
        rejects(() -> ParallelMap.on("cuda"), "unknown backend 'cuda'; choose one of [reference]");
    }

    @Test
    void missingBackendNamesItsJar() {
        rejects(() -> ParallelMap.on("simd"), "backend 'simd' is not on the class path: add quiver-cpu");
    }

    @Test
    void optionForABackendThatTakesNone() {
        rejects(() -> ParallelMap.on("reference:2"), "takes no option");
    }

    @Test
    void threadsMustBePositive() {
        rejects(() -> auto.withThreads(0), "threads must be at least 1, got 0");
    }

    @Test
    void plainJavaFunctionsRunWithoutAnyParallelBackend() {
        float[] y = new float[4];
        auto.map(new float[] {1, 2, 3, 4}, x -> x + 0.5f, y);
        assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f, 4.5f}, y);
        int[] q = new int[2];
        auto.map(new int[] {3, 4}, i -> i * i, q);
        assertArrayEquals(new int[] {9, 16}, q);
    }

    @Test
    void plainJavaFunctionArgumentsAreChecked() {
        rejects(() -> auto.map(new float[1], (FloatUnaryOperator) null, new float[1]), "function is null");
        rejects(() -> auto.map(new float[2], x -> x, new float[1]), "output has 1 elements but the input has 2");
    }
}
