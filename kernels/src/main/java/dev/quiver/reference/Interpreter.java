package dev.quiver.reference;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Node;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Semantics;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * Evaluates a {@link Program} one element at a time by calling {@link Semantics} for every node: the
 * definition of what a kernel computes, kept simple enough to be obviously right. Not thread-safe: one
 * interpreter per thread.
 */
public final class Interpreter {
    private final Node[] nodes;
    private final float[] params;
    private final float[] floats;
    private final int[] pixels;
    private final boolean[] bools;

    public Interpreter(Program program, float[] params) {
        this.nodes = program.nodes().toArray(Node[]::new);
        this.params = params.clone();
        this.floats = new float[nodes.length];
        this.pixels = new int[nodes.length];
        this.bools = new boolean[nodes.length];
    }

    /** Evaluates element {@code i} of the inputs; read the result with {@link #floatResult()} or {@link #pixelResult()}. */
    public void evaluate(List<Operand> inputs, long i) {
        for (int k = 0; k < nodes.length; k++) {
            Node n = nodes[k];
            switch (n.op()) {
                case INPUT -> {
                    Operand in = inputs.get(n.slot());
                    switch (in) {
                        case Operand.FloatArray a -> floats[k] = a.array()[a.offset() + (int) i];
                        case Operand.IntArray a -> pixels[k] = a.array()[a.offset() + (int) i];
                        case Operand.Segment s -> {
                            if (n.type() == dev.quiver.kernel.Type.PIXEL) {
                                pixels[k] = s.segment().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
                            } else {
                                floats[k] = s.segment().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                            }
                        }
                    }
                }
                case PARAM -> floats[k] = params[n.slot()];
                case CONST -> floats[k] = n.constant();
                case NEG -> floats[k] = Semantics.neg(f(n, 0));
                case ABS -> floats[k] = Semantics.abs(f(n, 0));
                case SQRT -> floats[k] = Semantics.sqrt(f(n, 0));
                case RSQRT -> floats[k] = Semantics.rsqrt(f(n, 0));
                case EXP -> floats[k] = Semantics.exp(f(n, 0));
                case LOG -> floats[k] = Semantics.log(f(n, 0));
                case SIN -> floats[k] = Semantics.sin(f(n, 0));
                case COS -> floats[k] = Semantics.cos(f(n, 0));
                case TANH -> floats[k] = Semantics.tanh(f(n, 0));
                case FLOOR -> floats[k] = Semantics.floor(f(n, 0));
                case CEIL -> floats[k] = Semantics.ceil(f(n, 0));
                case ROUND -> floats[k] = Semantics.round(f(n, 0));
                case ADD -> floats[k] = Semantics.add(f(n, 0), f(n, 1));
                case SUB -> floats[k] = Semantics.sub(f(n, 0), f(n, 1));
                case MUL -> floats[k] = Semantics.mul(f(n, 0), f(n, 1));
                case DIV -> floats[k] = Semantics.div(f(n, 0), f(n, 1));
                case MIN -> floats[k] = Semantics.min(f(n, 0), f(n, 1));
                case MAX -> floats[k] = Semantics.max(f(n, 0), f(n, 1));
                case POW -> floats[k] = Semantics.pow(f(n, 0), f(n, 1));
                case FMA -> floats[k] = Semantics.fma(f(n, 0), f(n, 1), f(n, 2));
                case LT -> bools[k] = Semantics.lt(f(n, 0), f(n, 1));
                case LE -> bools[k] = Semantics.le(f(n, 0), f(n, 1));
                case GT -> bools[k] = Semantics.gt(f(n, 0), f(n, 1));
                case GE -> bools[k] = Semantics.ge(f(n, 0), f(n, 1));
                case EQ -> bools[k] = Semantics.eq(f(n, 0), f(n, 1));
                case NE -> bools[k] = Semantics.ne(f(n, 0), f(n, 1));
                case AND -> bools[k] = Semantics.and(bools[n.arg(0)], bools[n.arg(1)]);
                case OR -> bools[k] = Semantics.or(bools[n.arg(0)], bools[n.arg(1)]);
                case NOT -> bools[k] = Semantics.not(bools[n.arg(0)]);
                case SELECT -> floats[k] = Semantics.select(bools[n.arg(0)], f(n, 1), f(n, 2));
                case RED -> floats[k] = Semantics.red(pixels[n.arg(0)]);
                case GREEN -> floats[k] = Semantics.green(pixels[n.arg(0)]);
                case BLUE -> floats[k] = Semantics.blue(pixels[n.arg(0)]);
                case ALPHA -> floats[k] = Semantics.alpha(pixels[n.arg(0)]);
                case QUANTIZE -> floats[k] = Semantics.quantize(f(n, 0));
                case PACK -> pixels[k] = Semantics.pack(f(n, 0), f(n, 1), f(n, 2), f(n, 3));
            }
        }
    }

    private float f(Node n, int operand) {
        return floats[n.arg(operand)];
    }

    /** The float result of the last {@link #evaluate}. */
    public float floatResult() {
        return floats[nodes.length - 1];
    }

    /** The pixel result of the last {@link #evaluate}. */
    public int pixelResult() {
        return pixels[nodes.length - 1];
    }
}
