package dev.quiver.gpu.opencl;

import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_HOST_UNIFIED_MEMORY;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_SUCCESS;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Finds every OpenCL platform and device through JOCL, or says plainly why there are none: no
 * {@code libOpenCL} to load, or an ICD loader that finds no driver.
 */
public final class OpenClDevices {
    /** {@code CL_PLATFORM_NOT_FOUND_KHR}: the ICD loader found no driver. */
    private static final int PLATFORM_NOT_FOUND = -1001;

    private OpenClDevices() {
    }

    /**
     * The devices found, or why none could be.
     *
     * @param problem empty when discovery worked (even if it found no device)
     */
    public record Discovery(List<OpenClDevice> devices, String problem) {
        public boolean worked() {
            return problem.isEmpty();
        }
    }

    /**
     * {@code -Dquiver.opencl.sharedMemory=false} treats every device as having memory apart from the host's, as a
     * discrete GPU has: native segments are copied too, and dispatch treats the device as it would such a GPU.
     * For trying that path on a CPU device, and for measuring an integrated GPU's copies.
     */
    static final String SHARED_MEMORY_PROPERTY = "quiver.opencl.sharedMemory";

    /**
     * The devices, found once per process: each call of a kernel on a device asks which it is, and asking the
     * driver takes over 100 µs (PoCL), as long as the kernel itself on a GPU.
     */
    public static Discovery discover() {
        return Found.DISCOVERY;
    }

    private static final class Found {
        static final Discovery DISCOVERY = find();
    }

    private static Discovery find() {
        try {
            var signals = SignalHandlers.caught();
            CL.setExceptionsEnabled(false);
            int[] count = new int[1];
            int status = clGetPlatformIDs(0, null, count);
            if (status == PLATFORM_NOT_FOUND || status == CL_SUCCESS && count[0] == 0) {
                String vendors = System.getenv().getOrDefault("OCL_ICD_VENDORS", "/etc/OpenCL/vendors");
                return new Discovery(List.of(), "no OpenCL platform: the ICD loader found no driver in " + vendors
                        + " (install pocl-opencl-icd for CPUs, or a GPU vendor's driver)");
            }
            if (status != CL_SUCCESS) {
                return new Discovery(List.of(), "clGetPlatformIDs failed: " + CL.stringFor_errorCode(status));
            }
            var platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            var devices = new ArrayList<OpenClDevice>();
            for (cl_platform_id platform : platforms) {
                String platformName = platformString(platform, CL_PLATFORM_NAME);
                int[] n = new int[1];
                if (clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n) != CL_SUCCESS || n[0] == 0) {
                    continue;
                }
                var ids = new cl_device_id[n[0]];
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
                for (cl_device_id id : ids) {
                    String type = type(deviceLong(id, CL_DEVICE_TYPE));
                    // Deprecated since OpenCL 2.0 but still answered; a CPU device shares the host's memory whatever it says.
                    boolean hostMemory = (type.equals("CPU") || deviceInt(id, CL_DEVICE_HOST_UNIFIED_MEMORY) != 0)
                            && !"false".equals(System.getProperty(SHARED_MEMORY_PROPERTY));
                    devices.add(new OpenClDevice(devices.size(), platformName, deviceString(id, CL_DEVICE_NAME), type,
                            (int) deviceInt(id, CL_DEVICE_MAX_COMPUTE_UNITS), deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE),
                            deviceLong(id, CL_DEVICE_LOCAL_MEM_SIZE), deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                            deviceString(id, CL_DEVICE_VERSION), deviceString(id, CL_DRIVER_VERSION), hostMemory));
                }
            }
            SignalHandlers.warnIfTakenOver(signals); // the drivers have loaded and set up their devices
            return new Discovery(List.copyOf(devices), "");
        } catch (NoClassDefFoundError e) {
            return new Discovery(List.of(), "JOCL (org.jocl:jocl) is not on the class path, so OpenCL cannot be reached (" + e.getMessage() + ")");
        } catch (UnsatisfiedLinkError e) {
            return new Discovery(List.of(), "no OpenCL library to load (libOpenCL.so): install ocl-icd-opencl-dev and a driver such as"
                    + " pocl-opencl-icd (" + e.getMessage() + ")");
        } catch (LinkageError | RuntimeException e) {
            return new Discovery(List.of(), "OpenCL could not be loaded: " + e);
        }
    }

    private static String type(long bits) {
        if ((bits & CL_DEVICE_TYPE_GPU) != 0) {
            return "GPU";
        }
        if ((bits & CL_DEVICE_TYPE_CPU) != 0) {
            return "CPU";
        }
        if ((bits & CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return "accelerator";
        }
        return "device";
    }

    private static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(platform, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetPlatformInfo(platform, param, buffer.length, Pointer.to(buffer), null);
        return text(buffer);
    }

    private static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, buffer.length, Pointer.to(buffer), null);
        return text(buffer);
    }

    private static long deviceLong(cl_device_id device, int param) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        clGetDeviceInfo(device, param, 8, Pointer.to(b), null);
        return b.getLong(0);
    }

    private static long deviceInt(cl_device_id device, int param) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
        clGetDeviceInfo(device, param, 4, Pointer.to(b), null);
        return b.getInt(0);
    }

    private static String text(byte[] zeroTerminated) {
        int end = 0;
        while (end < zeroTerminated.length && zeroTerminated[end] != 0) {
            end++;
        }
        return new String(zeroTerminated, 0, end, StandardCharsets.UTF_8).strip();
    }
}
