package dev.quiver.cpu.codegen;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Node;
import dev.quiver.kernel.Op;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Semantics;
import dev.quiver.kernel.Type;
import dev.quiver.reference.Interpreter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The costly parts of a program that depend on one 8-bit level alone, looked up instead of computed.
 * A pixel's channel and a value quantized between fused stages are whole numbers 0..255, so a part
 * that depends only on one of them (and on parameters and constants) takes one of 256 values: in
 * {@code grayscale,gamma=2.2,contrast=1.2} everything from the quantized gray level to the contrast's
 * result, the quantizing between gamma and contrast included. Where that part calls a
 * transcendental function, a loop reads it from a table of those 256 values, which the reference
 * {@link Interpreter} computes once per set of parameter values; so the part's bits are the
 * reference's on every CPU loop, and a pixel costs a load instead of a {@code pow}.
 *
 * <p>Thread-safe: loops on many threads share one instance.
 */
final class LevelTables {
    private static final int LEVELS = 256;
    private static final Set<Op> COSTLY = EnumSet.of(Op.EXP, Op.LOG, Op.SIN, Op.COS, Op.TANH, Op.POW);
    /** A node that depends on no input: parameters, constants and what is computed from them alone. */
    private static final int FIXED = -1;
    /** A node that depends on an input in another way than through one level. */
    private static final int VARIES = -2;

    private final Program program;
    /** For each node, the table it is looked up in, or -1 when it is computed (or not needed). */
    private final int[] table;
    /** For each node looked up, the node whose level indexes the table. */
    private final int[] level;
    /** Whether the loop needs a node's value. */
    private final boolean[] needed;
    /** One per distinct table: the part, with its level as the single float input, and whether the table holds it quantized. */
    private final List<Part> parts;
    /** Whether node {@code i}'s table holds its values quantized, as 8-bit levels. */
    private final boolean[] quantized;
    private volatile Filled filled;

    /**
     * A table's part, and whether it is stored quantized: where every consumer in the loop quantizes the
     * part's value anyway (a pixel's channel, or a quantize), the table holds the level, and the loop need
     * not quantize it again.
     */
    private record Part(Program program, boolean quantized) {
    }

    /** The tables computed for one set of parameter values. */
    private record Filled(float[] params, float[][] tables) {
    }

    private LevelTables(Program program) {
        this.program = program;
        List<Node> nodes = program.nodes();
        int count = nodes.size();
        int[] source = new int[count];
        boolean[] costly = new boolean[count];
        for (int i = 0; i < count; i++) {
            Node n = nodes.get(i);
            source[i] = switch (n.op()) {
                case PARAM, CONST -> FIXED;
                case INPUT -> VARIES;
                case RED, GREEN, BLUE, ALPHA -> i;
                // a quantized value is a level of its own, unless it is a function of one already
                case QUANTIZE -> source[n.arg(0)] == VARIES ? i : source[n.arg(0)];
                default -> combined(n, source);
            };
            // Costly between its level and itself: what is computed before a level is not looked up with it.
            costly[i] = source[i] != i && (COSTLY.contains(n.op()) || !n.op().isLeaf() && Arrays.stream(n.args()).anyMatch(a -> costly[a]));
        }
        boolean[] candidate = new boolean[count];
        for (int i = 0; i < count; i++) {
            Node n = nodes.get(i);
            candidate[i] = source[i] >= 0 && source[i] != i && costly[i] && n.type() == Type.FLOAT;
        }
        // A candidate is looked up where a node that is not one uses it, or where it is the result.
        boolean[] lookedUp = new boolean[count];
        lookedUp[count - 1] = candidate[count - 1];
        for (int i = 0; i < count; i++) {
            Node n = nodes.get(i);
            if (!candidate[i] && !n.op().isLeaf()) {
                for (int a : n.args()) {
                    lookedUp[a] |= candidate[a];
                }
            }
        }
        needed = new boolean[count];
        needed[count - 1] = true;
        for (int i = count - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (!needed[i] || n.op().isLeaf()) {
                continue;
            }
            if (lookedUp[i]) {
                needed[source[i]] = true;
            } else {
                for (int a : n.args()) {
                    needed[a] = true;
                }
            }
        }
        table = new int[count];
        level = new int[count];
        Arrays.fill(table, -1);
        quantized = new boolean[count];
        Map<Part, Integer> distinct = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            if (lookedUp[i] && needed[i]) {
                quantized[i] = onlyQuantized(i, lookedUp);
                Part part = new Part(program.part(i, source[i]), quantized[i]);
                table[i] = distinct.computeIfAbsent(part, p -> distinct.size());
                level[i] = source[i];
            }
        }
        parts = List.copyOf(distinct.keySet());
    }

    /** The tables of a program; {@link #isEmpty} when it has no costly part of a single level. */
    static LevelTables of(Program program) {
        return new LevelTables(program);
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    /** How many distinct tables {@link #forParams} returns. */
    int count() {
        return parts.size();
    }

    /** The table node {@code i} is read from, or -1 when it is computed. */
    int tableOf(int i) {
        return table[i];
    }

    /** The node whose level indexes node {@code i}'s table. */
    int levelOf(int i) {
        return level[i];
    }

    /** Whether node {@code i}'s table holds quantized values, whole numbers 0..255. */
    boolean holdsLevels(int i) {
        return quantized[i];
    }

    /** Whether the loop needs node {@code i}'s value (a part that is looked up needs only its level). */
    boolean needed(int i) {
        return needed[i];
    }

    /**
     * The tables for these parameter values, 256 floats each, indexed by level. Called by every chunk of
     * a call: computed when the values differ from the last call's, returned as they are otherwise.
     */
    float[][] forParams(float[] params) {
        Filled last = filled;
        if (last != null && Arrays.equals(last.params, params)) {
            return last.tables;
        }
        float[] levels = new float[LEVELS];
        for (int q = 0; q < LEVELS; q++) {
            levels[q] = q;
        }
        List<Operand> input = List.of(new Operand.FloatArray(levels, 0, LEVELS));
        float[][] tables = new float[parts.size()][LEVELS];
        for (int t = 0; t < tables.length; t++) {
            Part part = parts.get(t);
            var interpreter = new Interpreter(part.program(), params);
            for (int q = 0; q < LEVELS; q++) {
                interpreter.evaluate(input, q);
                float value = interpreter.floatResult();
                tables[t][q] = part.quantized() ? Semantics.quantize(value) : value;
            }
        }
        filled = new Filled(params.clone(), tables);
        return tables;
    }

    /** Whether every node the loop computes from node {@code i} quantizes it: a pack's channel, or a quantize. */
    private boolean onlyQuantized(int i, boolean[] lookedUp) {
        List<Node> nodes = program.nodes();
        for (int j = i + 1; j < nodes.size(); j++) {
            Node n = nodes.get(j);
            boolean computed = needed[j] && !n.op().isLeaf() && !lookedUp[j];
            if (computed && Arrays.stream(n.args()).anyMatch(a -> a == i) && n.op() != Op.PACK && n.op() != Op.QUANTIZE) {
                return false;
            }
        }
        return true;
    }

    private static int combined(Node n, int[] source) {
        int found = FIXED;
        for (int a : n.args()) {
            int s = source[a];
            if (s == VARIES || (s >= 0 && found >= 0 && s != found)) {
                return VARIES;
            }
            if (s >= 0) {
                found = s;
            }
        }
        return found;
    }
}
