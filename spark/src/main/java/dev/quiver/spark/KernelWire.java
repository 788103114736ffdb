package dev.quiver.spark;

import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Node;
import dev.quiver.kernel.Op;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Reduction;
import dev.quiver.kernel.Type;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kernel as it travels to Spark executors: its name, its program as plain text lines (the IR: inputs,
 * parameters with their bound values, the reduction, one line per node) and, for people reading Spark's
 * UI and logs, its kernel text. No Java object of the kernel is serialized, so no lambda travels: a kernel
 * built in Java with {@code Kernel.map(name, x -> ...)} was turned into its program when it was built, and
 * the program is what is sent.
 *
 * <p>Every kernel travels, and arrives as a kernel equal to the one sent ({@link Kernel#equals}): the same
 * program, hence the same compiled code and the same bits. The kernel text alone would not do: it reads
 * back with its inputs in order of first use and drops an input the body never reads, so the IR is what
 * is decoded, and the text is only shown.
 *
 * <p>{@link #kernel()} decodes once per JVM and keeps the kernel, so that an executor's backends, which
 * cache compiled code by program, compile each kernel once however many tasks run it.
 *
 * @param name the kernel's name
 * @param text the kernel text ({@code Program#toString}), for display only
 * @param ir   the program and its bound values, as {@link #of} writes them
 */
public record KernelWire(String name, String text, String ir) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final String VERSION = "quiver-ir 1";
    private static final Map<KernelWire, Kernel> DECODED = new ConcurrentHashMap<>();

    public KernelWire {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(ir, "ir");
    }

    /** The kernel in its travelling form. */
    public static KernelWire of(Kernel kernel) {
        Objects.requireNonNull(kernel, "kernel");
        Program p = kernel.program();
        var lines = new ArrayList<String>();
        lines.add(VERSION);
        for (Program.Input in : p.inputs()) {
            lines.add("input " + in.name() + " " + in.type());
        }
        for (String param : p.params()) {
            var value = kernel.value(param);
            lines.add("param " + param + (value.isPresent() ? " " + Integer.toHexString(Float.floatToRawIntBits((float) value.getAsDouble())) : ""));
        }
        p.reduction().ifPresent(r -> lines.add("reduction " + r));
        for (Node n : p.nodes()) {
            var line = new StringBuilder("node ").append(n.op()).append(' ').append(n.type())
                    .append(' ').append(Integer.toHexString(Float.floatToRawIntBits(n.constant())));
            for (int a : n.args()) {
                line.append(' ').append(a);
            }
            lines.add(line.toString());
        }
        return new KernelWire(kernel.name(), p.toString(), String.join("\n", lines));
    }

    /**
     * The kernel, decoded on first use in this JVM and kept.
     *
     * @throws IllegalArgumentException if {@link #ir} is not a program this version writes
     */
    public Kernel kernel() {
        return DECODED.computeIfAbsent(this, KernelWire::decode);
    }

    private static Kernel decode(KernelWire wire) {
        List<String> lines = wire.ir.lines().toList();
        if (lines.isEmpty() || !lines.getFirst().equals(VERSION)) {
            throw new IllegalArgumentException("kernel '" + wire.name + "': not a kernel in the form '" + VERSION
                    + "' (was it sent by another version of Quiver?)");
        }
        var inputs = new ArrayList<Program.Input>();
        var params = new ArrayList<String>();
        var values = new ArrayList<String>();
        var nodes = new ArrayList<Node>();
        Reduction reduction = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(" ");
            try {
                switch (f[0]) {
                    case "input" -> inputs.add(new Program.Input(f[1], Type.valueOf(f[2])));
                    case "param" -> {
                        params.add(f[1]);
                        values.add(f.length > 2 ? f[2] : null);
                    }
                    case "reduction" -> reduction = Reduction.valueOf(f[1]);
                    case "node" -> {
                        int[] args = new int[f.length - 4];
                        for (int i = 0; i < args.length; i++) {
                            args[i] = Integer.parseInt(f[4 + i]);
                        }
                        nodes.add(new Node(Op.valueOf(f[1]), Type.valueOf(f[2]), args, Float.intBitsToFloat(Integer.parseUnsignedInt(f[3], 16))));
                    }
                    default -> throw new IllegalArgumentException("unknown line");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("kernel '" + wire.name + "': cannot read the line '" + line + "' of its program: "
                        + e.getMessage(), e);
            }
        }
        Kernel kernel = Kernel.of(wire.name, new Program(inputs, params, nodes, reduction));
        for (int i = 0; i < params.size(); i++) {
            if (values.get(i) != null) {
                kernel = kernel.with(params.get(i), Float.intBitsToFloat(Integer.parseUnsignedInt(values.get(i), 16)));
            }
        }
        return kernel;
    }

    @Override
    public String toString() {
        return name.equals(text) ? name : name + ": " + text;
    }
}
