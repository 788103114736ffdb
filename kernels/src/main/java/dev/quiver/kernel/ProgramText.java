package dev.quiver.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints a {@link Program} as kernel text: float kernels in the form {@link Kernel#parse} reads back,
 * pixel kernels as channel assignments in the form {@link Kernel#parsePixels} reads. Subexpressions used
 * more than once become temporaries {@code t1, t2, ...}.
 */
final class ProgramText {
    private static final String[] CHANNELS = {"r", "g", "b", "a"};

    private final Program program;
    private final List<Node> nodes;
    private final String[] names;
    private final List<String> statements = new ArrayList<>();

    private ProgramText(Program program) {
        this.program = program;
        this.nodes = program.nodes();
        this.names = new String[nodes.size()];
    }

    static String of(Program program) {
        return new ProgramText(program).print();
    }

    private String print() {
        int[] uses = program.useCounts();
        boolean pixels = program.outputType() == Type.PIXEL;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            switch (n.op()) {
                case INPUT -> names[i] = program.inputs().get(n.slot()).name();
                case PARAM -> names[i] = program.params().get(n.slot());
                case RED, GREEN, BLUE, ALPHA -> {
                    if (pixels && nodes.get(n.arg(0)).op() == Op.INPUT) {
                        names[i] = CHANNELS[n.op().ordinal() - Op.RED.ordinal()];
                    }
                }
                default -> {
                }
            }
            if (names[i] == null && uses[i] > 1 && !n.op().isLeaf() && i != nodes.size() - 1) {
                String temp = "t" + (statements.size() + 1);
                statements.add(temp + " = " + expr(i, 0));
                names[i] = temp;
            }
        }
        int result = nodes.size() - 1;
        if (pixels) {
            printChannels(result);
        } else {
            String body = expr(result, 0);
            statements.add(program.reduction().map(r -> r.word() + "(" + body + ")").orElse(body));
        }
        return String.join("; ", statements);
    }

    /**
     * Assigns the output channels that differ from the input's, binding an input channel to a temporary
     * first where a later assignment would otherwise read the new value.
     */
    private void printChannels(int pack) {
        Node out = nodes.get(pack);
        if (out.op() != Op.PACK) {
            statements.add(expr(pack, 0));
            return;
        }
        boolean[] assigned = new boolean[4];
        var assignments = new ArrayList<String>();
        for (int c = 0; c < 4; c++) {
            int value = out.arg(c);
            if (CHANNELS[c].equals(names[value])) {
                continue;
            }
            for (int earlier = 0; earlier < c; earlier++) {
                if (assigned[earlier] && reads(value, CHANNELS[earlier])) {
                    rename(CHANNELS[earlier]);
                }
            }
            assignments.add(CHANNELS[c] + " = " + expr(value, 0));
            assigned[c] = true;
        }
        statements.addAll(assignments.isEmpty() ? List.of("r = r") : assignments);
    }

    private boolean reads(int node, String channel) {
        if (channel.equals(names[node])) {
            return true;
        }
        Node n = nodes.get(node);
        if (n.op().isLeaf() || names[node] != null) {
            return false;
        }
        for (int a : n.args()) {
            if (reads(a, channel)) {
                return true;
            }
        }
        return false;
    }

    private void rename(String channel) {
        String temp = channel + "0";
        statements.add(temp + " = " + channel);
        for (int i = 0; i < names.length; i++) {
            if (channel.equals(names[i])) {
                names[i] = temp;
            }
        }
    }

    /** Node {@code i} as an expression, parenthesized if it binds less tightly than {@code context}. */
    private String expr(int i, int context) {
        if (names[i] != null) {
            return names[i];
        }
        Node n = nodes.get(i);
        int precedence = precedence(n);
        String text = switch (n.op()) {
            case CONST -> constant(n.constant());
            case ADD, SUB, MUL, DIV, LT, LE, GT, GE, EQ, NE, AND, OR ->
                    expr(n.arg(0), precedence) + " " + symbol(n.op()) + " " + expr(n.arg(1), precedence + 1);
            case POW -> expr(n.arg(0), 8) + " ^ " + expr(n.arg(1), 6);
            case NEG -> "-" + expr(n.arg(0), 6);
            case NOT -> "!" + expr(n.arg(0), 6);
            default -> {
                var args = new ArrayList<String>();
                for (int a : n.args()) {
                    args.add(expr(a, 0));
                }
                yield n.op().word() + "(" + String.join(", ", args) + ")";
            }
        };
        return precedence < context ? "(" + text + ")" : text;
    }

    private static int precedence(Node n) {
        return switch (n.op()) {
            case OR -> 1;
            case AND -> 2;
            case LT, LE, GT, GE, EQ, NE -> 3;
            case ADD, SUB -> 4;
            case MUL, DIV -> 5;
            case NEG, NOT -> 6;
            case POW -> 7;
            case CONST -> n.constant() < 0 || 1 / n.constant() < 0 ? 6 : 8;
            default -> 8;
        };
    }

    private static String symbol(Op op) {
        return switch (op) {
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case DIV -> "/";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            case EQ -> "==";
            case NE -> "!=";
            case AND -> "&&";
            case OR -> "||";
            default -> throw new IllegalArgumentException(op + " has no symbol");
        };
    }

    private static String constant(float v) {
        if (Float.isNaN(v)) {
            return "(0 / 0)";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "(1 / 0)" : "(-1 / 0)";
        }
        if (v == (long) v && Math.abs(v) < 1e7 && !(v == 0 && 1 / v < 0)) {
            return Long.toString((long) v);
        }
        return Float.toString(v).replace("E", "e");
    }
}
