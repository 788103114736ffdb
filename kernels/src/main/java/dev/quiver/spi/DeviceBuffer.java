package dev.quiver.spi;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Type;

/**
 * Memory that a backend computes on and the host does not: a device's buffer, such as an OpenCL
 * {@code cl_mem}. Made by {@link Backend#allocate}; read and written whole; released by {@link #close()},
 * after which every other method throws {@link IllegalStateException}. Thread-safe.
 */
public interface DeviceBuffer extends AutoCloseable {

    /** The element type: {@link Type#FLOAT} or {@link Type#PIXEL}. */
    Type type();

    /** The number of 4-byte elements. */
    long length();

    /** Where the memory is, for messages: "opencl:0 (NVIDIA H100 80GB HBM3)". */
    String where();

    /** The backend whose executables run on this buffer. */
    Backend backend();

    /** Copies {@code from}, which has exactly {@link #length()} elements, into this buffer. */
    void write(Operand from);

    /** Copies this buffer into {@code into}, which has exactly {@link #length()} elements. */
    void read(Operand into);

    /** Copies {@code other}, a buffer of the same backend and length, into this one without passing through the host. */
    void copyFrom(DeviceBuffer other);

    /** Whether {@link #close()} has been called. */
    boolean isClosed();

    /** Releases the memory; later calls do nothing. */
    @Override
    void close();
}
