package dev.quiver.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A named element-wise computation, written once and run on every backend with identical results:
 *
 * <pre>{@code
 * Kernel square = Kernel.map("square", x -> x.mul(x));
 * Kernel triad  = Kernel.map("triad", List.of("b", "c"), in -> in.get(0).add(in.get(1).mul(param("s"))))
 *                       .with("s", 0.4f);
 * Kernel gray   = Kernel.pixels("gray", p -> p.withGray(p.r().mul(0.299f).add(p.g().mul(0.587f)).add(p.b().mul(0.114f))));
 * Kernel norm   = Kernel.parse("y = sqrt(x) * s + 1").with("s", 2f);
 * Kernel dot    = Kernel.reduce("dot", Reduction.SUM, (a, b) -> a.mul(b));
 * }</pre>
 *
 * <p>A kernel is a {@link Program} plus the values bound to its parameters. Kernels are immutable and
 * thread-safe; {@link #with} and {@link #then} return new kernels that share the compiled code of the
 * original wherever the program is the same (binding a parameter never recompiles).
 */
public final class Kernel {
    private final String name;
    private final Program program;
    private final float[] values;
    private final boolean[] bound;
    private final List<String> inputNames;

    private Kernel(String name, Program program, float[] values, boolean[] bound) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a kernel needs a name, got '" + name + "'");
        }
        this.name = name;
        this.program = Objects.requireNonNull(program, "program");
        this.values = values;
        this.bound = bound;
        this.inputNames = program.inputs().stream().map(Program.Input::name).toList();
    }

    /** A kernel over a program, with no parameter bound yet. */
    public static Kernel of(String name, Program program) {
        int n = program.params().size();
        return new Kernel(name, program, new float[n], new boolean[n]);
    }

    /** A float kernel of one input, called {@code x}: {@code Kernel.map("square", x -> x.mul(x))}. */
    public static Kernel map(String name, UnaryOperator<Expr> body) {
        return map(name, List.of("x"), in -> body.apply(in.getFirst()));
    }

    /** A float kernel of two inputs, called {@code a} and {@code b}. */
    public static Kernel map(String name, BinaryOperator<Expr> body) {
        return map(name, List.of("a", "b"), in -> body.apply(in.get(0), in.get(1)));
    }

    /** A float kernel of any number of named float inputs. */
    public static Kernel map(String name, List<String> inputs, Function<List<Expr>, Expr> body) {
        return build(name, inputs, Type.FLOAT, body, null);
    }

    /** A pixel kernel: one packed ARGB input, one packed ARGB output. */
    public static Kernel pixels(String name, UnaryOperator<Pixel> body) {
        return build(name, List.of("p"), Type.PIXEL, in -> {
            Pixel out = body.apply(Pixel.of(in.getFirst()));
            return Objects.requireNonNull(out, "the pixel kernel returned null").pack();
        }, null);
    }

    /** A reduction over one float input, called {@code x}: {@code Kernel.reduce("sum", SUM, x -> x)}. */
    public static Kernel reduce(String name, Reduction reduction, UnaryOperator<Expr> term) {
        return reduce(name, reduction, List.of("x"), in -> term.apply(in.getFirst()));
    }

    /** A reduction over two float inputs, called {@code a} and {@code b}. */
    public static Kernel reduce(String name, Reduction reduction, BinaryOperator<Expr> term) {
        return reduce(name, reduction, List.of("a", "b"), in -> term.apply(in.get(0), in.get(1)));
    }

    /** A reduction over any number of named float inputs. */
    public static Kernel reduce(String name, Reduction reduction, List<String> inputs, Function<List<Expr>, Expr> term) {
        return build(name, inputs, Type.FLOAT, term, Objects.requireNonNull(reduction, "reduction"));
    }

    /**
     * A kernel from text, such as {@code "y = sqrt(x) * s + 1"} or {@code "t = a - b; sum(t * t)"}.
     * Statements are separated by {@code ;} or new lines; the last one gives the result. Names that are
     * used before being assigned are the inputs, in order of first appearance; {@link #with} turns one
     * into a parameter. A last statement {@code sum(e)}, {@code min(e)} or {@code max(e)} makes a
     * reduction. The kernel is named by its text.
     *
     * @throws KernelSyntaxException naming the column and what was expected
     */
    public static Kernel parse(String text) {
        return parse(text == null ? null : text.strip(), text);
    }

    /** As {@link #parse(String)}, with a name. */
    public static Kernel parse(String name, String text) {
        return new Parser(text, false).kernel(name);
    }

    /**
     * A pixel kernel from text, such as {@code "r = 255 - r; g = 255 - g; b = 255 - b"}: {@code r g b a}
     * are the input pixel's channels (0..255) and assigning them sets the output's; any other name is a
     * parameter.
     */
    public static Kernel parsePixels(String text) {
        return parsePixels(text == null ? null : text.strip(), text);
    }

    /** As {@link #parsePixels(String)}, with a name. */
    public static Kernel parsePixels(String name, String text) {
        return new Parser(text, true).kernel(name);
    }

    static Kernel build(String name, List<String> inputNames, Type inputType, Function<List<Expr>, Expr> body,
            Reduction reduction) {
        Objects.requireNonNull(body, "body");
        var inputs = new ArrayList<Program.Input>();
        var slots = new LinkedHashMap<String, Integer>();
        var leaves = new ArrayList<Expr>();
        for (String in : inputNames) {
            inputs.add(new Program.Input(in, inputType));
            if (slots.put(in, slots.size()) != null) {
                throw new IllegalArgumentException("two inputs are named '" + in + "'");
            }
            leaves.add(new Expr.Input(in, inputType));
        }
        Expr result = Objects.requireNonNull(body.apply(List.copyOf(leaves)), "the kernel body returned null");
        var builder = new ProgramBuilder();
        var params = new ArrayList<String>();
        int at = builder.addTree(result, slots, params, inputs);
        return of(name, builder.build(inputs, params, at, reduction));
    }

    public String name() {
        return name;
    }

    public Program program() {
        return program;
    }

    /** The input names, in the order calls pass the arrays. */
    public List<String> inputNames() {
        return inputNames;
    }

    /** The parameter names. */
    public List<String> params() {
        return program.params();
    }

    public boolean isReduction() {
        return program.reduction().isPresent();
    }

    /** {@link Type#PIXEL} for pixel kernels, else {@link Type#FLOAT}. */
    public Type outputType() {
        return program.outputType();
    }

    /** The value bound to a parameter, if any. */
    public OptionalDouble value(String param) {
        int i = program.params().indexOf(param);
        if (i < 0) {
            throw new IllegalArgumentException("kernel '" + name + "' has no parameter '" + param + "'" + describeNames());
        }
        return bound[i] ? OptionalDouble.of(values[i]) : OptionalDouble.empty();
    }

    /** The bound parameter values, by name, in parameter order. */
    public Map<String, Float> values() {
        var out = new LinkedHashMap<String, Float>();
        for (int i = 0; i < values.length; i++) {
            if (bound[i]) {
                out.put(program.params().get(i), values[i]);
            }
        }
        return out;
    }

    /**
     * This kernel with a parameter set to {@code value}. Naming a float input instead makes it a
     * parameter, so {@code Kernel.parse("y = x * s").with("s", 2)} has one input.
     *
     * @throws IllegalArgumentException if the kernel has no parameter or float input of that name
     */
    public Kernel with(String param, float value) {
        int i = program.params().indexOf(param);
        if (i >= 0) {
            float[] v = values.clone();
            boolean[] b = bound.clone();
            v[i] = value;
            b[i] = true;
            return new Kernel(name, program, v, b);
        }
        int input = inputNames().indexOf(param);
        if (input < 0 || program.inputs().get(input).type() != Type.FLOAT) {
            throw new IllegalArgumentException("kernel '" + name + "' has no parameter or float input named '" + param + "'" + describeNames());
        }
        var builder = new ProgramBuilder();
        var params = new ArrayList<>(program.params());
        params.add(param);
        int paramSlot = params.size() - 1;
        int[] moved = builder.addAll(program, n -> n.op() == Op.PARAM
                ? builder.add(Op.PARAM, Type.FLOAT, 0f, n.slot())
                : n.slot() == input ? builder.add(Op.PARAM, Type.FLOAT, 0f, paramSlot)
                : builder.add(Op.INPUT, n.type(), 0f, n.slot() < input ? n.slot() : n.slot() - 1));
        var inputs = new ArrayList<>(program.inputs());
        inputs.remove(input);
        Program p = builder.build(inputs, params, moved[moved.length - 1], program.reduction().orElse(null));
        float[] v = Arrays.copyOf(values, params.size());
        boolean[] b = Arrays.copyOf(bound, params.size());
        v[paramSlot] = value;
        b[paramSlot] = true;
        return new Kernel(name, p, v, b);
    }

    /**
     * One fused kernel that feeds this kernel's output into {@code next}'s single input: one pass over
     * memory instead of two, with the same results as running them one after the other (pixel channels
     * are quantized between the stages as they would be when stored). A parameter of {@code next} whose
     * name this kernel already uses is renamed with a suffix {@code _2} (then {@code _3}, …); bound
     * values are kept.
     *
     * @throws IllegalArgumentException if this kernel is a reduction, or {@code next} does not take
     *                                  exactly one input of this kernel's output type
     */
    public Kernel then(Kernel next) {
        Objects.requireNonNull(next, "next");
        if (isReduction()) {
            throw new IllegalArgumentException("kernel '" + name + "' is a reduction; nothing can follow it");
        }
        Program second = next.program;
        if (second.inputs().size() != 1 || second.inputs().getFirst().type() != outputType()) {
            throw new IllegalArgumentException("kernel '" + next.name + "' cannot follow '" + name + "': it must take exactly one "
                    + outputType().arrayName() + " input, but takes " + next.describeInputs());
        }
        var builder = new ProgramBuilder();
        var params = new ArrayList<>(program.params());
        int[] first = builder.addAll(program, n -> builder.add(n.op(), n.type(), 0f, n.slot()));
        int[] paramSlots = new int[second.params().size()];
        for (int i = 0; i < paramSlots.length; i++) {
            String p = second.params().get(i);
            String unique = p;
            for (int k = 2; params.contains(unique) || inputNames().contains(unique); k++) {
                unique = p + "_" + k;
            }
            params.add(unique);
            paramSlots[i] = params.size() - 1;
        }
        int[] moved = builder.addAll(second, n -> n.op() == Op.INPUT
                ? first[first.length - 1]
                : builder.add(Op.PARAM, Type.FLOAT, 0f, paramSlots[n.slot()]));
        Program fused = builder.build(program.inputs(), params, moved[moved.length - 1], second.reduction().orElse(null));
        float[] v = Arrays.copyOf(values, params.size());
        boolean[] b = Arrays.copyOf(bound, params.size());
        for (int i = 0; i < paramSlots.length; i++) {
            v[paramSlots[i]] = next.values[i];
            b[paramSlots[i]] = next.bound[i];
        }
        return new Kernel(name + "," + next.name, fused, v, b);
    }

    /** This kernel under another name. */
    public Kernel named(String newName) {
        return new Kernel(newName, program, values, bound);
    }

    /**
     * The parameter values in {@link Program#params()} order, for a call. The array is shared by every
     * call of this kernel, so that calls allocate nothing for it: callers must not change it.
     *
     * @throws IllegalArgumentException naming the first parameter that has no value
     */
    public float[] paramValues() {
        for (int i = 0; i < bound.length; i++) {
            if (!bound[i]) {
                String p = program.params().get(i);
                throw new IllegalArgumentException("kernel '" + name + "': parameter '" + p + "' has no value; give it one with .with(\""
                        + p + "\", value)");
            }
        }
        return values;
    }

    private String describeInputs() {
        return program.inputs().isEmpty() ? "none" : program.inputs().stream()
                .map(i -> i.name() + " (" + i.type().arrayName() + ")").toList().toString();
    }

    private String describeNames() {
        return " (inputs: " + (inputNames().isEmpty() ? "none" : String.join(", ", inputNames()))
                + "; parameters: " + (params().isEmpty() ? "none" : String.join(", ", params())) + ")";
    }

    @Override
    public String toString() {
        var bindings = values().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return name + (bindings.isEmpty() ? "" : " " + bindings) + ": " + program;
    }

    /** Kernels are equal when they have the same name, program and parameter values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Kernel k && name.equals(k.name) && program.equals(k.program)
                && Arrays.equals(values, k.values) && Arrays.equals(bound, k.bound);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + program.hashCode();
    }
}
