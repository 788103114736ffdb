package dev.quiver.cli;

import dev.quiver.Explanation;
import dev.quiver.ParallelMap;
import dev.quiver.cli.npy.NpyArray;
import dev.quiver.cli.npy.NpyType;
import dev.quiver.cli.npy.NpyWriter;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Type;
import dev.quiver.library.Builtin;
import dev.quiver.library.Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Runs a kernel over NumPy .npy files, memory-mapped, writing the result atomically. */
@Command(name = "map", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a kernel over .npy arrays (float32; int32 or uint32 for pixel kernels).",
            "",
            "  quiver map 'y = x * x' --in x.npy --out y.npy",
            "  quiver map 'y = a + b * s' --in a=a.npy --in b=b.npy --param s=2.5 --out y.npy",
            "  quiver map triad --in b.npy --in c.npy --param s=3 --out a.npy",
            "  quiver map 'sum(x * x)' --in x.npy           (a reduction prints its result)",
            "  quiver map invert --in pixels.npy --out inverted.npy",
            ""},
        footer = {"",
            "Kernel text: statements separated by ';' or new lines, the last one the result; names used before",
            "they are assigned are the inputs. Operators + - * / ^ < <= > >= == != && || !; functions",
            "abs ceil clamp cos exp floor fma log max min neg pow quantize round rsqrt select sin sqrt tanh.",
            "A last statement sum(e), min(e) or max(e) is a reduction."})
