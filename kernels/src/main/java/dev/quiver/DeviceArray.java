package dev.quiver;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Type;
import dev.quiver.spi.DeviceBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An array that lives where a backend computes, so that many kernel calls can run on it without a trip
 * to and from the host each time: upload once, run many kernels, download once.
 *
 * <pre>{@code
 * ParallelMap gpu = ParallelMap.on("opencl");
 * try (DeviceArray x = gpu.upload(values); DeviceArray y = gpu.allocate(Type.FLOAT, values.length)) {
 *     gpu.map(Kernels.square(), x, y);                  // y = x * x
 *     gpu.map(Kernels.triad().with("s", 3f), y, x, y);  // y = y + 3 * x, in place, still on the device
 *     float[] result = y.toFloatArray();                 // the one trip back
 * }
 * }</pre>
 *
 * <p>Made by {@link ParallelMap#allocate} or {@link ParallelMap#upload(float[])}: on a backend with memory of
 * its own (an OpenCL device) it is that device's memory; otherwise native host memory, which the CPU
 * backends compute on directly. Close it to free the memory at once (try-with-resources); any use after
 * that throws {@link IllegalStateException}. Thread-safe.
 */
public final class DeviceArray implements AutoCloseable {
    private final Type type;
    private final long length;
    /** The device's memory, or null for host memory. */
    private final DeviceBuffer device;
    private final Arena arena;
    private final MemorySegment host;
    private volatile boolean closed;

    private DeviceArray(Type type, long length, DeviceBuffer device, Arena arena, MemorySegment host) {
        this.type = type;
        this.length = length;
        this.device = device;
        this.arena = arena;
        this.host = host;
    }

    static DeviceArray onDevice(DeviceBuffer buffer) {
        return new DeviceArray(buffer.type(), buffer.length(), buffer, null, null);
    }

    static DeviceArray onHost(Type type, long length) {
        Arena arena = Arena.ofShared();
        return new DeviceArray(type, length, null, arena, arena.allocate(4 * length, 64));
    }

    /** {@link Type#FLOAT} or {@link Type#PIXEL} (packed ARGB ints). */
    public Type type() {
        return type;
    }

    /** The number of elements. */
    public long length() {
        return length;
    }

    /** Where the elements are: "host memory", or a device such as "opencl:0 (NVIDIA H100 80GB HBM3)". */
    public String where() {
        return device == null ? "host memory" : device.where();
    }

    /** Whether the memory is a device's rather than the host's. */
    public boolean onDevice() {
        return device != null;
    }

    public boolean isClosed() {
        return device == null ? closed : device.isClosed();
    }

    /** Copies {@code values}, of exactly {@link #length()} floats, into this array. */
    public void copyFrom(float[] values) {
        write(Type.FLOAT, values == null ? null : Operand.of(values), "values");
    }

    /** Copies {@code pixels}, of exactly {@link #length()} packed ARGB ints, into this array. */
    public void copyFrom(int[] pixels) {
        write(Type.PIXEL, pixels == null ? null : Operand.of(pixels), "pixels");
    }

    /** Copies another array of the same type and length into this one; on one device, without passing through the host. */
    public void copyFrom(DeviceArray other) {
        if (other == null) {
            throw new IllegalArgumentException("the array to copy from is null");
        }
        other.checkOpen();
        checkOpen();
        if (other.type != type || other.length != length) {
            throw new IllegalArgumentException("cannot copy " + other.describe() + " into " + describe() + ": type and length must match");
        }
        if (device != null && other.device != null && device.where().equals(other.device.where())) {
            device.copyFrom(other.device);
        } else if (device == null && other.device == null) {
            host.copyFrom(other.host);
        } else if (device == null) {
            other.device.read(new Operand.Segment(host));
        } else if (other.device == null) {
            device.write(new Operand.Segment(other.host));
        } else {
            try (Arena staging = Arena.ofConfined()) {
                var between = new Operand.Segment(staging.allocate(4 * length, 64));
                other.device.read(between);
                device.write(between);
            }
        }
    }

    /** Copies this array into {@code values}, of exactly {@link #length()} floats. */
    public void copyTo(float[] values) {
        read(Type.FLOAT, values == null ? null : Operand.of(values), "values");
    }

    /** Copies this array into {@code pixels}, of exactly {@link #length()} ints. */
    public void copyTo(int[] pixels) {
        read(Type.PIXEL, pixels == null ? null : Operand.of(pixels), "pixels");
    }

    /** The elements, as a new {@code float[]}. */
    public float[] toFloatArray() {
        float[] values = new float[Math.toIntExact(checkedArrayLength())];
        copyTo(values);
        return values;
    }

    /** The elements, as a new {@code int[]} of packed ARGB pixels. */
    public int[] toIntArray() {
        int[] pixels = new int[Math.toIntExact(checkedArrayLength())];
        copyTo(pixels);
        return pixels;
    }

    /** Frees the memory now; later calls do nothing. */
    @Override
    public void close() {
        if (device != null) {
            device.close();
        } else {
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    arena.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return describe() + (isClosed() ? " (closed)" : "");
    }

    /** The device memory, or null when this array is in host memory. */
    DeviceBuffer deviceBuffer() {
        checkOpen();
        return device;
    }

    /** The host memory as an operand; only for arrays in host memory. */
    MemorySegment hostSegment() {
        checkOpen();
        return host;
    }

    String describe() {
        return "a DeviceArray of " + length + " " + (type == Type.FLOAT ? "floats" : "pixels") + " in " + where();
    }

    void checkOpen() {
        if (isClosed()) {
            throw new IllegalStateException(describe() + " is closed");
        }
    }

    private long checkedArrayLength() {
        checkOpen();
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(describe() + " is too long for a Java array; copy it out in parts through a MemorySegment");
        }
        return length;
    }

    private void write(Type expected, Operand from, String what) {
        checkTransfer(expected, from, what);
        if (device != null) {
            device.write(from);
        } else {
            MemorySegment.copy(from.asSegment(), 0, host, 0, 4 * length);
        }
    }

    private void read(Type expected, Operand into, String what) {
        checkTransfer(expected, into, what);
        if (device != null) {
            device.read(into);
        } else {
            MemorySegment.copy(host, 0, into.asSegment(), 0, 4 * length);
        }
    }

    private void checkTransfer(Type expected, Operand array, String what) {
        if (array == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        checkOpen();
        if (expected != type) {
            throw new IllegalArgumentException(describe() + " holds " + (type == Type.FLOAT ? "floats (use a float[])" : "pixels (use an int[])"));
        }
        if (array.length() != length) {
            throw new IllegalArgumentException(what + " has " + array.length() + " elements but " + describe() + " has " + length);
        }
    }
}
