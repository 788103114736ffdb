package dev.quiver.kernel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A kernel's computation as a flat list of {@link Node}s in evaluation order (static single assignment):
 * each node's operands are earlier nodes, and the last node is the result. This is the form backends
 * compile and the interpreter runs. Programs are immutable values and serve as cache keys: equal
 * programs compute the same thing.
 *
 * <p>A program maps each index {@code i} of its inputs to output element {@code i} (a float or a pixel),
 * or, with a {@link #reduction()}, combines the result over all indices into one number.
 */
public final class Program {
    /** The most nodes a program may have; larger ones are rejected when built, not when run. */
    public static final int MAX_NODES = 512;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * An input array of the program.
     *
     * @param name the name kernel text and the command line use for it
     * @param type {@link Type#FLOAT} or {@link Type#PIXEL}
     */
    public record Input(String name, Type type) {
        public Input {
            checkName(name, "input");
            if (type == Type.BOOL) {
                throw new IllegalArgumentException("input '" + name + "' cannot be boolean: inputs are float32 or pixels");
            }
        }
    }

    private final List<Input> inputs;
    private final List<String> params;
    private final List<Node> nodes;
    private final Reduction reduction;
    private final int hash;

    /**
     * @throws IllegalArgumentException if a node refers to a later node, an unknown input or parameter,
     *                                  or has operands of the wrong types; or if there are more than
     *                                  {@link #MAX_NODES} nodes
     */
    public Program(List<Input> inputs, List<String> params, List<Node> nodes, Reduction reduction) {
        this.inputs = List.copyOf(inputs);
        this.params = List.copyOf(params);
        this.nodes = List.copyOf(nodes);
        this.reduction = reduction;
        validate();
        this.hash = Objects.hash(this.inputs, this.params, this.nodes, reduction);
    }

    private void validate() {
        var names = new HashSet<String>();
        for (Input in : inputs) {
            if (!names.add(in.name())) {
                throw new IllegalArgumentException("two inputs are named '" + in.name() + "'");
            }
        }
        for (String p : params) {
            checkName(p, "parameter");
            if (!names.add(p)) {
                throw new IllegalArgumentException("the name '" + p + "' is used twice among inputs and parameters");
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a program needs at least one node");
        }
        if (nodes.size() > MAX_NODES) {
            throw new IllegalArgumentException("the kernel has " + nodes.size() + " operations; the limit is " + MAX_NODES);
        }
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            switch (n.op()) {
                case INPUT -> {
                    check(n.args().length == 1 && n.slot() >= 0 && n.slot() < inputs.size(), i, "refers to no input");
                    check(inputs.get(n.slot()).type() == n.type(), i, "has the wrong type for its input");
                }
                case PARAM -> check(n.args().length == 1 && n.slot() >= 0 && n.slot() < params.size(), i, "refers to no parameter");
                default -> {
                    check(n.type() == n.op().result(), i, "has type " + n.type() + " but " + n.op() + " gives " + n.op().result());
                    check(n.args().length == n.op().arity(), i, "has the wrong number of operands");
                    for (int k = 0; k < n.args().length; k++) {
                        int a = n.arg(k);
                        check(a >= 0 && a < i, i, "uses node " + a + ", which is not an earlier node");
                        check(nodes.get(a).type() == n.op().operands().get(k), i, "has an operand of the wrong type");
                    }
                }
            }
        }
        Type out = result().type();
        if (out == Type.BOOL) {
            throw new IllegalArgumentException("a kernel's result must be a number or a pixel, not a comparison: wrap it in select(c, 1, 0)");
        }
        if (reduction != null && out != Type.FLOAT) {
            throw new IllegalArgumentException("a reduction needs a float term, not a " + out.arrayName());
        }
    }

    private static void check(boolean ok, int node, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("malformed program: node " + node + " " + problem);
        }
    }

    static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a " + what + " name must be a letter or '_' followed by letters, digits or '_': '" + name + "'");
        }
    }

    public List<Input> inputs() {
        return inputs;
    }

    /** The parameter names; their values are passed at each call in this order. */
    public List<String> params() {
        return params;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The result node: the last one. */
    public Node result() {
        return nodes.getLast();
    }

    public Optional<Reduction> reduction() {
        return Optional.ofNullable(reduction);
    }

    /** The type of each output element: FLOAT or PIXEL; for a reduction, the type of its terms. */
    public Type outputType() {
        return result().type();
    }

    /** True when every node is {@linkplain Op#exact() exact}, so all backends must agree bit for bit. */
    public boolean isExact() {
        return nodes.stream().allMatch(n -> n.op().exact());
    }

    /** How many times each node is used as an operand. */
    public int[] useCounts() {
        int[] uses = new int[nodes.size()];
        for (Node n : nodes) {
            if (!n.op().isLeaf()) {
                for (int a : n.args()) {
                    uses[a]++;
                }
            }
        }
        return uses;
    }

    /** Bytes read and written per element, counting each input and the output once (BabelStream's rule). */
    public long bytesPerElement() {
        return 4L * (inputs.size() + (reduction == null ? 1 : 0));
    }

    /**
     * Node {@code result} as a program of its own, whose single float input stands for node {@code input}'s
     * value (and is named apart from the parameters, which it keeps): what a backend evaluates to tabulate
     * a part of a kernel that depends on one value.
     *
     * @throws IllegalArgumentException if node {@code result} depends on an input other than through node {@code input}
     */
    public Program part(int result, int input) {
        String name = "level";
        while (params.contains(name)) {
            name = "_" + name;
        }
        var builder = new ProgramBuilder();
        int in = builder.add(Op.INPUT, Type.FLOAT, 0f, 0);
        // the kernel's own inputs go past the part's one, where the part fails validation if it uses them
        int[] moved = builder.addAll(this, leaf -> leaf.op() == Op.PARAM ? builder.add(Op.PARAM, Type.FLOAT, 0f, leaf.slot())
                : builder.add(Op.INPUT, leaf.type(), 0f, leaf.slot() + 1), input, in);
        return builder.build(List.of(new Input(name, Type.FLOAT)), params, moved[result], null);
    }

    /** The positions of the nodes that read each input, for backends that load inputs once. */
    public List<Integer> inputNodes() {
        var at = new ArrayList<Integer>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).op() == Op.INPUT) {
                at.add(i);
            }
        }
        return at;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Program p && hash == p.hash && inputs.equals(p.inputs)
                && params.equals(p.params) && nodes.equals(p.nodes) && reduction == p.reduction;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return ProgramText.of(this);
    }
}
