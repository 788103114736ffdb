package dev.quiver.gpu.opencl;

import dev.quiver.data.Operand;
import java.lang.foreign.MemorySegment;
import org.jocl.Pointer;

/**
 * An operand's elements in host memory as JOCL takes them: a pointer (into a Java array, at the
 * operand's offset, or to native memory) and a length in bytes.
 */
record HostArray(Pointer pointer, long bytes) {

    /**
     * @throws IllegalArgumentException for a segment OpenCL cannot address directly (heap memory that is
     *         not an array, or more than 2 GiB)
     */
    static HostArray of(Operand operand) {
        return switch (operand) {
            case Operand.FloatArray a -> new HostArray(Pointer.to(a.array()).withByteOffset(4L * a.offset()), 4L * a.length());
            case Operand.IntArray a -> new HostArray(Pointer.to(a.array()).withByteOffset(4L * a.offset()), 4L * a.length());
            case Operand.Segment s -> segment(s.segment());
        };
    }

    private static HostArray segment(MemorySegment segment) {
        if (!segment.isNative() || segment.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("OpenCL takes native segments of at most 2 GiB here, got " + segment);
        }
        return new HostArray(Pointer.to(segment.asByteBuffer()), segment.byteSize());
    }
}
