package dev.quiver.data;

import dev.quiver.kernel.Type;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One array a kernel reads or writes, in the form backends run fastest on: Java arrays as arrays (with
 * an element offset), off-heap memory as a {@link MemorySegment}. A heap segment over a {@code float[]}
 * or {@code int[]} is unwrapped to its array, because the JDK optimizes vector loads from arrays and
 * from native memory well but poorly when one code path sees both kinds of segment.
 */
public sealed interface Operand permits Operand.FloatArray, Operand.IntArray, Operand.Segment {

    /** The number of 4-byte elements. */
    long length();

    /** A view of the same memory as a segment (heap or native), for copies and overlap checks. */
    MemorySegment asSegment();

    /** Elements {@code [offset, offset + count)} of a float array. */
    record FloatArray(float[] array, int offset, int count) implements Operand {
        public FloatArray {
            Objects.checkFromIndexSize(offset, count, array.length);
        }

        @Override
        public long length() {
            return count;
        }

        @Override
        public MemorySegment asSegment() {
            return MemorySegment.ofArray(array).asSlice(4L * offset, 4L * count);
        }
    }

    /** Elements {@code [offset, offset + count)} of an int array (packed ARGB pixels). */
    record IntArray(int[] array, int offset, int count) implements Operand {
        public IntArray {
            Objects.checkFromIndexSize(offset, count, array.length);
        }

        @Override
        public long length() {
            return count;
        }

        @Override
        public MemorySegment asSegment() {
            return MemorySegment.ofArray(array).asSlice(4L * offset, 4L * count);
        }
    }

    /** A segment of 4-byte elements in native byte order, at any address (alignment is not required). */
    record Segment(MemorySegment segment) implements Operand {
        public Segment {
            if (segment.byteSize() % 4 != 0) {
                throw new IllegalArgumentException("a segment of " + segment.byteSize() + " bytes is not a whole number of 4-byte elements");
            }
        }

        @Override
        public long length() {
            return segment.byteSize() / 4;
        }

        @Override
        public MemorySegment asSegment() {
            return segment;
        }
    }

    static Operand of(float[] array) {
        return new FloatArray(array, 0, array.length);
    }

    static Operand of(int[] array) {
        return new IntArray(array, 0, array.length);
    }

    /**
     * The operand for a segment holding elements of {@code type}: the backing array when it is a heap
     * segment over an array of that element type at an element boundary, otherwise the segment itself.
     */
    static Operand of(MemorySegment segment, Type type) {
        if (!segment.isNative() && segment.byteSize() % 4 == 0 && segment.address() % 4 == 0
                && segment.byteSize() / 4 <= Integer.MAX_VALUE) {
            Object base = segment.heapBase().orElse(null);
            int offset = (int) (segment.address() / 4);
            int length = (int) (segment.byteSize() / 4);
            if (base instanceof float[] f && type == Type.FLOAT) {
                return new FloatArray(f, offset, length);
            }
            if (base instanceof int[] i && type == Type.PIXEL) {
                return new IntArray(i, offset, length);
            }
        }
        return new Segment(segment);
    }

    /** Whether the two operands share any memory. */
    default boolean overlaps(Operand other) {
        if (this instanceof FloatArray a && other instanceof FloatArray b) {
            return a.array == b.array && a.offset < b.offset + b.count && b.offset < a.offset + a.count;
        }
        if (this instanceof IntArray a && other instanceof IntArray b) {
            return a.array == b.array && a.offset < b.offset + b.count && b.offset < a.offset + a.count;
        }
        MemorySegment a = asSegment();
        MemorySegment b = other.asSegment();
        if (a.isNative() != b.isNative() || a.byteSize() == 0 || b.byteSize() == 0) {
            return false;
        }
        return a.asOverlappingSlice(b).isPresent();
    }

    /** Whether the two operands are exactly the same memory: same start, same length. */
    default boolean sameMemory(Operand other) {
        if (this instanceof FloatArray a && other instanceof FloatArray b) {
            return a.array == b.array && a.offset == b.offset && a.count == b.count;
        }
        if (this instanceof IntArray a && other instanceof IntArray b) {
            return a.array == b.array && a.offset == b.offset && a.count == b.count;
        }
        MemorySegment a = asSegment();
        MemorySegment b = other.asSegment();
        return a.isNative() && b.isNative() && a.address() == b.address() && a.byteSize() == b.byteSize();
    }
}
