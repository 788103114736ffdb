package dev.quiver.gpu.opencl;

import dev.quiver.kernel.Program;
import dev.quiver.kernel.Stencil;
import dev.quiver.spi.Availability;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Executable;
import dev.quiver.spi.Invocation;
import dev.quiver.spi.StencilExecutable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The {@code opencl} backend: kernels printed as OpenCL C ({@link OpenClSource}), built once per device
 * and run there, giving the reference's bits. {@code opencl} alone picks the first GPU, else the first
 * device; {@code opencl:N}, {@code opencl:gpu} and {@code opencl:cpu} pick one.
 *
 * <p>Its priority is 0, so {@code ParallelMap.auto()} does not choose it yet: whether a device wins
 * once the data's trip there and back is counted must be measured per device first, and that dispatch
 * is not in this build. Reductions run as work-group trees in double, combined on the host.
 */
public final class OpenClBackend implements Backend {
    private final String option;

    public OpenClBackend() {
        this(null);
    }

    private OpenClBackend(String option) {
        this.option = option;
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        var found = OpenClDevices.discover();
        if (!found.worked()) {
            return Availability.unavailable(found.problem());
        }
        return device(found.devices())
                .map(d -> Availability.usable(d.describe() + "; chosen only when asked for by name until dispatch measures transfers"))
                .orElseGet(() -> Availability.unavailable(found.devices().isEmpty() ? "no OpenCL devices"
                        : "no device matches '" + option + "'; the devices are opencl:0.." + (found.devices().size() - 1)));
    }

    /** {@code opencl:N}, {@code opencl:gpu} or {@code opencl:cpu}. */
    @Override
    public Backend configure(String option) {
        String o = option.toLowerCase(Locale.ROOT);
        if (!o.matches("\\d+|gpu|cpu|accelerator")) {
            throw new IllegalArgumentException("opencl takes a device number or type, as in opencl:0, opencl:gpu or opencl:cpu; got ':" + option + "'");
        }
        return new OpenClBackend(o);
    }

    private Optional<OpenClDevice> device(List<OpenClDevice> devices) {
        if (option == null) {
            return devices.stream().filter(type("GPU")).findFirst().or(() -> devices.stream().findFirst());
        }
        if (option.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(option);
            return index < devices.size() ? Optional.of(devices.get(index)) : Optional.empty();
        }
        return devices.stream().filter(type(option.toUpperCase(Locale.ROOT))).findFirst();
    }

    private static Predicate<OpenClDevice> type(String type) {
        return d -> d.type().equalsIgnoreCase(type);
    }

    @Override
    public Optional<String> unsupported(Program program) {
        return OpenClSource.unsupported(program);
    }

    /** Builds the kernel for the device now, so that a build failure falls back before any call. */
    @Override
    public Executable prepare(Program program) {
        OpenClSource.unsupported(program).ifPresent(why -> {
            throw new UnsupportedOperationException(why);
        });
        OpenClDevice chosen = device(OpenClDevices.discover().devices())
                .orElseThrow(() -> new IllegalStateException("backend " + name() + " has no device"));
        OpenClContext context = OpenClContext.of(chosen);
        context.program(program);
        return new Executable() {
            @Override
            public void map(Invocation call) {
                context.map(program, call.inputs().stream().map(HostArray::of).toList(), HostArray.of(call.output()), call.params(), call.length());
            }

            @Override
            public double reduce(Invocation call) {
                return context.reduce(program, call.inputs().stream().map(HostArray::of).toList(), call.params(), call.length());
            }
        };
    }

    /** Both passes on the device; the image goes there and back once per call. */
    @Override
    public Optional<StencilExecutable> prepare(Stencil stencil) {
        OpenClDevice chosen = device(OpenClDevices.discover().devices())
                .orElseThrow(() -> new IllegalStateException("backend " + name() + " has no device"));
        OpenClContext context = OpenClContext.of(chosen);
        context.stencilProgram();
        float[] taps = stencil.taps();
        return Optional.of((in, width, height, out, threads) -> context.stencil(taps, in, width, height, out));
    }

    @Override
    public String plan(Program program, long length, int threads) {
        return "one work-item per element on " + device(OpenClDevices.discover().devices()).map(OpenClDevice::name).orElse("no device")
                + ", data copied there and back on each call";
    }
}
