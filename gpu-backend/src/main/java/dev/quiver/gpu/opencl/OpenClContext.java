package dev.quiver.gpu.opencl;

import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_MAP_READ;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_USE_HOST_PTR;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.CL_TRUE;

import dev.quiver.kernel.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * One device's OpenCL context and command queue, and its programs, built once per kernel and kept for
 * the life of the process. Calls are serialized per device: a {@code cl_kernel}'s arguments are state
 * that two threads must not set at once, and one queue keeps the device's work in order.
 */
final class OpenClContext {
    /** Division and square root correctly rounded, as Java's; nothing relaxed. */
    static final String BUILD_OPTIONS = "-cl-fp32-correctly-rounded-divide-sqrt";
    /**
     * Extra options for the device compiler, appended to {@link #BUILD_OPTIONS}: for a driver that needs
     * one. Options that relax the arithmetic break the promise that every backend gives the same bits.
     */
    static final String EXTRA_OPTIONS_PROPERTY = "quiver.opencl.options";
    /**
     * The largest buffer Quiver makes, in bytes, when it is less than the device's own limit: to leave room
     * for other users of a shared device (and to try the out-of-memory path on a device with plenty).
     */
    static final String MAX_ALLOCATION_PROPERTY = "quiver.opencl.maxAllocation";
    /**
     * {@code stretch} or {@code stride}: how a reduction's work-items share the elements, whatever the
     * device (see {@link #reduceInStretches}); for trying a GPU's way on a CPU device.
     */
    static final String REDUCE_BY_PROPERTY = "quiver.opencl.reduceBy";
    private static final Map<Integer, OpenClContext> CONTEXTS = new ConcurrentHashMap<>();
    /** Work-items per group for the element-wise and stencil kernels: a multiple of every GPU's SIMD width (32 or 64). */
    private static final long GROUP = 256;

    private final OpenClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_device_id id;
    private final Map<Built, cl_program> programs = new ConcurrentHashMap<>();
    /** One kernel object per built program, reused: calls are serialized, and arguments are set on every call. */
    private final Map<KernelName, cl_kernel> kernels = new ConcurrentHashMap<>();
    private final Map<cl_kernel, Long> groupSizes = new ConcurrentHashMap<>();
    private volatile cl_program stencils;
    private final BufferPool pool;

    private OpenClContext(OpenClDevice device, cl_device_id id) {
        this.device = device;
        this.id = id;
        int[] status = new int[1];
        this.context = CL.clCreateContext(null, 1, new cl_device_id[] {id}, null, null, status);
        check(status[0], "clCreateContext");
        this.queue = CL.clCreateCommandQueueWithProperties(context, id, null, status);
        check(status[0], "clCreateCommandQueue");
        this.pool = new BufferPool(this);
    }

    static OpenClContext of(OpenClDevice device) {
        return CONTEXTS.computeIfAbsent(device.index(), i -> new OpenClContext(device, deviceId(i)));
    }

    OpenClDevice device() {
        return device;
    }

