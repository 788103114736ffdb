package dev.quiver.gpu.opencl;

import dev.quiver.kernel.Program;
import dev.quiver.spi.Availability;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Executable;
import java.util.stream.Collectors;

/**
 * The {@code opencl} backend. This build finds and describes OpenCL devices, so {@code quiver devices}
 * shows what a machine has and why OpenCL is unusable where it is; compiling kernels to OpenCL C and
 * running them is not in this build yet, so the backend reports itself unusable and
 * {@code ParallelMap.auto()} never chooses it.
 */
public final class OpenClBackend implements Backend {

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public Availability availability() {
        var found = OpenClDevices.discover();
        if (!found.worked()) {
            return Availability.unavailable(found.problem());
        }
        String devices = found.devices().isEmpty() ? "no devices"
                : found.devices().stream().map(OpenClDevice::describe).collect(Collectors.joining("; "));
        return Availability.unavailable("running kernels on OpenCL is not in this build yet; found " + devices);
    }

    @Override
    public Executable prepare(Program program) {
        throw new UnsupportedOperationException("running kernels on OpenCL is not in this build yet");
    }
}
