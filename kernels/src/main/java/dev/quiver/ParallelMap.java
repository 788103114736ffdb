package dev.quiver;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Type;
import dev.quiver.spi.Availability;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Backends;
import dev.quiver.spi.Executable;
import dev.quiver.spi.Invocation;
import dev.quiver.tasks.Batch;
import dev.quiver.tasks.Checkpoint;
import dev.quiver.tasks.Progress;
import dev.quiver.tasks.Result;
import dev.quiver.tasks.Retry;
import dev.quiver.tasks.TaskClock;
import dev.quiver.tasks.TaskPool;
import dev.quiver.tasks.TaskSettings;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.stream.Stream;

/**
 * Runs kernels over arrays on the best backend present: one interface for SIMD lanes of every core,
 * OpenCL devices and thread pools.
 *
 * <pre>{@code
 * ParallelMap.auto().map(Kernels.square(), x, y);          // y[i] = x[i] * x[i]
 * double d = ParallelMap.on("simd").reduce(Kernels.dot(), a, b);
 * System.out.println(ParallelMap.auto().explain(Kernels.triad(), 1 << 26));
 * }</pre>
 *
 * <p>{@link #auto()} tries the usable backends that support a kernel in order of preference; if one fails
 * to prepare a kernel (or fails while running a call whose output overlaps no input), the call runs on
 * the next one and the reason is logged once. {@link #on(String)} runs on the named backend only.
 *
 * <p>Inputs and outputs are {@code float[]} (float kernels), {@code int[]} (packed ARGB pixel kernels)
 * or {@link MemorySegment}s of 4-byte elements in native byte order, off-heap for data past 2^31
 * elements; segments of a confined {@link java.lang.foreign.Arena} are processed on the calling thread
 * alone, as only it may touch them. All arrays of a call have the same length. The output may be the very same array (same
 * range) as an input, for an in-place update, but may not partly overlap one. Arguments are checked
 * before anything is computed: a bad call throws {@link IllegalArgumentException} naming the argument
 * and writes nothing.
 *
 * <p><b>Batches of plain Java functions.</b> {@link #map(List, Function)} and its relatives apply a
 * function to every item of a list: CPU-bound work on a work-stealing {@link TaskPool} sized to the
 * cores, I/O-bound work ({@link #io()}) on virtual threads, at most {@link #threads()} items at once.
 *
 * <pre>{@code
 * List<Integer> lengths = ParallelMap.auto().map(files, f -> Files.readString(f).length());
 * List<Result<URI, String>> pages = ParallelMap.io().withThreads(100)
 *         .withTimeout(Duration.ofSeconds(10))
 *         .withRetry(Retry.on(IOException.class))
 *         .mapResults(uris, this::fetch);
 * }</pre>
 *
 * <p>Each item runs exactly once (again only by an explicit {@link Retry}). By default every item runs
 * whatever the others do, and failures are collected: {@code mapResults} returns each item's
 * {@link Result}; {@code map}, {@code mapReduce} and {@code forEach} throw a {@link dev.quiver.tasks.BatchException}
 * holding them all once every item is done. {@link #failFast()} cancels the rest at the first failure
 * instead. A function may return {@code null}, which is a value like any other. A function may itself
 * run a batch (nesting): the calling thread always works on its own batch, so nested batches cannot
 * deadlock however busy the pool is.
 *
 * <p>A {@code ParallelMap} is immutable and thread-safe.
 */
public final class ParallelMap {
    private static final System.Logger LOG = System.getLogger("dev.quiver");
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
    /** Indices per chunk for plain Java functions, whose cost per element is unknown. */
    private static final long JAVA_GRAIN = 4096;

    private final Backend forced;
    private final List<Backend> forcedPlan;
    private final int threads;
    private final TaskSettings tasks;