    /** The device's {@code cl_device_id}, enumerated in the order {@link OpenClDevices#discover} numbers them. */
    private static cl_device_id deviceId(int index) {
        int[] count = new int[1];
        check(CL.clGetPlatformIDs(0, null, count), "clGetPlatformIDs");
        var platforms = new cl_platform_id[count[0]];
        check(CL.clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
        List<cl_device_id> all = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            int[] n = new int[1];
            if (CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n) != CL_SUCCESS || n[0] == 0) {
                continue;
            }
            var ids = new cl_device_id[n[0]];
            CL.clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            all.addAll(List.of(ids));
        }
        if (index >= all.size()) {
            throw new IllegalStateException("opencl:" + index + " is gone: the driver now lists " + all.size() + " devices");
        }
        return all.get(index);
    }

    /**
     * The program built for this device, from cache after the first time.
     *
     * @throws IllegalStateException with the device's build log if it does not build
     */
    cl_program program(Program program) {
        var key = new Built(program, options());
        cl_program built = programs.get(key);
        return built != null ? built : programs.computeIfAbsent(key,
                k -> build(program.reduction().isPresent() ? OpenClSource.ofReduction(program) : OpenClSource.of(program)));
    }

    private record Built(Program program, String options) {
    }

    private static String options() {
        String extra = System.getProperty(EXTRA_OPTIONS_PROPERTY, "").strip();
        return extra.isEmpty() ? BUILD_OPTIONS : BUILD_OPTIONS + " " + extra;
    }

    /** The kernel object of a built program, made once. */
    private cl_kernel kernel(cl_program program, String name) {
        return kernels.computeIfAbsent(new KernelName(program, name), k -> {
            int[] status = new int[1];
            cl_kernel kernel = CL.clCreateKernel(program, name, status);
            check(status[0], "clCreateKernel " + name);
            return kernel;
        });
    }

    private record KernelName(cl_program program, String name) {
    }

    /** The program of the stencil passes, built on first use. */
    synchronized cl_program stencilProgram() {
        if (stencils == null) {
            stencils = build(OpenClStencil.SOURCE);
        }
        return stencils;
    }

    cl_program build(String source) {
        int[] status = new int[1];
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, status);
        check(status[0], "clCreateProgramWithSource");
        String options = options();
        int built = CL.clBuildProgram(p, 1, new cl_device_id[] {id}, options, null, null);
        if (built != CL_SUCCESS) {
            String log = buildLog(p);
            CL.clReleaseProgram(p);
            throw new IllegalStateException("OpenCL could not build the kernel on " + device.name() + " ("
                    + CL.stringFor_errorCode(built) + ", options '" + options + "'):\n" + log + "\nsource:\n" + source);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(p, id, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(p, id, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, 0, Math.max(0, log.length - 1), java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    /**
     * Runs {@code program} over {@code n} elements: each input copied to the device, the kernel run, the
     * output copied back into {@code out}; on a device that computes in the host's memory, native
     * segments are used where they are instead of copied. The staging buffers go back to the pool.
     */
    synchronized void map(Program program, List<HostArray> inputs, HostArray out, float[] params, long n) {
        if (n == 0) {
            return;
        }
        if (out.copy()) {
            throw new IllegalArgumentException("OpenCL cannot write into a heap segment that is not an array; pass the array or native memory");
        }
        try (var lease = pool.lease()) {
            // An output that is also an input (BabelStream's nstream) is staged: two buffers over one memory are undefined.
            boolean aliased = inputs.stream().anyMatch(i -> i.fixed() && i.address() == out.address());
            List<cl_mem> in = upload(inputs, lease, !aliased);
            boolean inPlace = !aliased && inPlace(out);
            cl_mem output = inPlace ? lease.over(CL_MEM_WRITE_ONLY | CL_MEM_USE_HOST_PTR, out.bytes(), out.pointer(), "the output")
                    : lease.take(out.bytes(), "the output");
            enqueueMap(program, in, output, params, n);
            if (inPlace) {
                // Mapping is what the standard promises makes the device's writes visible in the host's memory.
                int[] status = new int[1];
                var mapped = CL.clEnqueueMapBuffer(queue, output, true, CL_MAP_READ, 0, out.bytes(), 0, null, null, status);
                check(status[0], "clEnqueueMapBuffer");
                check(CL.clEnqueueUnmapMemObject(queue, output, mapped, 0, null, null), "clEnqueueUnmapMemObject");
                check(CL.clFinish(queue), "clFinish");
            } else {
                check(CL.clEnqueueReadBuffer(queue, output, CL_TRUE, 0, out.bytes(), out.pointer(), 0, null, null), "clEnqueueReadBuffer");
            }
        }
    }

    /** Runs {@code program} over buffers already on the device; returns when it has finished. */
    synchronized void map(Program program, List<OpenClBuffer> inputs, OpenClBuffer out, float[] params, long n) {
        if (n == 0) {
            return;
        }
        enqueueMap(program, inputs.stream().map(OpenClBuffer::mem).toList(), out.mem(), params, n);
        check(CL.clFinish(queue), "clFinish");
    }

    private void enqueueMap(Program program, List<cl_mem> inputs, cl_mem output, float[] params, long n) {
        cl_kernel kernel = kernel(program(program), OpenClSource.KERNEL_NAME);
        int arg = 0;
        for (cl_mem in : inputs) {
            check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(in)), "clSetKernelArg");
        }
        check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(output)), "clSetKernelArg");
        for (float p : params) {
            check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_float, Pointer.to(new float[] {p})), "clSetKernelArg");
        }
        check(CL.clSetKernelArg(kernel, arg, Sizeof.cl_long, Pointer.to(new long[] {n})), "clSetKernelArg");
        long group = groupSize(kernel);
        check(CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {roundUp(n, group)}, new long[] {group}, 0, null, null),
                "clEnqueueNDRangeKernel");
    }

    /**
     * Work-items per group: {@link #GROUP} or, for a kernel the device cannot run that many of at once, the
     * largest power of two it can. Left to the driver, the group size must divide the element count, and for a
     * count with no small factors that is 1: PoCL then squared 4,194,301 floats in 15 ms against 0.5 ms for
     * 4,194,304. The kernels return early past the last element, so the count is rounded up to whole groups.
     */
    private long groupSize(cl_kernel kernel) {
        return groupSizes.computeIfAbsent(kernel, k -> {
            long[] most = new long[1];
            check(CL.clGetKernelWorkGroupInfo(k, id, CL.CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(most), null),
                    "clGetKernelWorkGroupInfo");
            return Long.highestOneBit(Math.clamp(most[0], 1, GROUP));
        });
    }

    private static long roundUp(long n, long multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    /** A new device buffer of {@code bytes}, refused with a clear message when the device cannot hold it. */
    cl_mem buffer(long flags, long bytes, Pointer host, String what) {
        requireFits(bytes, what);
        int[] status = new int[1];
        // OpenCL has no empty buffers; an empty array gets the smallest one, which nothing reads.
        cl_mem mem = CL.clCreateBuffer(context, flags, Math.max(bytes, 4), bytes == 0 ? null : host, status);
        check(status[0], "clCreateBuffer of " + bytes + " bytes for " + what + " on opencl:" + device.index());
        return mem;
    }

    /** Refuses, with a clear message, a buffer larger than the device (or {@link #MAX_ALLOCATION_PROPERTY}) allows. */
    void requireFits(long bytes, String what) {
        long limit = maxAllocation();
        if (bytes > limit) {
            throw new IllegalStateException(what + " needs " + OpenClDevice.bytes(bytes) + " (" + bytes + " bytes), but opencl:" + device.index()
                    + " (" + device.name() + ") takes at most " + OpenClDevice.bytes(limit) + " in one buffer");
        }
    }

    long maxAllocation() {
        return Math.min(device.maxAllocation(), Long.getLong(MAX_ALLOCATION_PROPERTY, Long.MAX_VALUE));
    }

    /** Copies host memory into a device buffer; returns when done. */
    synchronized void write(OpenClBuffer to, HostArray from) {
        if (from.bytes() > 0) {
            check(CL.clEnqueueWriteBuffer(queue, to.mem(), CL_TRUE, 0, from.bytes(), from.pointer(), 0, null, null), "clEnqueueWriteBuffer");
        }
    }

    /** Copies a device buffer into host memory; returns when done. */
    synchronized void read(OpenClBuffer from, HostArray to) {
        if (to.bytes() > 0) {
            check(CL.clEnqueueReadBuffer(queue, from.mem(), CL_TRUE, 0, to.bytes(), to.pointer(), 0, null, null), "clEnqueueReadBuffer");
        }
    }

    /** Copies one device buffer into another on the device; returns when done. */
    synchronized void copy(OpenClBuffer from, OpenClBuffer to, long bytes) {
        if (bytes > 0) {
            check(CL.clEnqueueCopyBuffer(queue, from.mem(), to.mem(), 0, 0, bytes, 0, null, null), "clEnqueueCopyBuffer");
            check(CL.clFinish(queue), "clFinish");
        }
    }

    /** Runs {@code release} with no call of this device in progress. */
    synchronized void whileIdle(Runnable release) {
        release.run();
    }

    /**
     * Runs a separable stencil over a {@code width × height} image: the image and the taps copied to the
     * device, the two passes run, the result copied back into {@code out}.
     */
    synchronized void stencil(float[] taps, int[] in, int width, int height, int[] out) {
        long pixels = (long) width * height;
        try (var lease = pool.lease()) {
            cl_mem image = lease.take(4 * pixels, "the image");
            check(CL.clEnqueueWriteBuffer(queue, image, CL_TRUE, 0, 4 * pixels, Pointer.to(in), 0, null, null), "clEnqueueWriteBuffer");
            cl_mem tapBuffer = lease.take(4L * taps.length, "the taps");
            check(CL.clEnqueueWriteBuffer(queue, tapBuffer, CL_TRUE, 0, 4L * taps.length, Pointer.to(taps), 0, null, null), "clEnqueueWriteBuffer");
            cl_mem rows = lease.take(16 * pixels, "the horizontal pass");
            cl_mem result = lease.take(4 * pixels, "the result");
            cl_mem[][] passes = {{image, rows}, {rows, result}};
            String[] names = {OpenClStencil.HORIZONTAL, OpenClStencil.VERTICAL};
            for (int pass = 0; pass < 2; pass++) {
                cl_kernel kernel = kernel(stencilProgram(), names[pass]);
                check(CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(passes[pass][0])), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(passes[pass][1])), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 2, Sizeof.cl_mem, Pointer.to(tapBuffer)), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 3, Sizeof.cl_int, Pointer.to(new int[] {taps.length})), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 4, Sizeof.cl_int, Pointer.to(new int[] {width})), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 5, Sizeof.cl_int, Pointer.to(new int[] {height})), "clSetKernelArg");
                // Groups of one row's neighbouring pixels, for the reason in groupSize.
                long group = groupSize(kernel);
                long[] global = {roundUp(width, group), height};
                check(CL.clEnqueueNDRangeKernel(queue, kernel, 2, null, global, new long[] {group, 1}, 0, null, null),
                        "clEnqueueNDRangeKernel " + names[pass]);
            }
            check(CL.clEnqueueReadBuffer(queue, result, CL_TRUE, 0, 4 * pixels, Pointer.to(out), 0, null, null), "clEnqueueReadBuffer");
        }
    }

    /**
     * Runs a reduction program over {@code n} elements: one partial result per work-group on the device,
     * combined here in order ({@link dev.quiver.kernel.Reduction#combine}).
     */
    synchronized double reduce(Program program, List<HostArray> inputs, float[] params, long n) {
        if (n == 0) {
            return program.reduction().orElseThrow().identity();
        }
        try (var lease = pool.lease()) {
            return reduceOnDevice(program, upload(inputs, lease, true), params, n);
        }
    }

    /** The reduction over buffers already on the device. */
    synchronized double reduceResident(Program program, List<OpenClBuffer> inputs, float[] params, long n) {
        if (n == 0) {
            return program.reduction().orElseThrow().identity();
        }
        return reduceOnDevice(program, inputs.stream().map(OpenClBuffer::mem).toList(), params, n);
    }

    /**
     * Whether each work-item of a reduction takes a stretch of elements of its own, as on a CPU device, rather
     * than every global-size-th element, as on a GPU. A GPU runs neighbouring work-items together, so the
     * latter has them read neighbouring elements at once; a CPU device (PoCL) runs a group's work-items one
     * after another, so with the latter each swept the whole input: {@code dot} on 64 Mi floats took 794 ms on
     * PoCL, against 45 ms in stretches.
     */
    private boolean reduceInStretches() {
        return switch (System.getProperty(REDUCE_BY_PROPERTY, "")) {
            case "stretch" -> true;
            case "stride" -> false;
            default -> device.type().equals("CPU");
        };
    }

    private double reduceOnDevice(Program program, List<cl_mem> inputs, float[] params, long n) {
        var reduction = program.reduction().orElseThrow();
        int group = OpenClSource.REDUCE_GROUP;
        long groups = Math.min((n + group - 1) / group, (long) OpenClSource.REDUCE_GROUPS_PER_UNIT * Math.max(1, device.computeUnits()));
        try (var lease = pool.lease()) {
            cl_mem partials = lease.take(8 * groups, "the partial results");
            cl_kernel kernel = kernel(program(program), OpenClSource.REDUCE_NAME);
            int arg = 0;
            for (cl_mem in : inputs) {
                check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(in)), "clSetKernelArg");
            }
            check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(partials)), "clSetKernelArg");
            for (float p : params) {
                check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_float, Pointer.to(new float[] {p})), "clSetKernelArg");
            }
            check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_long, Pointer.to(new long[] {n})), "clSetKernelArg");
            long chunk = reduceInStretches() ? (n + groups * group - 1) / (groups * group) : 0;
            check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_long, Pointer.to(new long[] {chunk})), "clSetKernelArg");
            check(CL.clSetKernelArg(kernel, arg, (long) Sizeof.cl_double * group, null), "clSetKernelArg (local scratch)");
            check(CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {groups * group}, new long[] {group}, 0, null, null),
                    "clEnqueueNDRangeKernel");
            double[] results = new double[(int) groups];
            check(CL.clEnqueueReadBuffer(queue, partials, CL_TRUE, 0, 8 * groups, Pointer.to(results), 0, null, null), "clEnqueueReadBuffer");
            double total = reduction.identity();
            for (double r : results) {
                total = reduction.combine(total, r);
            }
            return total;
        }
    }

    /** Whether the device can compute on this host memory where it is, rather than on a copy. */
    private boolean inPlace(HostArray host) {
        return device.hostMemory() && host.fixed() && host.bytes() > 0;
    }

    /**
     * Each input in a buffer of the lease: copied into a staging buffer or, if {@code mayUseInPlace} and the
     * device can, its memory used where it is.
     */
    private List<cl_mem> upload(List<HostArray> inputs, BufferPool.Lease lease, boolean mayUseInPlace) {
        var uploaded = new ArrayList<cl_mem>(inputs.size());
        for (HostArray in : inputs) {
            if (mayUseInPlace && inPlace(in)) {
                uploaded.add(lease.over(CL_MEM_READ_ONLY | CL_MEM_USE_HOST_PTR, in.bytes(), in.pointer(), "an input"));
            } else {
                cl_mem staged = lease.take(in.bytes(), "an input");
                if (in.bytes() > 0) {
                    check(CL.clEnqueueWriteBuffer(queue, staged, CL_TRUE, 0, in.bytes(), in.pointer(), 0, null, null), "clEnqueueWriteBuffer");
                }
                uploaded.add(staged);
            }
        }
        return uploaded;
    }

    static void check(int status, String what) {
        if (status != CL_SUCCESS) {
            throw new IllegalStateException(what + " failed: " + CL.stringFor_errorCode(status));
        }
    }
}
