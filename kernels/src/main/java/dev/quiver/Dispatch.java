package dev.quiver;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Type;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Backends;
import dev.quiver.spi.DeviceBuffer;
import dev.quiver.spi.Executable;
import dev.quiver.spi.Invocation;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Whether {@link ParallelMap#auto()} sends a call on host arrays to a device (a backend with memory of
 * its own), decided by measurement: the device wins only if moving the data there and back plus running
 * the kernel there is expected to take less time than the CPU takes.
 *
 * <p>What is measured: for each device, the round-trip latency and the bandwidth to and from it (16 MiB
 * copies); for each kernel, its time per element on the CPU backend auto() would use (once that backend is
 * {@linkplain Executable#steady steady} for the call's kind of operands, which for a device with memory of
 * its own it is asked to become at once; after warming the JIT on small arrays) and, if the transfers alone
 * do not already rule the device out, on the device with the data already there. Measuring takes a
 * fraction of a second, once: the figures are kept for the life of the process and in a
 * {@linkplain FigureCache cache file} for the next one.
 * {@link ParallelMap#explain} prints them.
 *
 * <p>{@code -Dquiver.devices=never} keeps auto() on the CPU; {@code -Dquiver.devices=always} sends every
 * call a device can run there first (the CPU backends remain the fallback).
 */
final class Dispatch {
    /**
     * Calls below this many elements stay on the CPU without measuring anything: at 64 Ki floats the CPU
     * needs a few microseconds, less than one round trip through any OpenCL driver we have seen.
     */
    static final long DEVICE_MIN_ELEMENTS = 1 << 16;
    /** The most elements a measurement runs on: enough to stream from memory, small enough to be quick. */
    private static final int MEASURE_ELEMENTS = 1 << 22;
    private static final int TRANSFER_BYTES = 16 << 20;
    private static final long WARM_MIN_NANOS = 200_000_000L;
    private static final long WARM_MAX_NANOS = 2_000_000_000L;
    /** The longest a call waits for the CPU backend to compile a kernel, so that a device with memory of its own can be measured. */
    private static final long SETTLE_NANOS = 5_000_000_000L;
    /** A device must be expected to beat the CPU by this factor, so that noise does not flip the choice. */
    private static final double MARGIN = 0.9;

    private static final Map<Backend, Memo<Transfers>> TRANSFERS = new ConcurrentHashMap<>();
    private static final Map<Key, Memo<Double>> NANOS_PER_ELEMENT = new ConcurrentHashMap<>();
    /** Kernels the CPU backend did not finish compiling within {@link #SETTLE_NANOS} when asked to. */
    private static final Set<Key> UNSETTLED = ConcurrentHashMap.newKeySet();

    private Dispatch() {
    }

    /** How a device compares for one call: chosen or not, and the figures that say why. */
    record Verdict(Backend device, boolean wins, String reason) {
    }

    enum Mode { MEASURE, ALWAYS, NEVER }

    static Mode mode() {
        String value = System.getProperty("quiver.devices", "measure").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "always" -> Mode.ALWAYS;
            case "never" -> Mode.NEVER;
            default -> Mode.MEASURE;
        };
    }

    /** The usable backends with memory of their own that can run {@code program}, most preferred first. */
    static List<Backend> devices(Program program) {
        var devices = new ArrayList<Backend>(0);
        for (Backend b : Backends.all()) {
            if (b.ownMemory() && Backends.availability(b).usable() && b.unsupported(program).isEmpty()) {
                devices.add(b);
            }
        }
        return devices;
    }

    /**
     * Each device's verdict for a call of {@code length} elements, measuring what has not been measured
     * yet; {@code cpu} is the backend the call runs on otherwise.
     */
    static List<Verdict> verdicts(Program program, float[] params, long length, Backend cpu, Memory memory) {
        List<Backend> devices = devices(program);
        if (devices.isEmpty()) {
            return List.of();
        }
        var verdicts = new ArrayList<Verdict>(devices.size());
        for (Backend device : devices) {
            verdicts.add(verdict(device, program, params, length, cpu, memory));
        }
        return verdicts;
    }

    /** The device to try first for this call, if one is expected to win. */
    static Optional<Backend> choose(Program program, float[] params, long length, Backend cpu, Memory memory) {
        if (mode() == Mode.NEVER || (mode() == Mode.MEASURE && length < DEVICE_MIN_ELEMENTS)) {
            return Optional.empty();
        }
        for (Verdict v : verdicts(program, params, length, cpu, memory)) {
            if (v.wins()) {
                return Optional.of(v.device());
            }
        }
        return Optional.empty();
    }

    private static Verdict verdict(Backend device, Program program, float[] params, long length, Backend cpu, Memory memory) {
        return switch (mode()) {
            case NEVER -> new Verdict(device, false, "devices are off (-Dquiver.devices=never)");
            case ALWAYS -> new Verdict(device, true, "tried first for every call (-Dquiver.devices=always)");
            case MEASURE -> measured(device, program, params, length, cpu, memory);
        };
    }

    private static Verdict measured(Backend device, Program program, float[] params, long length, Backend cpu, Memory memory) {
        if (length < DEVICE_MIN_ELEMENTS) {
            return new Verdict(device, false, String.format(Locale.ROOT,
                    "not measured: calls under %,d elements stay on the CPU, which needs less time than a device round trip", DEVICE_MIN_ELEMENTS));
        }
        if (cpu == null) {
            return new Verdict(device, true, "no CPU backend can run this kernel");
        }
        Transfers transfers;
        double cpuNanos;
        try {
            if (!knownOrSteady(cpu, program, params, memory) && (device.sharesHostMemory() || !settled(cpu, program, params, memory))) {
                return new Verdict(device, false, "not measured yet: " + cpu.name() + " is still compiling this kernel, and calls stay"
                        + " there until it has (timing it now would say nothing about later calls)");
            }
            transfers = transfers(device);
            cpuNanos = nanosPerElement(cpu, program, params, memory);
        } catch (RuntimeException e) {
            return new Verdict(device, false, "measuring failed: " + e.getMessage());
        }
        // A device that shares the host's memory computes on a resident call's segments where they are: a round trip, no copies.
        boolean copies = !(memory == Memory.RESIDENT && device.sharesHostMemory());
        long bytesIn = copies ? 4L * program.inputs().size() * length : 0;
        long bytesOut = copies && program.reduction().isEmpty() ? 4L * length : 0;
        double moving = transfers.latencyNanos() + bytesIn / transfers.toDeviceBytesPerNano() + bytesOut / transfers.fromDeviceBytesPerNano();
        String movingFigures = copies ? transfers.toString()
                : String.format(Locale.ROOT, "round trip %s; the device shares the host's memory and computes on these segments where they are",
                        time(transfers.latencyNanos()));
        double onCpu = cpuNanos * length;
        String cpuFigure = String.format(Locale.ROOT, "%s %.3f ns/element → %s", cpu.name(), cpuNanos, time(onCpu));
        if (moving >= onCpu * MARGIN) {
            return new Verdict(device, false, "measured to lose: moving the data takes " + time(moving) + " (" + movingFigures + "), " + cpuFigure);
        }
        double deviceNanos;
        try {
            deviceNanos = nanosPerElement(device, program, params, memory);
        } catch (RuntimeException e) {
            return new Verdict(device, false, "could not run it to measure: " + e.getMessage());
        }
        double onDevice = moving + deviceNanos * length;
        String figures = String.format(Locale.ROOT, "%s: moving the data %s (%s) + kernel %.3f ns/element; %s",
                time(onDevice), time(moving), movingFigures, deviceNanos, cpuFigure);
        boolean wins = onDevice < onCpu * MARGIN;
        return new Verdict(device, wins, (wins ? "measured to win, " : "measured to lose, ") + figures);
    }

    /** A device's measured transfer costs. */
    record Transfers(double latencyNanos, double toDeviceBytesPerNano, double fromDeviceBytesPerNano) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "round trip %s, to device %.1f GB/s, back %.1f GB/s",
                    time(latencyNanos), toDeviceBytesPerNano, fromDeviceBytesPerNano);
        }
    }

    static Transfers transfers(Backend device) {
        return TRANSFERS.computeIfAbsent(device, d -> new Memo<>(() -> {
            String key = "transfers " + FigureCache.identity(d);
            var cached = FigureCache.get(key);
            if (cached.isPresent() && cached.get().length == 3) {
                double[] f = cached.get();
                return new Transfers(f[0], f[1], f[2]);
            }
            Transfers t = measureTransfers(d);
            FigureCache.put(key, t.latencyNanos(), t.toDeviceBytesPerNano(), t.fromDeviceBytesPerNano());
            return t;
        })).get();
    }

    private static Transfers measureTransfers(Backend device) {
        int elements = TRANSFER_BYTES / 4;
        try (Arena arena = Arena.ofConfined();
             DeviceBuffer big = allocate(device, Type.FLOAT, elements);
             DeviceBuffer tiny = allocate(device, Type.FLOAT, 1)) {
            var host = new Operand.Segment(arena.allocate(TRANSFER_BYTES, 64));
            var word = new Operand.Segment(arena.allocate(4, 4));
            long up = Long.MAX_VALUE;
            long down = Long.MAX_VALUE;
            long roundTrip = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                long t0 = System.nanoTime();
                big.write(host);
                long t1 = System.nanoTime();
                big.read(host);
                long t2 = System.nanoTime();
                tiny.write(word);
                tiny.read(word);
                long t3 = System.nanoTime();
                up = Math.min(up, t1 - t0);
                down = Math.min(down, t2 - t1);
                roundTrip = Math.min(roundTrip, t3 - t2);
            }
            return new Transfers(roundTrip, TRANSFER_BYTES / (double) up, TRANSFER_BYTES / (double) down);
        }
    }

    /**
     * Where a call's host arrays are. The CPU is measured on the same kind, because the JIT compiles a
     * kernel's loop for Java arrays and for native segments separately, and measuring on the kind a program
     * never uses would cost it time and distort what the JIT learns about its own calls. A device that
     * {@linkplain Backend#sharesHostMemory() shares the host's memory} moves nothing for a call that is
     * wholly {@link #RESIDENT}.
     */
    enum Memory {
        /** Java arrays. */
        HEAP,
        /** Some native segments. */
        NATIVE,
        /** Native segments only, and no output that is also an input: where a device sharing the host's memory computes in place. */
        RESIDENT;

        static Memory of(List<Operand> inputs, Operand output, boolean outputIsAnInput) {
            boolean anyNative = false;
            boolean allNative = true;
            for (int i = 0; i <= inputs.size(); i++) {
                Operand o = i < inputs.size() ? inputs.get(i) : output;
                if (o != null) {
                    boolean isNative = o instanceof Operand.Segment s && s.segment().isNative();
                    anyNative |= isNative;
                    allNative &= isNative;
                }
            }
            return allNative && !outputIsAnInput ? RESIDENT : anyNative ? NATIVE : HEAP;
        }

        /** The kind the CPU is measured on for calls of this kind. */
        Memory onCpu() {
            return this == HEAP ? HEAP : NATIVE;
        }
    }

    /** Whether the CPU's time for the program is known, or can be measured now because its executable is steady. */
    private static boolean knownOrSteady(Backend cpu, Program program, float[] params, Memory calls) {
        Memory memory = calls.onCpu();
        return NANOS_PER_ELEMENT.containsKey(new Key(cpu, program, memory))
                || cpu.prepare(program).steady(Invocation.like(program, params, memory == Memory.NATIVE))
                || FigureCache.get(kernelKey(cpu, program, memory)).isPresent();
    }

    /**
     * Has the CPU backend compile the kernel now, rather than once calls have paid for it, and waits for that
     * up to {@link #SETTLE_NANOS}: for a device with memory apart from the host's (a discrete GPU), which may
     * win by a wide margin, and which a short process (a command-line run) would otherwise never measure, nor
     * cache the figures of for the next one. A device that shares the host's memory (PoCL) is not worth it:
     * the CPU backend runs the same code there.
     */
    private static boolean settled(Backend cpu, Program program, float[] params, Memory memory) {
        var key = new Key(cpu, program, memory.onCpu());
        if (UNSETTLED.contains(key)) {
            return false; // waited once already: later calls go on without waiting, and measure if it settles after all
        }
        Executable executable = cpu.prepare(program);
        Invocation like = Invocation.like(program, params, memory.onCpu() == Memory.NATIVE);
        executable.warm(like);
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (!executable.steady(like)) {
            if (System.nanoTime() > deadline) {
                UNSETTLED.add(key);
                return false;
            }
            LockSupport.parkNanos(10_000_000L);
        }
        return true;
    }

    private static String kernelKey(Backend backend, Program program, Memory memory) {
        return "kernel " + FigureCache.identity(backend) + " " + memory + " " + program;
    }

    /** Time per element of {@code program} on {@code backend}, measured once per process (and kept in the cache file). */
    static double nanosPerElement(Backend backend, Program program, float[] params, Memory memory) {
        Memory where = backend.ownMemory() ? Memory.NATIVE : memory.onCpu(); // a device computes on its own buffers either way
        return NANOS_PER_ELEMENT.computeIfAbsent(new Key(backend, program, where), k -> new Memo<>(() -> {
            String key = kernelKey(backend, program, where);
            var cached = FigureCache.get(key);
            if (cached.isPresent() && cached.get().length == 1) {
                return cached.get()[0];
            }
            double nanos = backend.ownMemory() ? measureOnDevice(backend, program, params) : measureOnCpu(backend, program, params, where);
            FigureCache.put(key, nanos);
            return nanos;
        })).get();
    }

    /** The best of four calls on buffers already on the device; the first includes building the kernel. */
    private static double measureOnDevice(Backend device, Program program, float[] params) {
        Executable executable = device.prepare(program);
        int inputs = program.inputs().size();
        boolean reducing = program.reduction().isPresent();
        var buffers = new ArrayList<DeviceBuffer>(inputs + 1);
        try (Arena arena = Arena.ofConfined()) {
            for (int i = 0; i < inputs; i++) {
                DeviceBuffer b = allocate(device, program.inputs().get(i).type(), MEASURE_ELEMENTS);
                buffers.add(b);
                b.write(scratch(program.inputs().get(i).type(), Memory.NATIVE, arena));
            }
            DeviceBuffer out = reducing ? null : allocate(device, program.outputType(), MEASURE_ELEMENTS);
            if (out != null) {
                buffers.add(out);
            }
            List<DeviceBuffer> in = List.copyOf(buffers.subList(0, inputs));
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                long t0 = System.nanoTime();
                if (reducing) {
                    executable.reduce(in, params);
                } else {
                    executable.map(in, out, params);
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
            return best / (double) MEASURE_ELEMENTS;
        } finally {
            buffers.forEach(DeviceBuffer::close);
        }
    }

    /**
     * The CPU's time per element once the JIT has compiled the kernel's loop: calls on small slices for at
     * least {@link #WARM_MIN_NANOS}, until 50 in a row bring no improvement of 10% (a loop still
     * interpreted runs at a steady 20-50 times its compiled time, so a shorter wait would measure that), at
     * most {@link #WARM_MAX_NANOS}; then the best of five calls on whole arrays, which stream from memory.
     */
    private static double measureOnCpu(Backend cpu, Program program, float[] params, Memory memory) {
        Executable executable = cpu.prepare(program);
        int threads = Runtime.getRuntime().availableProcessors();
        try (Arena arena = Arena.ofShared()) {
            var inputs = new ArrayList<Operand>();
            for (var input : program.inputs()) {
                inputs.add(scratch(input.type(), memory, arena));
            }
            Operand output = program.reduction().isPresent() ? null : scratch(program.outputType(), memory, arena);
            int small = 1 << 20; // large enough to be split across the threads, so that the splitting is compiled too
            var smallCall = new Invocation(inputs.stream().map(o -> slice(o, small)).toList(), output == null ? null : slice(output, small),
                    params, threads);
            long start = System.nanoTime();
            long best = Long.MAX_VALUE;
            int sinceImproved = 0;
            while (System.nanoTime() - start < WARM_MAX_NANOS && (System.nanoTime() - start < WARM_MIN_NANOS || sinceImproved < 50)) {
                long t = time(executable, smallCall);
                if (t < best * 0.9) {
                    sinceImproved = 0;
                } else {
                    sinceImproved++;
                }
                best = Math.min(best, t);
            }
            var call = new Invocation(inputs, output, params, threads);
            long whole = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                whole = Math.min(whole, time(executable, call));
            }
            return whole / (double) MEASURE_ELEMENTS;
        }
    }

    private static long time(Executable executable, Invocation call) {
        long t0 = System.nanoTime();
        if (call.output() == null) {
            executable.reduce(call);
        } else {
            executable.map(call);
        }
        return System.nanoTime() - t0;
    }

    private static Operand slice(Operand operand, int elements) {
        return switch (operand) {
            case Operand.FloatArray a -> new Operand.FloatArray(a.array(), 0, elements);
            case Operand.IntArray a -> new Operand.IntArray(a.array(), 0, elements);
            case Operand.Segment s -> new Operand.Segment(s.segment().asSlice(0, 4L * elements));
        };
    }

    /** Scratch data that no kernel finds special, 0.5 as floats or mid-grey opaque pixels, in Java arrays or native memory. */
    private static Operand scratch(Type type, Memory memory, Arena arena) {
        if (type == Type.PIXEL) {
            int[] pixels = new int[MEASURE_ELEMENTS];
            Arrays.fill(pixels, 0xff808080);
            return memory == Memory.HEAP ? Operand.of(pixels) : new Operand.Segment(arena.allocateFrom(ValueLayout.JAVA_INT, pixels));
        }
        float[] floats = new float[MEASURE_ELEMENTS];
        Arrays.fill(floats, 0.5f);
        return memory == Memory.HEAP ? Operand.of(floats) : new Operand.Segment(arena.allocateFrom(ValueLayout.JAVA_FLOAT, floats));
    }

    private static DeviceBuffer allocate(Backend device, Type type, long length) {
        return device.allocate(type, length).orElseThrow(() -> new IllegalStateException(device.name() + " has no memory of its own"));
    }

    static String time(double nanos) {
        if (nanos >= 1e9) {
            return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        if (nanos >= 1e6) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    private record Key(Backend backend, Program program, Memory memory) {
    }

    /**
     * A value computed once, on first use, by whichever thread asks first; others wait for it. A failure
     * is kept as well: measuring again would fail again, and slowly.
     */
    private static final class Memo<T> {
        private final Supplier<T> supplier;
        private T value;
        private RuntimeException failure;
        private boolean done;

        Memo(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        synchronized T get() {
            if (!done) {
                try {
                    value = supplier.get();
                } catch (RuntimeException e) {
                    failure = e;
                }
                done = true;
            }
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }
}
