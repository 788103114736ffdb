package dev.quiver.kernel;

import java.util.Arrays;

/**
 * One operation of a {@link Program}: an {@link Op} applied to earlier nodes. Nodes are values: two
 * nodes with the same operation, type, operands and constant are equal, which is how programs share
 * common subexpressions.
 *
 * @param op       the operation
 * @param type     the result type
 * @param args     the operands, as positions of earlier nodes in the program; for {@link Op#INPUT} and
 *                 {@link Op#PARAM} the single element is instead the input's or parameter's position
 * @param constant the value of a {@link Op#CONST}; 0 otherwise
 */
public record Node(Op op, Type type, int[] args, float constant) {

    public Node {
        args = args.clone();
    }

    /** The position of an {@link Op#INPUT}'s input or a {@link Op#PARAM}'s parameter. */
    public int slot() {
        if (op != Op.INPUT && op != Op.PARAM) {
            throw new IllegalStateException(op + " has no slot");
        }
        return args[0];
    }

    /** Operand {@code i}, a node position. */
    public int arg(int i) {
        return args[i];
    }

    @Override
    public int[] args() {
        return args.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node n && op == n.op && type == n.type && Arrays.equals(args, n.args)
                && Float.floatToRawIntBits(constant) == Float.floatToRawIntBits(n.constant);
    }

    @Override
    public int hashCode() {
        return (op.hashCode() * 31 + Arrays.hashCode(args)) * 31 + Float.floatToRawIntBits(constant);
    }

    @Override
    public String toString() {
        return switch (op) {
            case CONST -> Float.toString(constant);
            case INPUT -> "input#" + args[0];
            case PARAM -> "param#" + args[0];
            default -> op.word() + Arrays.toString(args);
        };
    }
}
