package dev.quiver.gpu.opencl;

import static org.jocl.CL.CL_MEM_READ_WRITE;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_mem;

/**
 * The device buffers that calls on host arrays stage their data in, kept after each call for the next
 * one: making a buffer costs more than filling it (on PoCL a fresh 64 MiB buffer took 15 ms of page
 * faults, filling one 6 ms). At most a capacity of bytes is kept, the least recently used released
 * first. Not thread-safe: its context serializes the calls that use it.
 */
final class BufferPool {
    private final OpenClContext context;
    private final long capacity;
    /** Most recently returned first. */
    private final LinkedList<Kept> free = new LinkedList<>();
    private long keptBytes;

    private record Kept(cl_mem mem, long bytes) {
    }

    /** A pool for {@code context} that keeps at most an eighth of the device's memory, and at most 1 GiB. */
    BufferPool(OpenClContext context) {
        this.context = context;
        this.capacity = Math.min(context.device().globalMemory() / 8, 1L << 30);
    }

    /** The buffers of one call, returned to the pool (or released) when it is closed. */
    Lease lease() {
        return new Lease();
    }

    final class Lease implements AutoCloseable {
        private final List<Kept> taken = new ArrayList<>(4);
        private final List<cl_mem> made = new ArrayList<>(0);

        /** A buffer of at least {@code bytes}, reused if the pool has one no more than twice as large. */
        cl_mem take(long bytes, String what) {
            context.requireFits(bytes, what);
            for (Iterator<Kept> it = free.iterator(); it.hasNext(); ) {
                Kept k = it.next();
                if (k.bytes() >= bytes && k.bytes() <= 2 * Math.max(bytes, 4)) {
                    it.remove();
                    keptBytes -= k.bytes();
                    taken.add(k);
                    return k.mem();
                }
            }
            long size = Math.max(bytes, 4);
            cl_mem mem = context.buffer(CL_MEM_READ_WRITE, size, null, what);
            taken.add(new Kept(mem, size));
            return mem;
        }

        /** A buffer over host memory ({@code CL_MEM_USE_HOST_PTR}), released at the end of the call. */
        cl_mem over(long flags, long bytes, Pointer host, String what) {
            cl_mem mem = context.buffer(flags, bytes, host, what);
            made.add(mem);
            return mem;
        }

        @Override
        public void close() {
            made.forEach(CL::clReleaseMemObject);
            for (Kept k : taken) {
                free.addFirst(k);
                keptBytes += k.bytes();
            }
            while (keptBytes > capacity) {
                Kept oldest = free.removeLast();
                keptBytes -= oldest.bytes();
                CL.clReleaseMemObject(oldest.mem());
            }
        }
    }
}