    private ParallelMap(Backend forced, int threads, TaskSettings tasks) {
        this.forced = forced;
        this.forcedPlan = forced == null ? List.of() : List.of(forced);
        this.threads = threads;
        this.tasks = tasks;
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Chooses a backend per call: the most preferred usable one that supports the kernel. */
    public static ParallelMap auto() {
        return new ParallelMap(null, cores(), TaskSettings.defaults());
    }

    /** The default number of items an {@link #io()} batch runs at once. */
    public static final int IO_CONCURRENCY = 256;

    /**
     * For I/O-bound batches: each running item on a virtual thread of its own, at most
     * {@value #IO_CONCURRENCY} at once ({@link #withThreads} sets the limit), so thousands of slow calls
     * overlap as asyncio's would. Kernel calls run as with {@link #auto()}, on at most one thread per core.
     */
    public static ParallelMap io() {
        return new ParallelMap(null, IO_CONCURRENCY, TaskSettings.defaults().withIo());
    }

    /**
     * Runs every call on one backend, such as {@code "simd"}, {@code "threads"}, {@code "reference"},
     * {@code "simd:256"} (a vector width) or {@code "opencl:0"} (a device); {@code "auto"} is
     * {@link #auto()}.
     *
     * @throws IllegalArgumentException if no such backend is on the class path, or it cannot run here
     */
    public static ParallelMap on(String backend) {
        if ("auto".equals(backend)) {
            return auto();
        }
        Backend b = Backends.named(backend);
        Availability a = Backends.availability(b);
        if (!a.usable()) {
            throw new IllegalArgumentException("backend '" + backend + "' cannot run here: " + a.detail());
        }
        return new ParallelMap(b, cores(), TaskSettings.defaults());
    }

    /**
     * The same, using at most {@code threads} threads per call (the default is the number of cores), or
     * for batches, running at most {@code threads} items at once.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public ParallelMap withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new ParallelMap(forced, threads, tasks);
    }

    /** The same, running CPU-bound batch items on {@code pool} (the caller closes it) rather than the shared pool. */
    public ParallelMap withPool(TaskPool pool) {
        return new ParallelMap(forced, threads, tasks.withPool(pool));
    }

    /** The same, cancelling a batch's remaining items at its first failure (running ones are interrupted). */
    public ParallelMap failFast() {
        return new ParallelMap(forced, threads, tasks.withFailFast());
    }

    /**
     * The same, failing an attempt at an item with {@link java.util.concurrent.TimeoutException} once it
     * has run for {@code timeout}; the item's thread is interrupted then (a function that ignores
     * interrupts runs on, but its value is discarded).
     */
    public ParallelMap withTimeout(Duration timeout) {
        return new ParallelMap(forced, threads, tasks.withTimeout(timeout));
    }

    /** The same, calling a failed item's function again as {@code retry} says. */
    public ParallelMap withRetry(Retry retry) {
        return new ParallelMap(forced, threads, tasks.withRetry(retry));
    }

    /**
     * The same, telling {@code listener} how a batch is going: at most every 100 ms as items finish, and
     * once when the last one has. Calls never overlap; keep them short, as an item's thread makes them.
     */
    public ParallelMap withProgress(Consumer<Progress> listener) {
        return new ParallelMap(forced, threads, tasks.withProgress(listener));
    }

    /** The same, with {@code clock} timing progress and retry pauses (for tests and simulations). */
    public ParallelMap withClock(TaskClock clock) {
        return new ParallelMap(forced, threads, tasks.withClock(clock));
    }

    /**
     * {@code f} applied to every item, the values in input order.
     *
     * @throws IllegalArgumentException if {@code items} or {@code f} is null
     * @throws dev.quiver.tasks.BatchException if any item failed, once every item is done (or cancelled)
     * @throws java.util.concurrent.CancellationException if the calling thread was interrupted
     */
    public <T, R> List<R> map(List<? extends T> items, Function<? super T, ? extends R> f) {
        Batch<T, R> batch = Batch.start(items, f, tasks, threads, null, false, true);
        batch.runHere();
        return batch.values();
    }

    /** Each item's {@link Result}, in input order; never throws for a failed item. */
    public <T, R> List<Result<T, R>> mapResults(List<? extends T> items, Function<? super T, ? extends R> f) {
        return mapResults(items, f, null);
    }

    /**
     * As {@link #mapResults(List, Function)}, skipping the items {@code checkpoint}'s journal records as
     * done and recording each item that succeeds, so that a re-run after a crash resumes.
     */
    public <T, R> List<Result<T, R>> mapResults(List<? extends T> items, Function<? super T, ? extends R> f, Checkpoint<? super T> checkpoint) {
        Batch<T, R> batch = Batch.start(items, f, tasks, threads, checkpoint, false, true);
        batch.runHere();
        return batch.join();
    }

    /**
     * The results as items finish, for a caller that acts on each as soon as it is ready
     * (scatter-gather, like {@code as_completed}). The batch runs in the background from this call on;
     * close the stream (try-with-resources) to cancel what has not finished if you stop reading early.
     */
    public <T, R> Stream<Result<T, R>> mapUnordered(List<? extends T> items, Function<? super T, ? extends R> f) {
        return Batch.<T, R>start(items, f, tasks, threads, null, true, false).asCompleted();
    }

    /**
     * Starts a batch in the background and returns its handle, to {@linkplain Batch#join() join},
     * {@linkplain Batch#cancel() cancel} or ask its {@linkplain Batch#progress() progress}.
     */
    public <T, R> Batch<T, R> submit(List<? extends T> items, Function<? super T, ? extends R> f) {
        return Batch.start(items, f, tasks, threads, null, false, false);
    }

    /**
     * The values of {@code mapper} over every item, combined left to right in input order by
     * {@code combiner} (so it need not be commutative); empty for no items.
     *
     * @throws dev.quiver.tasks.BatchException if any item failed
     */
    public <T, R> Optional<R> mapReduce(List<? extends T> items, Function<? super T, ? extends R> mapper, BinaryOperator<R> combiner) {
        if (combiner == null) {
            throw new IllegalArgumentException("the combiner is null");
        }
        List<R> values = map(items, mapper);
        return values.stream().reduce(combiner);
    }

    /**
     * {@code action} run for every item.
     *
     * @throws dev.quiver.tasks.BatchException if any item failed, once every item is done (or cancelled)
     */
    public <T> void forEach(List<? extends T> items, Consumer<? super T> action) {
        forEach(items, action, null);
    }

    /** As {@link #forEach(List, Consumer)}, resumable: see {@link #mapResults(List, Function, Checkpoint)}. */
    public <T> void forEach(List<? extends T> items, Consumer<? super T> action, Checkpoint<? super T> checkpoint) {
        if (action == null) {
            throw new IllegalArgumentException("the action is null");
        }
        List<Result<T, Object>> results = mapResults(items, item -> {
            action.accept(item);
            return null;
        }, checkpoint);
        if (results.stream().anyMatch(r -> r instanceof Result.Failure)) {
            throw new dev.quiver.tasks.BatchException(new ArrayList<>(results));
        }
    }

    /** The most threads a call uses. */
    public int threads() {
        return threads;
    }

    /** Threads for kernel calls: an {@link #io()} map's concurrency limit is for batches, not cores. */
    private int kernelThreads() {
        return tasks.io() ? Math.min(threads, cores()) : threads;
    }

    /** The backend every call runs on, or {@code "auto"}. */
    public String backend() {
        return forced == null ? "auto" : forced.name();
    }

    /** {@code out[i] = kernel(x[i])}. */
    public void map(Kernel kernel, float[] x, float[] out) {
        run(kernel, new Object[] {x}, out, false);
    }

    /** {@code out[i] = kernel(a[i], b[i])}. */
    public void map(Kernel kernel, float[] a, float[] b, float[] out) {
        run(kernel, new Object[] {a, b}, out, false);
    }

    /** {@code out[i] = kernel(a[i], b[i], c[i])}. */
    public void map(Kernel kernel, float[] a, float[] b, float[] c, float[] out) {
        run(kernel, new Object[] {a, b, c}, out, false);
    }

    /** {@code out[i] = kernel(pixels[i])} for a pixel kernel over packed ARGB ints. */
    public void map(Kernel kernel, int[] pixels, int[] out) {
        run(kernel, new Object[] {pixels}, out, false);
    }

    /** Segments of 4-byte elements in native order: the kernel's inputs in order, then the output. */
    public void map(Kernel kernel, MemorySegment... inputsThenOutput) {
        if (inputsThenOutput == null || inputsThenOutput.length == 0) {
            throw new IllegalArgumentException("no segments given: pass the kernel's inputs, then the output");
        }
        run(kernel, Arrays.copyOf(inputsThenOutput, inputsThenOutput.length - 1, Object[].class),
                inputsThenOutput[inputsThenOutput.length - 1], false);
    }

    /** The reduction of the kernel's terms over all elements, such as {@code dot(a, b)}. */
    public double reduce(Kernel kernel, float[]... inputs) {
        return run(kernel, inputs == null ? null : Arrays.copyOf(inputs, inputs.length, Object[].class), null, true);
    }

    /** The reduction over segments of 4-byte floats in native order. */
    public double reduce(Kernel kernel, MemorySegment... inputs) {
        return run(kernel, inputs == null ? null : Arrays.copyOf(inputs, inputs.length, Object[].class), null, true);
    }

    /**
     * A new array of {@code length} elements (zeros) where this map computes: on the device of a backend
     * with memory of its own (such as {@code ParallelMap.on("opencl")}), otherwise in native host memory.
     * Close it when done.
     *
     * @throws IllegalArgumentException for a negative length, a type that is not FLOAT or PIXEL, or more
     *         than the device can hold in one array (the message says how much it can)
     */
    public DeviceArray allocate(Type type, long length) {
        if (type == null || type == Type.BOOL) {
            throw new IllegalArgumentException("a DeviceArray holds FLOAT or PIXEL elements, not " + type);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be at least 0, got " + length);
        }
        if (forced != null && forced.ownMemory()) {
            return DeviceArray.onDevice(forced.allocate(type, length)
                    .orElseThrow(() -> new IllegalStateException("backend '" + forced.name() + "' gave no memory")));
        }
        return DeviceArray.onHost(type, length);
    }

    /** A new {@link DeviceArray} holding a copy of {@code values}; see {@link #allocate}. */
    public DeviceArray upload(float[] values) {
        if (values == null) {
            throw new IllegalArgumentException("values is null");
        }
        DeviceArray array = allocate(Type.FLOAT, values.length);
        array.copyFrom(values);
        return array;
    }

    /** A new {@link DeviceArray} holding a copy of {@code pixels} (packed ARGB); see {@link #allocate}. */
    public DeviceArray upload(int[] pixels) {
        if (pixels == null) {
            throw new IllegalArgumentException("pixels is null");
        }
        DeviceArray array = allocate(Type.PIXEL, pixels.length);
        array.copyFrom(pixels);
        return array;
    }

    /**
     * The kernel over {@link DeviceArray}s, its inputs in order then the output, all in the same place:
     * on a device the call runs there (whatever backend this map is otherwise set to, if it is
     * {@link #auto()}) and no element crosses to the host; in host memory it runs like a segment call. If
     * the device fails, {@link #auto()} runs the call on the CPU from copies, unless it was in place.
     *
     * @throws IllegalArgumentException for arrays that are closed, of the wrong type or length, in
     *         different places, or on a device this map was not made for
     */
    public void map(Kernel kernel, DeviceArray... inputsThenOutput) {
        if (inputsThenOutput == null || inputsThenOutput.length == 0) {
            throw new IllegalArgumentException("no arrays given: pass the kernel's inputs, then the output");
        }
        resident(kernel, Arrays.copyOf(inputsThenOutput, inputsThenOutput.length - 1), inputsThenOutput[inputsThenOutput.length - 1], false);
    }

    /** The reduction of the kernel's terms over {@link DeviceArray}s; see {@link #map(Kernel, DeviceArray...)}. */
    public double reduce(Kernel kernel, DeviceArray... inputs) {
        return resident(kernel, inputs == null ? new DeviceArray[0] : inputs, null, true);
    }

    private double resident(Kernel kernel, DeviceArray[] inputs, DeviceArray output, boolean reducing) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel is null");
        }
        var all = new ArrayList<DeviceArray>(Arrays.asList(inputs));
        if (output != null) {
            all.add(output);
        }
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == null) {
                throw new IllegalArgumentException((i < inputs.length ? "input " + i : "the output") + " is null");
            }
            all.get(i).checkOpen();
        }
        DeviceArray first = all.getFirst();
        for (DeviceArray a : all) {
            if (!a.where().equals(first.where())) {
                throw new IllegalArgumentException("the arrays of one call must be in one place, but " + first.describe()
                        + " and " + a.describe() + " are not; copy one across with DeviceArray.copyFrom");
            }
        }
        if (!first.onDevice()) {
            Object[] segments = all.stream().map(DeviceArray::hostSegment).toArray();
            return run(kernel, Arrays.copyOf(segments, inputs.length), reducing ? null : segments[inputs.length], reducing);
        }
        Backend device = first.deviceBuffer().backend();
        if (forced != null && !forced.name().equals(device.name())) {
            throw new IllegalArgumentException("this map runs on " + forced.name() + " but " + first.describe()
                    + "; use ParallelMap.auto() or copy the data to the host");
        }
        // Check types and lengths as for any call, on host stand-ins of the right shape that nothing reads.
        check(kernel, all, inputs.length, reducing);
        List<dev.quiver.spi.DeviceBuffer> in = Arrays.stream(inputs).map(DeviceArray::deviceBuffer).toList();
        try {
            Executable executable = device.prepare(kernel.program());
            if (reducing) {
                return executable.reduce(in, kernel.paramValues());
            }
            executable.map(in, output.deviceBuffer(), kernel.paramValues());
            return 0;
        } catch (RuntimeException e) {
            boolean inPlace = output != null && Arrays.asList(inputs).contains(output);
            if (forced != null || inPlace) {
                throw new IllegalStateException("backend '" + device.name() + "' failed running kernel '" + kernel.name() + "' on "
                        + first.where() + (inPlace && forced == null ? " in place, so no other backend can retry it" : "") + ": " + e.getMessage(), e);
            }
            logOnce(device, kernel, "failed on its own memory", e);
            return onHostCopies(kernel, inputs, output, reducing, e);
        }
    }

    /** The fallback for a device that failed: the inputs copied to the host, run on the CPU, the output copied back. */
    private double onHostCopies(Kernel kernel, DeviceArray[] inputs, DeviceArray output, boolean reducing, RuntimeException cause) {
        try (var arena = java.lang.foreign.Arena.ofShared()) {
            Object[] host = new Object[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                MemorySegment s = arena.allocate(4 * inputs[i].length(), 64);
                inputs[i].deviceBuffer().read(new Operand.Segment(s));
                host[i] = s;
            }
            MemorySegment out = reducing ? null : arena.allocate(4 * output.length(), 64);
            var cpu = new ParallelMap(null, threads, tasks);
            double result = cpu.run(kernel, host, out, reducing);
            if (out != null) {
                output.deviceBuffer().write(new Operand.Segment(out));
            }
            return result;
        } catch (RuntimeException e) {
            e.addSuppressed(cause);
            throw new IllegalStateException("kernel '" + kernel.name() + "' failed on " + inputs[0].where() + " (" + cause.getMessage()
                    + ") and its data could not be run on the CPU instead: " + e.getMessage(), e);
        }
    }

    private static void check(Kernel kernel, List<DeviceArray> arrays, int inputs, boolean reducing) {
        if (reducing != kernel.isReduction()) {
            throw new IllegalArgumentException(reducing
                    ? "kernel '" + kernel.name() + "' is not a reduction: call map(kernel, inputs..., output)"
                    : "kernel '" + kernel.name() + "' is a reduction: call reduce(kernel, inputs...)");
        }
        Program program = kernel.program();
        List<String> names = kernel.inputNames();
        if (inputs != names.size()) {
            throw new IllegalArgumentException("kernel '" + kernel.name() + "' takes " + names.size() + " input"
                    + (names.size() == 1 ? "" : "s") + ", got " + inputs);
        }
        if (reducing && inputs == 0) {
            throw new IllegalArgumentException("kernel '" + kernel.name() + "' has no inputs, so there is nothing to reduce over");
        }
        for (int i = 0; i < arrays.size(); i++) {
            DeviceArray a = arrays.get(i);
            Type needed = i < inputs ? program.inputs().get(i).type() : program.outputType();
            String what = i < inputs ? "input '" + names.get(i) + "'" : "output";
            if (a.type() != needed) {
                throw new IllegalArgumentException("kernel '" + kernel.name() + "' needs " + needed.arrayName() + " elements for " + what
                        + ", but it is " + a.describe());
            }
            if (a.length() != arrays.getFirst().length()) {
                throw new IllegalArgumentException(what + " has " + a.length() + " elements but the first array has "
                        + arrays.getFirst().length() + "; kernel '" + kernel.name() + "' needs equal lengths");
            }
        }
    }

    /**
     * Applies a neighbourhood kernel such as {@link dev.quiver.kernel.Stencil#gaussian} to a
     * {@code width × height} image of packed ARGB pixels, row-major, into {@code out}. Every backend gives
     * the same bytes. With {@link #auto()}, the most preferred usable backend that runs neighbourhood
     * kernels runs it; if it fails, the next one does.
     *
     * @throws IllegalArgumentException for a null argument, a size that does not match the arrays, or
     *         {@code out} being {@code pixels} (each output pixel reads its neighbours' inputs)
     */
    public void map(dev.quiver.kernel.Stencil stencil, int[] pixels, int width, int height, int[] out) {
        if (stencil == null || pixels == null || out == null) {
            throw new IllegalArgumentException((stencil == null ? "stencil" : pixels == null ? "pixels" : "out") + " is null");
        }
        if (width < 1 || height < 1 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException("a " + width + " x " + height + " image has " + (long) width * height
                    + " pixels, but the pixel array has " + pixels.length);
        }
        if (out.length != pixels.length) {
            throw new IllegalArgumentException("out has " + out.length + " elements, pixels " + pixels.length);
        }
        if (out == pixels) {
            throw new IllegalArgumentException(stencil.name() + " cannot run in place: out must be another array than pixels");
        }
        List<Backend> plan = forced != null ? forcedPlan : Backends.all().stream()
                .filter(b -> Backends.availability(b).usable()).toList();
        RuntimeException last = null;
        for (Backend b : plan) {
            Optional<dev.quiver.spi.StencilExecutable> ready;
            try {
                ready = b.prepare(stencil);
            } catch (RuntimeException e) {
                if (forced != null) {
                    throw e;
                }
                logOnce(b.name() + "/" + stencil.name(), "backend " + b.name() + " could not prepare " + stencil + "; trying the next: " + e);
                last = e;
                continue;
            }
            if (ready.isEmpty()) {
                if (forced != null) {
                    throw new IllegalArgumentException("backend '" + b.name() + "' does not run neighbourhood kernels such as " + stencil.name());
                }
                continue;
            }
            try {
                ready.get().apply(pixels, width, height, out, kernelThreads());
                return;
            } catch (RuntimeException e) {
                if (forced != null) {
                    throw e;
                }
                logOnce(b.name() + "/" + stencil.name(), "backend " + b.name() + " failed running " + stencil + "; trying the next: " + e);
                last = e;
            }
        }
        throw new IllegalStateException("no backend could run " + stencil, last);
    }

    /**
     * {@code out[i] = f(in[i])} for a plain Java function, on the {@code threads} backend (or on the
     * calling thread if quiver-cpu is not on the class path). {@code f} must be safe to call from several
     * threads at once. If it throws, the exception propagates and the output is incomplete.
     */
    public void map(float[] in, FloatUnaryOperator f, float[] out) {
        checkJava(in, f, out, in == null ? 0 : in.length, out == null ? 0 : out.length);
        checkNotPartlyOverlapping(Operand.of(in), Operand.of(out));
        forEachChunk(in.length, (from, to) -> {
            for (int i = (int) from; i < to; i++) {
                out[i] = f.applyAsFloat(in[i]);
            }
        });
    }

    /** {@code out[i] = f(in[i])} for a plain Java function over ints; as the float version. */
    public void map(int[] in, IntUnaryOperator f, int[] out) {
        checkJava(in, f, out, in == null ? 0 : in.length, out == null ? 0 : out.length);
        checkNotPartlyOverlapping(Operand.of(in), Operand.of(out));
        forEachChunk(in.length, (from, to) -> {
            for (int i = (int) from; i < to; i++) {
                out[i] = f.applyAsInt(in[i]);
            }
        });
    }

    /**
     * Why this map cannot run {@code kernel}, if it cannot: for a map on one backend, that backend's
     * reason (such as "reductions on OpenCL are not in this build yet"); {@link #auto()} can run every kernel.
     */
    public Optional<String> unsupported(Kernel kernel) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel is null");
        }
        return forced == null ? Optional.empty() : forced.unsupported(kernel.program());
    }

    /** Which backend would run {@code kernel} on {@code length} elements of Java arrays, and why (measuring what a device choice needs). */
    public Explanation explain(Kernel kernel, long length) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel is null");
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be at least 0, got " + length);
        }
        return explain(kernel, length, Dispatch.Memory.HEAP);
    }

    /**
     * Which backend would run {@code kernel} on these segments (its inputs, then the output for a map; its
     * inputs for a reduction), and why. Native segments can be cheaper on a device than Java arrays: one that
     * shares the host's memory (an OpenCL CPU device) computes on them where they are.
     */
    public Explanation explain(Kernel kernel, MemorySegment... operands) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel is null");
        }
        int expected = kernel.inputNames().size() + (kernel.isReduction() ? 0 : 1);
        if (operands == null || operands.length != expected || Arrays.stream(operands).anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("kernel '" + kernel.name() + "' is explained on " + expected + " segment"
                    + (expected == 1 ? "" : "s") + (kernel.isReduction() ? " (its inputs)" : " (its inputs, then the output)")
                    + ", got " + (operands == null ? 0 : Arrays.stream(operands).filter(Objects::nonNull).count()));
        }
        List<Operand> all = Arrays.stream(operands).<Operand>map(Operand.Segment::new).toList();
        Operand output = kernel.isReduction() ? null : all.getLast();
        List<Operand> inputs = kernel.isReduction() ? all : all.subList(0, all.size() - 1);
        boolean outputIsAnInput = output != null && inputs.stream().anyMatch(i -> i.sameMemory(output));
        return explain(kernel, operands[0].byteSize() / 4, Dispatch.Memory.of(inputs, output, outputIsAnInput));
    }

    private Explanation explain(Kernel kernel, long length, Dispatch.Memory memory) {
        Program program = kernel.program();
        var plan = plan(program, kernel.paramValues(), length, memory);
        List<Dispatch.Verdict> verdicts = forced != null ? List.of()
                : Dispatch.verdicts(program, kernel.paramValues(), length, cpuPlan(program).stream().findFirst().orElse(null), memory);
        var candidates = new ArrayList<Explanation.Candidate>();
        for (Backend b : Backends.all()) {
            Availability a = Backends.availability(b);
            String role;
            String reason;
            Optional<Dispatch.Verdict> verdict = verdicts.stream().filter(v -> v.device() == b).findFirst();
            if (!a.usable()) {
                role = "skipped";
                reason = "unavailable: " + a.detail();
            } else if (b.unsupported(program).isPresent()) {
                role = "skipped";
                reason = "cannot run this kernel: " + b.unsupported(program).get();
            } else if (plan.contains(b)) {
                role = plan.getFirst() == b ? "chosen" : "fallback";
                String how = b.plan(program, length, kernelThreads());
                reason = a.detail() + (how.isEmpty() ? "" : "; " + how) + verdict.map(v -> "; " + v.reason()).orElse("");
            } else if (verdict.isPresent()) {
                role = "skipped";
                reason = verdict.get().reason();
            } else {
                role = "skipped";
                reason = forced != null ? "not the backend asked for (" + forced.name() + ")"
                        : "only runs when asked for by name (" + a.detail() + ")";
            }
            candidates.add(new Explanation.Candidate(b.name(), role, reason));
        }
        candidates.sort(java.util.Comparator.comparingInt(c -> switch (c.role()) {
            case "chosen" -> 0;
            case "fallback" -> 1;
            default -> 2;
        }));
        String chosen = plan.isEmpty() ? "nothing: no usable backend" : plan.getFirst().name();
        return new Explanation(kernel.name(), length, chosen, candidates);
    }

    /** The status of every backend on the class path, most preferred first. */
    public static List<BackendStatus> backends() {
        return Backends.all().stream().map(b -> {
            Availability a = Backends.availability(b);
            return new BackendStatus(b.name(), b.priority(), b.ownMemory(), a.usable(), a.detail(), a.usable() ? b.targets() : List.of());
        }).toList();
    }

    /**
     * One backend's status, for {@code quiver devices}.
     *
     * @param priority how strongly {@link #auto()} prefers it; 0 means only when named or, for a device,
     *                 when measured to win
     * @param device   whether it computes in memory of its own, so that {@link #auto()} sends host arrays
     *                 there only when it has measured that the device wins, transfers included
     * @param targets  the devices it can be pointed at, one line each, if more than one kind can be named
     */
    public record BackendStatus(String name, int priority, boolean device, boolean usable, String detail, List<String> targets) {
    }

    private double run(Kernel kernel, Object[] inputs, Object output, boolean reducing) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel is null");
        }
        if (reducing != kernel.isReduction()) {
            throw new IllegalArgumentException(reducing
                    ? "kernel '" + kernel.name() + "' is not a reduction: call map(kernel, inputs..., output)"
                    : "kernel '" + kernel.name() + "' is a reduction: call reduce(kernel, inputs...)");
        }
        Program program = kernel.program();
        List<String> names = kernel.inputNames();
        if (inputs == null || inputs.length != names.size()) {
            throw new IllegalArgumentException("kernel '" + kernel.name() + "' takes " + names.size() + " input"
                    + (names.size() == 1 ? "" : "s") + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")")
                    + ", got " + (inputs == null ? 0 : inputs.length));
        }
        // The common path builds no strings: messages are made only when something is wrong.
        var operands = new Operand[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            operands[i] = operand(kernel, i, program.inputs().get(i).type(), inputs[i]);
        }
        Operand out = reducing ? null : operand(kernel, -1, program.outputType(), output);
        if (out instanceof Operand.Segment s && s.segment().isReadOnly()) {
            throw new IllegalArgumentException("output segment is read-only");
        }
        checkLengths(kernel, names, operands, out);
        boolean inPlace = false;
        if (out != null) {
            for (int i = 0; i < operands.length; i++) {
                if (operands[i].overlaps(out)) {
                    if (!operands[i].sameMemory(out)) {
                        throw partlyOverlapping("input '" + names.get(i) + "'");
                    }
                    inPlace = true;
                }
            }
        }
        if (reducing && operands.length == 0) {
            throw new IllegalArgumentException("kernel '" + kernel.name() + "' has no inputs, so there is nothing to reduce over");
        }
        List<Operand> inputList = List.of(operands);
        var call = new Invocation(inputList, out, kernel.paramValues(), confinedToCaller(inputList, out) ? 1 : kernelThreads());
        return execute(kernel, call, inPlace);
    }

    private double execute(Kernel kernel, Invocation call, boolean inPlace) {
        Program program = kernel.program();
        List<Backend> plan = plan(program, call.params(), call.length(), Dispatch.Memory.of(call.inputs(), call.output(), inPlace));
        List<String> failures = new ArrayList<>(0);
        for (Backend backend : plan) {
            Executable executable;
            try {
                executable = backend.prepare(program);
            } catch (RuntimeException e) {
                failures.add(backend.name() + " could not prepare it: " + e.getMessage());
                if (forced != null) {
                    throw new IllegalStateException("backend '" + backend.name() + "' could not prepare kernel '" + kernel.name() + "': " + e.getMessage(), e);
                }
                logOnce(backend, kernel, "could not prepare", e);
                continue;
            }
            try {
                if (call.output() == null) {
                    return executable.reduce(call);
                }
                executable.map(call);
                return 0;
            } catch (RuntimeException e) {
                if (forced != null || inPlace) {
                    throw new IllegalStateException("backend '" + backend.name() + "' failed running kernel '" + kernel.name() + "'"
                            + (inPlace && forced == null ? " in place, so its input is partly overwritten and no other backend can retry it" : "")
                            + ": " + e.getMessage(), e);
                }
                failures.add(backend.name() + " failed: " + e.getMessage());
                logOnce(backend, kernel, "failed", e);
            }
        }
        throw new IllegalStateException("no backend could run kernel '" + kernel.name() + "'"
                + (failures.isEmpty() ? ": none is usable (" + Backends.names() + ")" : ": " + String.join("; ", failures)));
    }

    /**
     * The backends to try for a call, in order. For {@link #auto()}: the CPU backends, worked out once per
     * program, preceded by a device when {@link Dispatch} measures that it wins for a call this long.
     */
    private List<Backend> plan(Program program, float[] params, long length, Dispatch.Memory memory) {
        if (forced != null) {
            return forcedPlan;
        }
        List<Backend> cpu = cpuPlan(program);
        if (length < Dispatch.DEVICE_MIN_ELEMENTS && Dispatch.mode() != Dispatch.Mode.ALWAYS) {
            return cpu; // the common small call: no lookup at all
        }
        Optional<Backend> device = Dispatch.choose(program, params, length, cpu.isEmpty() ? null : cpu.getFirst(), memory);
        if (device.isEmpty()) {
            return cpu;
        }
        var plan = new ArrayList<Backend>(cpu.size() + 1);
        plan.add(device.get());
        plan.addAll(cpu);
        return plan;
    }

    private static List<Backend> cpuPlan(Program program) {
        List<Backend> plan = PLANS.get(program);
        if (plan == null) {
            if (PLANS.size() > 1024) {
                PLANS.clear();
            }
            plan = PLANS.computeIfAbsent(program, ParallelMap::autoPlan);
        }
        return plan;
    }

    /** Backends' availability never changes within a JVM, so neither does the order auto() tries them in. */
    private static final Map<Program, List<Backend>> PLANS = new ConcurrentHashMap<>();

    private static List<Backend> autoPlan(Program program) {
        var plan = new ArrayList<Backend>();
        Backend lastResort = null;
        for (Backend b : Backends.all()) {
            if (!Backends.availability(b).usable() || b.unsupported(program).isPresent() || b.ownMemory()) {
                continue; // devices join a call's plan only when Dispatch measures that they win
            }
            if (b.priority() > 0) {
                plan.add(b);
            } else if (lastResort == null || b.name().equals("reference")) {
                lastResort = b; // the reference interpreter, which defines every result, before other by-name backends
            }
        }
        if (lastResort != null && plan.isEmpty()) {
            plan.add(lastResort);
        }
        return List.copyOf(plan);
    }

    private void forEachChunk(int length, dev.quiver.spi.RangeBody body) {
        var runner = forced != null && forced.runsJava() ? forced
                : Backends.all().stream().filter(Backend::runsJava).filter(b -> Backends.availability(b).usable()).findFirst().orElse(null);
        if (runner == null) {
            logOnce("java", "no backend that runs Java functions in parallel is on the class path (add quiver-cpu); running on the calling thread");
            body.run(0, length);
        } else {
            runner.parallelFor(length, JAVA_GRAIN, kernelThreads(), body);
        }
    }

    /** A thread that never runs: segments it cannot access are confined to their owner thread. */
    private static final Thread STRANGER = Thread.ofVirtual().unstarted(() -> { });

    /** Whether some segment belongs to a confined arena, so that only this thread may touch it. */
    private static boolean confinedToCaller(List<Operand> inputs, Operand out) {
        for (Operand o : inputs) {
            if (o instanceof Operand.Segment s && !s.segment().isAccessibleBy(STRANGER)) {
                return true;
            }
        }
        return out instanceof Operand.Segment s && !s.segment().isAccessibleBy(STRANGER);
    }

    /** Operand {@code index} of a call (-1 for the output), checked against the type the kernel needs there. */
    private static Operand operand(Kernel kernel, int index, Type type, Object array) {
        return switch (array) {
            case float[] f when type == Type.FLOAT -> Operand.of(f);
            case int[] i when type == Type.PIXEL -> Operand.of(i);
            case MemorySegment s when s.byteSize() % 4 == 0 -> Operand.of(s, type);
            case null, default -> throw badOperand(kernel, index < 0 ? "output" : "input '" + kernel.inputNames().get(index) + "'", type, array);
        };
    }

    private static IllegalArgumentException badOperand(Kernel kernel, String what, Type type, Object array) {
        return switch (array) {
            case null -> new IllegalArgumentException(what + " is null");
            case MemorySegment s -> new IllegalArgumentException(what + " is a segment of " + s.byteSize()
                    + " bytes, not a whole number of 4-byte elements");
            default -> new IllegalArgumentException("kernel '" + kernel.name() + "' needs a " + type.arrayName() + " array for "
                    + what + " (" + (type == Type.FLOAT ? "float[]" : "int[]") + " or MemorySegment), got " + array.getClass().getSimpleName());
        };
    }

    private static void checkLengths(Kernel kernel, List<String> names, Operand[] inputs, Operand out) {
        for (int i = 1; i < inputs.length; i++) {
            if (inputs[i].length() != inputs[0].length()) {
                throw new IllegalArgumentException("input '" + names.get(i) + "' has " + inputs[i].length() + " elements but input '"
                        + names.getFirst() + "' has " + inputs[0].length() + "; kernel '" + kernel.name() + "' needs equal lengths");
            }
        }
        if (out != null && inputs.length > 0 && out.length() != inputs[0].length()) {
            throw new IllegalArgumentException("output has " + out.length() + " elements but the input" + (inputs.length == 1 ? " has " : "s have ")
                    + inputs[0].length());
        }
    }

    private static IllegalArgumentException partlyOverlapping(String what) {
        return new IllegalArgumentException("output partly overlaps " + what + ": a kernel may write in place only over exactly the same"
                + " elements it reads, never over a shifted or partial range");
    }

    private static void checkNotPartlyOverlapping(Operand in, Operand out) {
        if (in.overlaps(out) && !in.sameMemory(out)) {
            throw partlyOverlapping("the input");
        }
    }

    private static void checkJava(Object in, Object f, Object out, int inLength, int outLength) {
        if (in == null) {
            throw new IllegalArgumentException("input is null");
        }
        if (f == null) {
            throw new IllegalArgumentException("function is null");
        }
        if (out == null) {
            throw new IllegalArgumentException("output is null");
        }
        if (inLength != outLength) {
            throw new IllegalArgumentException("output has " + outLength + " elements but the input has " + inLength);
        }
    }

    private static void logOnce(Backend backend, Kernel kernel, String what, RuntimeException e) {
        logOnce(backend.name() + what + e.getClass().getName(), "backend '" + backend.name() + "' " + what + " kernel '" + kernel.name() + "' ("
                + e + "); using the next backend. Further failures of this kind are not logged.");
    }

    private static void logOnce(String key, String message) {
        if (LOGGED.add(key)) {
            LOG.log(System.Logger.Level.WARNING, "quiver: " + message);
        }
    }
}
