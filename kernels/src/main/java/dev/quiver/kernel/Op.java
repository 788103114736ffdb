package dev.quiver.kernel;

import static dev.quiver.kernel.Type.BOOL;
import static dev.quiver.kernel.Type.FLOAT;
import static dev.quiver.kernel.Type.PIXEL;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The operations of the kernel language. What each one computes is defined once, executably, by the
 * method of the same name in {@link Semantics}; every backend must produce the same float32 bits for the
 * operations marked exact, and stay within {@link Accuracy#TRANSCENDENTAL_ULPS} for the others.
 */
public enum Op {
    /** An element of an input array; {@link Node#slot()} is the input's position. */
    INPUT(null, null, true),
    /** A named scalar parameter; {@link Node#slot()} is the parameter's position. */
    PARAM(null, FLOAT, true),
    /** A float32 constant, {@link Node#constant()}. */
    CONST(null, FLOAT, true),

    NEG("neg", FLOAT, true, FLOAT),
    ABS("abs", FLOAT, true, FLOAT),
    SQRT("sqrt", FLOAT, true, FLOAT),
    /** {@code 1 / sqrt(x)}, both steps correctly rounded: exact, unlike hardware estimates. */
    RSQRT("rsqrt", FLOAT, true, FLOAT),
    EXP("exp", FLOAT, false, FLOAT),
    LOG("log", FLOAT, false, FLOAT),
    SIN("sin", FLOAT, false, FLOAT),
    COS("cos", FLOAT, false, FLOAT),
    TANH("tanh", FLOAT, false, FLOAT),
    FLOOR("floor", FLOAT, true, FLOAT),
    CEIL("ceil", FLOAT, true, FLOAT),
    /** Round half to even, as {@link Math#rint}. */
    ROUND("round", FLOAT, true, FLOAT),

    ADD("add", FLOAT, true, FLOAT, FLOAT),
    SUB("sub", FLOAT, true, FLOAT, FLOAT),
    MUL("mul", FLOAT, true, FLOAT, FLOAT),
    DIV("div", FLOAT, true, FLOAT, FLOAT),
    /** As {@link Math#min(float, float)}: NaN if either is NaN, and -0.0 is less than +0.0. */
    MIN("min", FLOAT, true, FLOAT, FLOAT),
    /** As {@link Math#max(float, float)}: NaN if either is NaN, and +0.0 is greater than -0.0. */
    MAX("max", FLOAT, true, FLOAT, FLOAT),
    POW("pow", FLOAT, false, FLOAT, FLOAT),
    /** {@code a * b + c} with a single rounding, as {@link Math#fma(float, float, float)}. */
    FMA("fma", FLOAT, true, FLOAT, FLOAT, FLOAT),

    LT("lt", BOOL, true, FLOAT, FLOAT),
    LE("le", BOOL, true, FLOAT, FLOAT),
    GT("gt", BOOL, true, FLOAT, FLOAT),
    GE("ge", BOOL, true, FLOAT, FLOAT),
    /** Java's {@code ==}: false when either is NaN, true for -0.0 == +0.0. */
    EQ("eq", BOOL, true, FLOAT, FLOAT),
    /** Java's {@code !=}: true when either is NaN. */
    NE("ne", BOOL, true, FLOAT, FLOAT),
    AND("and", BOOL, true, BOOL, BOOL),
    OR("or", BOOL, true, BOOL, BOOL),
    NOT("not", BOOL, true, BOOL),
    /** {@code select(c, a, b)} is {@code c ? a : b}. */
    SELECT("select", FLOAT, true, BOOL, FLOAT, FLOAT),

    /** The red channel of a pixel, 0..255. */
    RED("red", FLOAT, true, PIXEL),
    GREEN("green", FLOAT, true, PIXEL),
    BLUE("blue", FLOAT, true, PIXEL),
    ALPHA("alpha", FLOAT, true, PIXEL),
    /** The 8-bit value a channel is stored as: round half to even, clamp to 0..255, NaN to 0. */
    QUANTIZE("quantize", FLOAT, true, FLOAT),
    /** A pixel from red, green, blue and alpha, each {@linkplain #QUANTIZE quantized}. */
    PACK("pack", PIXEL, true, FLOAT, FLOAT, FLOAT, FLOAT);

    private final String word;
    private final Type result;
    private final boolean exact;
    private final List<Type> operands;

    Op(String word, Type result, boolean exact, Type... operands) {
        this.word = word;
        this.result = result;
        this.exact = exact;
        this.operands = List.of(operands);
    }

    /** The lower-case name of the operation, as in {@code quiver map} text where it is a function. */
    public String word() {
        return word == null ? name().toLowerCase(Locale.ROOT) : word;
    }

    /** The result type; {@code null} for {@link #INPUT}, whose type is its input's. */
    public Type result() {
        return result;
    }

    /** The operand types, in order. */
    public List<Type> operands() {
        return operands;
    }

    public int arity() {
        return operands.size();
    }

    /** Whether every backend must give the same bits as {@link Semantics}. */
    public boolean exact() {
        return exact;
    }

    /** True for the leaves of a program: inputs, parameters and constants. */
    public boolean isLeaf() {
        return this == INPUT || this == PARAM || this == CONST;
    }

    /** The operations a kernel text calls by name, like {@code sqrt(x)}; the rest are written as symbols. */
    private static final Set<Op> FUNCTIONS = EnumSet.of(NEG, ABS, SQRT, RSQRT, EXP, LOG, SIN, COS, TANH,
            FLOOR, CEIL, ROUND, MIN, MAX, POW, FMA, SELECT, QUANTIZE);

    /** The operation a kernel text calls by this name, such as {@code sqrt} or {@code select}. */
    public static Optional<Op> function(String name) {
        return FUNCTIONS.stream().filter(op -> op.word.equals(name)).findFirst();
    }

    /** The names {@link #function} knows, sorted, for messages and help. */
    public static List<String> functionNames() {
        return FUNCTIONS.stream().map(Op::word).sorted().toList();
    }
}
