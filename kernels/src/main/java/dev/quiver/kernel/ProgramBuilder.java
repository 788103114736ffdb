package dev.quiver.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Builds {@link Program}s: from {@link Expr} trees, or by rewriting other programs. Equal nodes are
 * added once (common subexpressions are shared), unreachable nodes are dropped, and a channel read
 * straight from a freshly packed pixel becomes the quantized channel value, which is what fuses pixel
 * pipelines without a pack and unpack between stages.
 */
final class ProgramBuilder {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Node, Integer> positions = new HashMap<>();

    /** Adds a node, or finds the equal one already added; returns its position. */
    int add(Op op, Type type, float constant, int... args) {
        if (isChannel(op) && nodes.get(args[0]).op() == Op.PACK) {
            int component = nodes.get(args[0]).arg(channelIndex(op));
            return add(Op.QUANTIZE, Type.FLOAT, 0f, component);
        }
        if (op == Op.QUANTIZE && isQuantized(nodes.get(args[0]).op())) {
            return args[0];
        }
        Node node = new Node(op, type, args, constant);
        Integer at = positions.get(node);
        if (at != null) {
            return at;
        }
        nodes.add(node);
        positions.put(node, nodes.size() - 1);
        if (nodes.size() > 4 * Program.MAX_NODES) {
            throw new IllegalArgumentException("the kernel has more than " + Program.MAX_NODES + " operations");
        }
        return nodes.size() - 1;
    }

    /**
     * Copies all nodes of another program, placing its inputs and parameters where {@code leaves} says
     * (given the leaf node, it returns that node's position here). Returns where each node went; the
     * last entry is where the copied result is.
     */
    int[] addAll(Program from, ToIntFunction<Node> leaves) {
        return addAll(from, leaves, -1, -1);
    }

    /** As {@link #addAll(Program, ToIntFunction)}, with {@code from}'s node {@code replaced} placed at {@code replacement} instead. */
    int[] addAll(Program from, ToIntFunction<Node> leaves, int replaced, int replacement) {
        List<Node> source = from.nodes();
        int[] moved = new int[source.size()];
        for (int i = 0; i < moved.length; i++) {
            Node n = source.get(i);
            if (i == replaced) {
                moved[i] = replacement;
            } else if (n.op() == Op.INPUT || n.op() == Op.PARAM) {
                moved[i] = leaves.applyAsInt(n);
            } else if (n.op() == Op.CONST) {
                moved[i] = add(Op.CONST, Type.FLOAT, n.constant());
            } else {
                int[] args = n.args();
                for (int k = 0; k < args.length; k++) {
                    args[k] = moved[args[k]];
                }
                moved[i] = add(n.op(), n.type(), 0f, args);
            }
        }
        return moved;
    }

    /**
     * Adds the nodes of an expression tree, each distinct subtree object once, without recursion (so
     * deeply nested text cannot overflow the stack).
     *
     * @param inputSlots where each {@link Expr.Input} leaf goes, by name
     * @param paramSlots where each {@link Expr.Param} goes, by name; names not yet present are appended
     */
    int addTree(Expr root, Map<String, Integer> inputSlots, List<String> paramSlots, List<Program.Input> inputs) {
        var done = new IdentityHashMap<Expr, Integer>();
        var stack = new ArrayDeque<Expr>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Expr e = stack.peek();
            if (done.containsKey(e)) {
                stack.pop();
                continue;
            }
            switch (e) {
                case Expr.Const c -> done.put(stack.pop(), add(Op.CONST, Type.FLOAT, c.value()));
                case Expr.Param p -> {
                    int slot = paramSlots.indexOf(p.name());
                    if (slot < 0) {
                        paramSlots.add(p.name());
                        slot = paramSlots.size() - 1;
                    }
                    done.put(stack.pop(), add(Op.PARAM, Type.FLOAT, 0f, slot));
                }
                case Expr.Input in -> {
                    Integer slot = inputSlots.get(in.name());
                    if (slot == null || inputs.get(slot).type() != in.type()) {
                        throw new IllegalArgumentException("the expression uses an input '" + in.name()
                                + "' that is not one of the kernel's inputs " + inputSlots.keySet());
                    }
                    done.put(stack.pop(), add(Op.INPUT, in.type(), 0f, slot));
                }
                case Expr.Apply a -> {
                    boolean ready = true;
                    for (Expr arg : a.args()) {
                        if (!done.containsKey(arg)) {
                            stack.push(arg);
                            ready = false;
                        }
                    }
                    if (ready) {
                        int[] args = a.args().stream().mapToInt(done::get).toArray();
                        done.put(stack.pop(), add(a.op(), a.op().result(), 0f, args));
                    }
                }
            }
        }
        return done.get(root);
    }

    /** The program whose result is node {@code result}, without the nodes it does not need. */
    Program build(List<Program.Input> inputs, List<String> params, int result, Reduction reduction) {
        boolean[] needed = new boolean[result + 1];
        needed[result] = true;
        for (int i = result; i >= 0; i--) {
            Node n = nodes.get(i);
            if (needed[i] && !n.op().isLeaf()) {
                for (int a : n.args()) {
                    needed[a] = true;
                }
            }
        }
        int[] moved = new int[result + 1];
        var kept = new ArrayList<Node>();
        for (int i = 0; i <= result; i++) {
            if (needed[i]) {
                Node n = nodes.get(i);
                int[] args = n.args();
                if (!n.op().isLeaf()) {
                    for (int k = 0; k < args.length; k++) {
                        args[k] = moved[args[k]];
                    }
                }
                moved[i] = kept.size();
                kept.add(new Node(n.op(), n.type(), args, n.constant()));
            }
        }
        return new Program(inputs, params, kept, reduction);
    }

    /** Channels of a pixel and quantized values are whole numbers 0..255 already. */
    private static boolean isQuantized(Op op) {
        return isChannel(op) || op == Op.QUANTIZE;
    }

    private static boolean isChannel(Op op) {
        return op == Op.RED || op == Op.GREEN || op == Op.BLUE || op == Op.ALPHA;
    }

    /** The operand of {@link Op#PACK} that a channel operation reads. */
    private static int channelIndex(Op op) {
        return switch (op) {
            case RED -> 0;
            case GREEN -> 1;
            case BLUE -> 2;
            case ALPHA -> 3;
            default -> throw new IllegalArgumentException(op + " is not a channel");
        };
    }
}
