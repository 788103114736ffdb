package dev.quiver.testing;

import dev.quiver.kernel.Expr;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Op;
import dev.quiver.kernel.Pixel;
import dev.quiver.kernel.Reduction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random kernels for property tests: trees of the exact operations (so every backend must match the
 * reference bit for bit) over a few inputs, two bound parameters and awkward constants.
 */
public final class RandomKernels {
    public static final List<Op> EXACT_UNARY = List.of(Op.NEG, Op.ABS, Op.SQRT, Op.RSQRT, Op.FLOOR, Op.CEIL, Op.ROUND);
    public static final List<Op> EXACT_BINARY = List.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.MIN, Op.MAX);
    public static final List<Op> COMPARISONS = List.of(Op.LT, Op.LE, Op.GT, Op.GE, Op.EQ, Op.NE);
    public static final List<Op> TRANSCENDENTAL = List.of(Op.EXP, Op.LOG, Op.SIN, Op.COS, Op.TANH, Op.POW);

    private RandomKernels() {
    }

    /** A float kernel of {@code inputs} inputs named a, b, c... with parameters p0 and p1 bound. */
    public static Kernel floats(Random r, int inputs, int depth) {
        var names = new ArrayList<String>();
        for (int i = 0; i < inputs; i++) {
            names.add(String.valueOf((char) ('a' + i)));
        }
        Kernel k = Kernel.map("random", names, in -> tree(r, leaves(in), depth));
        return bind(r, k);
    }

    /** A pixel kernel whose channels are random trees over the input channels. */
    public static Kernel pixels(Random r, int depth) {
        Kernel k = Kernel.pixels("random", p -> {
            List<Expr> leaves = List.of(p.r(), p.g(), p.b(), p.a(), p.r(), p.g(), p.b());
            return new Pixel(pick(r, leaves, depth), pick(r, leaves, depth), pick(r, leaves, depth), pick(r, leaves, depth));
        });
        return bind(r, k);
    }

    /** A reduction of a random exact term. */
    public static Kernel reduction(Random r, Reduction reduction, int inputs, int depth) {
        var names = new ArrayList<String>();
        for (int i = 0; i < inputs; i++) {
            names.add(String.valueOf((char) ('a' + i)));
        }
        return bind(r, Kernel.reduce("random-" + reduction.word(), reduction, names, in -> tree(r, leaves(in), depth)));
    }

    private static Expr pick(Random r, List<Expr> leaves, int depth) {
        return r.nextInt(5) == 0 ? leaves.get(r.nextInt(leaves.size())) : tree(r, leaves, depth);
    }

    private static List<Expr> leaves(List<Expr> inputs) {
        return inputs.isEmpty() ? List.of(Expr.param("p0")) : inputs;
    }

    private static Kernel bind(Random r, Kernel k) {
        for (String p : k.params()) {
            k = k.with(p, r.nextInt(4) == 0 ? AwkwardValues.next(r) : r.nextInt(200) / 8f - 12);
        }
        return k;
    }

    /** A random tree of exact operations. */
    public static Expr tree(Random r, List<Expr> leaves, int depth) {
        if (depth <= 0 || r.nextInt(5) == 0) {
            return switch (r.nextInt(10)) {
                case 0 -> Expr.param("p" + r.nextInt(2));
                case 1, 2 -> Expr.constant(r.nextInt(3) == 0 ? AwkwardValues.next(r) : r.nextInt(512) / 4f - 64);
                default -> leaves.get(r.nextInt(leaves.size()));
            };
        }
        return switch (r.nextInt(10)) {
            case 0, 1 -> Expr.apply(EXACT_UNARY.get(r.nextInt(EXACT_UNARY.size())), tree(r, leaves, depth - 1));
            case 2, 3, 4, 5 -> Expr.apply(EXACT_BINARY.get(r.nextInt(EXACT_BINARY.size())), tree(r, leaves, depth - 1), tree(r, leaves, depth - 1));
            case 6 -> Expr.fma(tree(r, leaves, depth - 1), tree(r, leaves, depth - 1), tree(r, leaves, depth - 1));
            default -> Expr.select(condition(r, leaves, depth - 1), tree(r, leaves, depth - 1), tree(r, leaves, depth - 1));
        };
    }

    private static Expr condition(Random r, List<Expr> leaves, int depth) {
        Expr c = Expr.apply(COMPARISONS.get(r.nextInt(COMPARISONS.size())), tree(r, leaves, depth - 1), tree(r, leaves, depth - 1));
        return switch (r.nextInt(6)) {
            case 0 -> c.not();
            case 1 -> c.and(Expr.apply(COMPARISONS.get(r.nextInt(COMPARISONS.size())), tree(r, leaves, depth - 1), tree(r, leaves, 0)));
            case 2 -> c.or(Expr.apply(COMPARISONS.get(r.nextInt(COMPARISONS.size())), tree(r, leaves, 0), tree(r, leaves, depth - 1)));
            default -> c;
        };
    }
}
