package dev.quiver.gpu.opencl;

import dev.quiver.data.Operand;
import java.lang.foreign.MemorySegment;
import org.jocl.Pointer;

/**
 * An operand's elements in host memory as JOCL takes them: a pointer (into a Java array, at the
 * operand's offset, or to native memory) and a length in bytes; {@code copy} when it points at a copy
 * (of heap memory that is not an array), which can be read but not written back; {@code address} the
 * native address when it is native memory, which stays where it is for the whole call, so that a device
 * sharing the host's memory may compute on it in place (a Java array may be moved by the garbage
 * collector), else 0.
 */
record HostArray(Pointer pointer, long bytes, boolean copy, long address) {

    /** Whether the memory is native, at a fixed address. */
    boolean fixed() {
        return address != 0;
    }


    /**
     * @throws IllegalArgumentException for a segment OpenCL cannot address directly (heap memory that is
     *         not an array, or more than 2 GiB)
     */
    static HostArray of(Operand operand) {
        return switch (operand) {
            case Operand.FloatArray a -> new HostArray(Pointer.to(a.array()).withByteOffset(4L * a.offset()), 4L * a.length(), false, 0);
            case Operand.IntArray a -> new HostArray(Pointer.to(a.array()).withByteOffset(4L * a.offset()), 4L * a.length(), false, 0);
            case Operand.Segment s -> segment(s.segment());
        };
    }

    private static HostArray segment(MemorySegment segment) {
        if (segment.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("OpenCL takes segments of at most 2 GiB here, got " + segment);
        }
        if (!segment.isNative()) {
            // heap memory that is not a float[] or int[] (ParallelMap unwraps those): a copy for JOCL to point at
            return new HostArray(Pointer.to(segment.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)), segment.byteSize(), true, 0);
        }
        return new HostArray(Pointer.to(segment.asByteBuffer()), segment.byteSize(), false, segment.address());
    }
}
