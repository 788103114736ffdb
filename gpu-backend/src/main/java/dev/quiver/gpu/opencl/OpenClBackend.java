package dev.quiver.gpu.opencl;

import dev.quiver.kernel.Program;
import dev.quiver.kernel.Stencil;
import dev.quiver.kernel.Type;
import dev.quiver.spi.Availability;
import dev.quiver.spi.Backend;
import dev.quiver.spi.DeviceBuffer;
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
 * <p>It has memory of its own ({@link #allocate} gives device buffers that stay there across calls), so
 * {@code ParallelMap.auto()} sends host arrays here only when it has measured that the device wins with
 * the trip there and back counted; its priority is 0 so that it is never chosen merely by being present.
 * Reductions run as work-group trees in double, combined on the host.
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
                .map(d -> Availability.usable(d.describe()))
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

    /** Every device found, described as {@link #availability()} describes the one it picks. */
    @Override
    public List<String> targets() {
        return OpenClDevices.discover().devices().stream().map(OpenClDevice::describe).toList();
    }

    @Override
    public boolean ownMemory() {
        return true;
    }

    /** A CPU device or an integrated GPU: {@link OpenClContext} computes on native segments where they are. */
    @Override
    public boolean sharesHostMemory() {
        return device(OpenClDevices.discover().devices()).map(OpenClDevice::hostMemory).orElse(false);
    }

    @Override
    public Optional<DeviceBuffer> allocate(Type type, long length) {
        if (type != Type.FLOAT && type != Type.PIXEL) {
            throw new IllegalArgumentException("device arrays hold floats or pixels, not " + type);
        }
        try {
            return Optional.of(new OpenClBuffer(context(), this, type, length));
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private OpenClContext context() {
        OpenClDevice chosen = device(OpenClDevices.discover().devices())
                .orElseThrow(() -> new IllegalStateException("backend " + name() + " has no device"));
        return OpenClContext.of(chosen);
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
        OpenClContext context = context();
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

            @Override
            public void map(List<DeviceBuffer> inputs, DeviceBuffer output, float[] params) {
                context.map(program, buffers(inputs), buffer(output), params, output.length());
            }

            @Override
            public double reduce(List<DeviceBuffer> inputs, float[] params) {
                return context.reduceResident(program, buffers(inputs), params, inputs.getFirst().length());
            }

            private List<OpenClBuffer> buffers(List<DeviceBuffer> buffers) {
                return buffers.stream().map(this::buffer).toList();
            }

            private OpenClBuffer buffer(DeviceBuffer b) {
                if (b instanceof OpenClBuffer ours && ours.context() == context) {
                    return ours;
                }
                throw new IllegalArgumentException("an array on " + b.where() + " cannot be used on opencl:" + context.device().index());
            }
        };
    }

    /** Both passes on the device; the image goes there and back once per call. */
    @Override
    public Optional<StencilExecutable> prepare(Stencil stencil) {
        OpenClContext context = context();
        context.stencilProgram();
        float[] taps = stencil.taps();
        return Optional.of((in, width, height, out, threads) -> context.stencil(taps, in, width, height, out));
    }

    @Override
    public String plan(Program program, long length, int threads) {
        return "one work-item per element on " + device(OpenClDevices.discover().devices()).map(OpenClDevice::name).orElse("no device")
                + (sharesHostMemory() ? " (it shares the host's memory: native segments are used where they are, Java arrays are copied;"
                        : " (host arrays are copied there and back on each call;") + " DeviceArrays stay there)";
    }
}
