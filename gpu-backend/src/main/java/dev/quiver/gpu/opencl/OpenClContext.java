package dev.quiver.gpu.opencl;

import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
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
    private static final Map<Integer, OpenClContext> CONTEXTS = new ConcurrentHashMap<>();

    private final OpenClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_device_id id;
    private final Map<Program, cl_program> programs = new ConcurrentHashMap<>();
    private volatile cl_program stencils;

    private OpenClContext(OpenClDevice device, cl_device_id id) {
        this.device = device;
        this.id = id;
        int[] status = new int[1];
        this.context = CL.clCreateContext(null, 1, new cl_device_id[] {id}, null, null, status);
        check(status[0], "clCreateContext");
        this.queue = CL.clCreateCommandQueueWithProperties(context, id, null, status);
        check(status[0], "clCreateCommandQueue");
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
        cl_program built = programs.get(program);
        return built != null ? built : programs.computeIfAbsent(program, this::build);
    }

    private cl_program build(Program program) {
        return build(program.reduction().isPresent() ? OpenClSource.ofReduction(program) : OpenClSource.of(program));
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
        int built = CL.clBuildProgram(p, 1, new cl_device_id[] {id}, BUILD_OPTIONS, null, null);
        if (built != CL_SUCCESS) {
            String log = buildLog(p);
            CL.clReleaseProgram(p);
            throw new IllegalStateException("OpenCL could not build the kernel on " + device.name() + " ("
                    + CL.stringFor_errorCode(built) + "):\n" + log + "\nsource:\n" + source);
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
     * output copied back into {@code out}. Every buffer is released before this returns, failed or not.
     */
    synchronized void map(Program program, List<HostArray> inputs, HostArray out, float[] params, long n) {
        if (n == 0) {
            return;
        }
        if (out.copy()) {
            throw new IllegalArgumentException("OpenCL cannot write into a heap segment that is not an array; pass the array or native memory");
        }
        int[] status = new int[1];
        List<cl_mem> buffers = new ArrayList<>();
        cl_kernel kernel = null;
        try {
            kernel = CL.clCreateKernel(program(program), OpenClSource.KERNEL_NAME, status);
            check(status[0], "clCreateKernel");
            int arg = uploadInputs(kernel, inputs, buffers);
            cl_mem output = CL.clCreateBuffer(context, CL_MEM_WRITE_ONLY, out.bytes(), null, status);
            check(status[0], "clCreateBuffer of " + out.bytes() + " bytes");
            buffers.add(output);
            check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(output)), "clSetKernelArg");
            for (float p : params) {
                check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_float, Pointer.to(new float[] {p})), "clSetKernelArg");
            }
            check(CL.clSetKernelArg(kernel, arg, Sizeof.cl_long, Pointer.to(new long[] {n})), "clSetKernelArg");
            check(CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {n}, null, 0, null, null), "clEnqueueNDRangeKernel");
            check(CL.clEnqueueReadBuffer(queue, output, CL_TRUE, 0, out.bytes(), out.pointer(), 0, null, null), "clEnqueueReadBuffer");
        } finally {
            if (kernel != null) {
                CL.clReleaseKernel(kernel);
            }
            buffers.forEach(CL::clReleaseMemObject);
        }
    }

    /**
     * Runs a separable stencil over a {@code width × height} image: the image and the taps copied to the
     * device, the two passes run, the result copied back into {@code out}.
     */
    synchronized void stencil(float[] taps, int[] in, int width, int height, int[] out) {
        int[] status = new int[1];
        long pixels = (long) width * height;
        List<cl_mem> buffers = new ArrayList<>();
        List<cl_kernel> kernels = new ArrayList<>();
        try {
            cl_mem image = CL.clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, 4 * pixels, Pointer.to(in), status);
            check(status[0], "clCreateBuffer of the image");
            buffers.add(image);
            cl_mem tapBuffer = CL.clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, 4L * taps.length, Pointer.to(taps), status);
            check(status[0], "clCreateBuffer of the taps");
            buffers.add(tapBuffer);
            cl_mem rows = CL.clCreateBuffer(context, org.jocl.CL.CL_MEM_READ_WRITE, 16 * pixels, null, status);
            check(status[0], "clCreateBuffer of " + 16 * pixels + " bytes for the horizontal pass");
            buffers.add(rows);
            cl_mem result = CL.clCreateBuffer(context, CL_MEM_WRITE_ONLY, 4 * pixels, null, status);
            check(status[0], "clCreateBuffer of the result");
            buffers.add(result);
            long[] global = {width, height};
            cl_mem[][] passes = {{image, rows}, {rows, result}};
            String[] names = {OpenClStencil.HORIZONTAL, OpenClStencil.VERTICAL};
            for (int pass = 0; pass < 2; pass++) {
                cl_kernel kernel = CL.clCreateKernel(stencilProgram(), names[pass], status);
                check(status[0], "clCreateKernel " + names[pass]);
                kernels.add(kernel);
                check(CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(passes[pass][0])), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(passes[pass][1])), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 2, Sizeof.cl_mem, Pointer.to(tapBuffer)), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 3, Sizeof.cl_int, Pointer.to(new int[] {taps.length})), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 4, Sizeof.cl_int, Pointer.to(new int[] {width})), "clSetKernelArg");
                check(CL.clSetKernelArg(kernel, 5, Sizeof.cl_int, Pointer.to(new int[] {height})), "clSetKernelArg");
                check(CL.clEnqueueNDRangeKernel(queue, kernel, 2, null, global, null, 0, null, null), "clEnqueueNDRangeKernel " + names[pass]);
            }
            check(CL.clEnqueueReadBuffer(queue, result, CL_TRUE, 0, 4 * pixels, Pointer.to(out), 0, null, null), "clEnqueueReadBuffer");
        } finally {
            kernels.forEach(CL::clReleaseKernel);
            buffers.forEach(CL::clReleaseMemObject);
        }
    }

    /**
     * Runs a reduction program over {@code n} elements: one partial result per work-group on the device,
     * combined here in order ({@link dev.quiver.kernel.Reduction#combine}).
     */
    synchronized double reduce(Program program, List<HostArray> inputs, float[] params, long n) {
        var reduction = program.reduction().orElseThrow();
        if (n == 0) {
            return reduction.identity();
        }
        int group = OpenClSource.REDUCE_GROUP;
        long groups = (n + group - 1) / group;
        int[] status = new int[1];
        List<cl_mem> buffers = new ArrayList<>();
        cl_kernel kernel = null;
        try {
            kernel = CL.clCreateKernel(program(program), OpenClSource.REDUCE_NAME, status);
            check(status[0], "clCreateKernel");
            int arg = uploadInputs(kernel, inputs, buffers);
            cl_mem partials = CL.clCreateBuffer(context, CL_MEM_WRITE_ONLY, 8 * groups, null, status);
            check(status[0], "clCreateBuffer of the partial results");
            buffers.add(partials);
            check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(partials)), "clSetKernelArg");
            for (float p : params) {
                check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_float, Pointer.to(new float[] {p})), "clSetKernelArg");
            }
            check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_long, Pointer.to(new long[] {n})), "clSetKernelArg");
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
        } finally {
            if (kernel != null) {
                CL.clReleaseKernel(kernel);
            }
            buffers.forEach(CL::clReleaseMemObject);
        }
    }

    /** Copies each input to a new device buffer (kept in {@code buffers} for release) and sets it as the next argument. */
    private int uploadInputs(cl_kernel kernel, List<HostArray> inputs, List<cl_mem> buffers) {
        int[] status = new int[1];
        int arg = 0;
        for (HostArray in : inputs) {
            cl_mem buffer = CL.clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, in.bytes(), in.pointer(), status);
            check(status[0], "clCreateBuffer of " + in.bytes() + " bytes");
            buffers.add(buffer);
            check(CL.clSetKernelArg(kernel, arg++, Sizeof.cl_mem, Pointer.to(buffer)), "clSetKernelArg");
        }
        return arg;
    }

    static void check(int status, String what) {
        if (status != CL_SUCCESS) {
            throw new IllegalStateException(what + " failed: " + CL.stringFor_errorCode(status));
        }
    }
}
