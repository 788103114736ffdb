package dev.quiver.gpu.opencl;

import java.util.Locale;

/**
 * One OpenCL device as the driver describes it.
 *
 * @param index         its number across all platforms, as in {@code opencl:N}
 * @param type          GPU, CPU, accelerator...
 * @param computeUnits  parallel compute units
 * @param globalMemory  bytes of device memory
 * @param localMemory   bytes of local (work-group shared) memory
 * @param maxAllocation the largest single buffer, in bytes
 * @param hostMemory    whether the device computes in the host's own memory (a CPU device, an integrated
 *                      GPU), so that a buffer can be the host's native memory itself rather than a copy
 */
public record OpenClDevice(int index, String platform, String name, String type, int computeUnits, long globalMemory,
        long localMemory, long maxAllocation, String version, String driver, boolean hostMemory) {

    /** One line for {@code quiver devices}. */
    public String describe() {
        return String.format(Locale.ROOT, "opencl:%d %s %s (%s): %d compute units, %s global%s, %s local, %s max buffer; %s, driver %s",
                index, type, name, platform, computeUnits, bytes(globalMemory), hostMemory ? " (the host's)" : "", bytes(localMemory),
                bytes(maxAllocation), version, driver);
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%d KiB", b >> 10);
    }
}
