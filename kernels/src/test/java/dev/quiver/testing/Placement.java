package dev.quiver.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/**
 * Where a test puts an operand's data: every form {@link dev.quiver.ParallelMap} accepts, including the
 * awkward ones. Float and pixel data are both 4-byte elements.
 */
public enum Placement {
    /** A plain {@code float[]} or {@code int[]}. */
    ARRAY,
    /** A heap segment over part of a larger array, at an element offset: run as the array with an offset. */
    ARRAY_SLICE,
    /** Native memory, 64-byte aligned. */
    NATIVE,
    /** Native memory at an address 1 to 3 bytes past alignment. */
    NATIVE_UNALIGNED,
    /** A heap segment over a {@code byte[]}: not an array of the element type, so it stays a segment. */
    BYTE_HEAP;

    public static Placement random(Random r) {
        return values()[r.nextInt(values().length)];
    }

    /** A segment (for the segment overloads) holding the values; arrays become heap segments. */
    public MemorySegment segmentOf(float[] values, Arena arena, Random r) {
        MemorySegment s = allocate(values.length, arena, r, true);
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, values.length);
        return s;
    }

    public MemorySegment segmentOf(int[] values, Arena arena, Random r) {
        MemorySegment s = allocate(values.length, arena, r, false);
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_INT_UNALIGNED, 0, values.length);
        return s;
    }

    private MemorySegment allocate(int n, Arena arena, Random r, boolean floats) {
        long bytes = 4L * n;
        return switch (this) {
            case ARRAY -> floats ? MemorySegment.ofArray(new float[n]) : MemorySegment.ofArray(new int[n]);
            case ARRAY_SLICE -> {
                int before = 1 + r.nextInt(17);
                int after = r.nextInt(5);
                MemorySegment whole = floats ? MemorySegment.ofArray(new float[before + n + after]) : MemorySegment.ofArray(new int[before + n + after]);
                yield whole.asSlice(4L * before, bytes);
            }
            case NATIVE -> arena.allocate(Math.max(bytes, 1), 64).asSlice(0, bytes);
            case NATIVE_UNALIGNED -> arena.allocate(bytes + 4, 64).asSlice(1 + r.nextInt(3), bytes);
            case BYTE_HEAP -> MemorySegment.ofArray(new byte[(int) bytes + 8]).asSlice(r.nextInt(5), bytes);
        };
    }

    public static float[] floats(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
    }

    public static int[] ints(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_INT_UNALIGNED);
    }
}