final class MapCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KERNEL", description = "A built-in kernel's name, or kernel text such as 'y = sqrt(x) * 2'.")
    String kernelText;

    @Option(names = {"-i", "--in"}, paramLabel = "[NAME=]FILE", required = true,
            description = "An input .npy file, bound to the kernel input NAME, or to the next unbound input in order of first use.")
    List<String> inputs = new ArrayList<>();

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter's value (a name of the text not bound to an input).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where to write the result .npy (written to a temporary file, then renamed).")
    Path out;

    @Option(names = "--pixels", description = "Read KERNEL text as a pixel kernel (assigning r, g, b, a) over int32/uint32 ARGB arrays.")
    boolean pixels;

    @Option(names = {"-b", "--backend"}, paramLabel = "NAME", defaultValue = "auto",
            description = "auto, simd, simd:256, threads, reference, opencl[:N] (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Use at most N threads (default: all cores).")
    Integer threads;

    @Option(names = "--explain", description = "Print which backend runs the kernel, and why, to standard error.")
    boolean explain;

    @Option(names = {"-f", "--force"}, description = "Allow --out to name one of the inputs (it is replaced only once the result is complete).")
    boolean force;

    MapCommand() {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Kernel kernel = kernel();
        ParallelMap map = ParallelMap.on(backend);
        if (threads != null) {
            map = map.withThreads(threads);
        }
        try (Arena arena = Arena.ofShared()) {
            Map<String, NpyArray> bound = bind(kernel, arena);
            List<NpyArray> arrays = kernel.inputNames().stream().map(bound::get).toList();
            checkShapes(kernel, arrays);
            long n = arrays.getFirst().length();
            MemorySegment[] segments = arrays.stream().map(NpyArray::data).toArray(MemorySegment[]::new);
            if (kernel.isReduction()) {
                explain(map, kernel, segments);
                long start = System.nanoTime();
                double result = map.reduce(kernel, segments);
                report(err, kernel, n, start);
                spec.commandLine().getOut().println(result);
                spec.commandLine().getOut().flush();
                if (out != null) {
                    writeScalar(result);
                }
                return 0;
            }
            if (out == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--out FILE is needed: kernel '" + kernel.name() + "' makes an array");
            }
            checkNotOverwritingInput(arrays);
            NpyType type = kernel.outputType() == Type.PIXEL ? arrays.getFirst().type() : NpyType.FLOAT32;
            try (var writer = new NpyWriter(out, type, arrays.getFirst().shape())) {
                MemorySegment[] call = Arrays.copyOf(segments, segments.length + 1);
                call[segments.length] = writer.data();
                explain(map, kernel, call);
                long start = System.nanoTime();
                map.map(kernel, call);
                writer.commit();
                report(err, kernel, n, start);
            }
            return 0;
        }
    }

    /** With --explain, which backend runs this call on these segments (mapped files), and why. */
    private void explain(ParallelMap map, Kernel kernel, MemorySegment[] call) {
        if (explain) {
            Explanation why = map.explain(kernel, call);
            spec.commandLine().getErr().print(why);
        }
    }

    /** The kernel KERNEL names or spells out, with the --param values; bad text is a command-line error. */
    private Kernel kernel() {
        try {
            return withParams(Kernels.find(kernelText).map(Builtin::kernel)
                    .orElseGet(() -> pixels ? Kernel.parsePixels(kernelText) : Kernel.parse(kernelText)));
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Kernel withParams(Kernel k) {
        for (var p : params.entrySet()) {
            float value;
            try {
                value = Float.parseFloat(p.getValue());
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--param " + p.getKey() + "=" + p.getValue() + ": '" + p.getValue() + "' is not a number");
            }
            k = k.with(p.getKey(), value);
        }
        return k;
    }

    /** Binds each --in to a kernel input: by name where given, otherwise to the next unbound input. */
    private Map<String, NpyArray> bind(Kernel kernel, Arena arena) throws IOException {
        List<String> names = kernel.inputNames();
        var bound = new LinkedHashMap<String, NpyArray>();
        var unnamed = new ArrayList<Path>();
        for (String in : inputs) {
            int eq = in.indexOf('=');
            if (eq > 0 && names.contains(in.substring(0, eq))) {
                String name = in.substring(0, eq);
                if (bound.containsKey(name)) {
                    throw usage("input '" + name + "' is given twice");
                }
                bound.put(name, NpyArray.read(Path.of(in.substring(eq + 1)), arena));
            } else if (eq > 0 && !Files.exists(Path.of(in))) {
                throw usage("kernel '" + kernel.name() + "' has no input '" + in.substring(0, eq) + "'; its inputs are "
                        + (names.isEmpty() ? "none" : String.join(", ", names)));
            } else {
                unnamed.add(Path.of(in));
            }
        }
        var free = names.stream().filter(n -> !bound.containsKey(n)).iterator();
        for (Path p : unnamed) {
            if (!free.hasNext()) {
                throw usage("too many --in files: kernel '" + kernel.name() + "' has " + names.size() + " input" + (names.size() == 1 ? "" : "s")
                        + " (" + String.join(", ", names) + ")");
            }
            bound.put(free.next(), NpyArray.read(p, arena));
        }
        var missing = names.stream().filter(n -> !bound.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            boolean text = Kernels.find(kernelText).isEmpty();
            throw usage("no --in for input" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + " of kernel '" + kernel.name()
                    + "'" + (text ? "; if it is a parameter, give it with --param " + missing.getFirst() + "=VALUE" : ""));
        }
        return bound;
    }

    private void checkShapes(Kernel kernel, List<NpyArray> arrays) {
        List<String> names = kernel.inputNames();
        for (int i = 0; i < arrays.size(); i++) {
            NpyArray a = arrays.get(i);
            Type wanted = kernel.program().inputs().get(i).type();
            boolean ok = wanted == Type.FLOAT ? a.type() == NpyType.FLOAT32 : a.type() == NpyType.INT32 || a.type() == NpyType.UINT32;
            if (!ok) {
                throw new IllegalArgumentException(a.file() + ": input '" + names.get(i) + "' of kernel '" + kernel.name() + "' needs "
                        + (wanted == Type.FLOAT ? "float32 ('<f4')" : "int32 or uint32 ARGB pixels ('<i4', '<u4')") + " data, but the file holds " + a.type().descr());
            }
            if (!Arrays.equals(a.shape(), arrays.getFirst().shape())) {
                throw new IllegalArgumentException(a.file() + ": shape " + NpyArray.describe(a.shape()) + " differs from " + arrays.getFirst().file()
                        + "'s " + NpyArray.describe(arrays.getFirst().shape()) + " (arrays are not broadcast)");
            }
        }
    }

    private void checkNotOverwritingInput(List<NpyArray> arrays) throws IOException {
        for (NpyArray a : arrays) {
            if (Files.exists(out) && Files.isSameFile(out, a.file()) && !force) {
                throw usage("--out " + out + " is also an input; add --force to replace it with the result");
            }
        }
    }

    private void writeScalar(double result) throws IOException {
        try (var writer = new NpyWriter(out, NpyType.FLOAT64, new long[0])) {
            writer.data().set(ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, result);
            writer.commit();
        }
    }

    private void report(PrintWriter err, Kernel kernel, long n, long start) {
        double ms = (System.nanoTime() - start) / 1e6;
        err.printf(Locale.ROOT, "%s: %,d elements in %.1f ms%s%n", kernel.name(), n, ms, out == null ? "" : " -> " + out);
        err.flush();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Help lines for the built-in kernels, from their own definitions. */
    static List<String> builtinHelp() {
        var lines = new ArrayList<String>();
        lines.add("");
        lines.add("Built-in kernels (KERNEL may be any of these names):");
        for (Builtin b : Kernels.all()) {
            lines.add(String.format(Locale.ROOT, "  %-28s %s", b.signature(), b.summary()));
        }
        return lines;
    }
}
