package dev.quiver.gpu.opencl;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Type;
import dev.quiver.spi.Backend;
import dev.quiver.spi.DeviceBuffer;
import java.lang.ref.Cleaner;
import org.jocl.CL;
import org.jocl.cl_mem;

/**
 * A buffer in an OpenCL device's memory. {@link #close()} releases it at once; one that is never closed
 * is released when it becomes unreachable, so a forgotten handle costs device memory only until the
 * next garbage collection. Closing waits for any call running on the device to finish.
 */
final class OpenClBuffer implements DeviceBuffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OpenClContext context;
    private final Backend backend;
    private final Type type;
    private final long length;
    private final cl_mem mem;
    private final Cleaner.Cleanable release;
    private volatile boolean closed;

    OpenClBuffer(OpenClContext context, Backend backend, Type type, long length) {
        this.context = context;
        this.backend = backend;
        this.type = type;
        this.length = length;
        this.mem = context.buffer(CL.CL_MEM_READ_WRITE, 4 * length, null, "an array of " + length + " elements");
        cl_mem toRelease = mem; // the cleaning action must not reach this object, or it would never become unreachable
        this.release = CLEANER.register(this, () -> CL.clReleaseMemObject(toRelease));
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public String where() {
        return "opencl:" + context.device().index() + " (" + context.device().name() + ")";
    }

    OpenClContext context() {
        return context;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /** The memory object; only while open. Callers hold the context's lock, so it cannot be released meanwhile. */
    cl_mem mem() {
        if (closed) {
            throw new IllegalStateException("a DeviceArray of " + length + " elements on " + where() + " is closed");
        }
        return mem;
    }

    @Override
    public void write(Operand from) {
        context.write(this, HostArray.of(from));
    }

    @Override
    public void read(Operand into) {
        HostArray host = HostArray.of(into);
        if (host.copy()) {
            throw new IllegalArgumentException("OpenCL cannot write into a heap segment that is not an array; pass the array or native memory");
        }
        context.read(this, host);
    }

    @Override
    public void copyFrom(DeviceBuffer other) {
        if (!(other instanceof OpenClBuffer source) || source.context != context) {
            throw new IllegalArgumentException("cannot copy from " + other.where() + " to " + where() + " on the device");
        }
        context.copy(source, this, 4 * length);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        context.whileIdle(() -> {
            if (!closed) {
                closed = true;
                release.clean();
            }
        });
    }
}
