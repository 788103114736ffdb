package dev.quiver.cpu.codegen;

import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.CLASS_INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;

import dev.quiver.kernel.Node;
import dev.quiver.kernel.Op;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Reduction;
import dev.quiver.kernel.Type;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * Writes a kernel as a Vector API loop: the body repeated {@code unroll} times per iteration over full
 * vectors, then masked iterations for the rest, so any length and any start offset work without a
 * scalar tail. Each node becomes one vector operation, or a short inline sequence of them, on values
 * that C2 keeps in registers; the species is a static final constant of the generated class, which is what
 * lets C2 turn every call into machine instructions.
 */
final class VectorLoopWriter extends LoopWriter {
    private static final ClassDesc FV = ClassDesc.of("jdk.incubator.vector.FloatVector");
    private static final ClassDesc IV = ClassDesc.of("jdk.incubator.vector.IntVector");
    private static final ClassDesc V = ClassDesc.of("jdk.incubator.vector.Vector");
    private static final ClassDesc MASK = ClassDesc.of("jdk.incubator.vector.VectorMask");
    private static final ClassDesc SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final ClassDesc OPERATORS = ClassDesc.of("jdk.incubator.vector.VectorOperators");
    private static final ClassDesc UNARY = ClassDesc.of("jdk.incubator.vector.VectorOperators$Unary");
    private static final ClassDesc COMPARISON = ClassDesc.of("jdk.incubator.vector.VectorOperators$Comparison");
    private static final ClassDesc ASSOCIATIVE = ClassDesc.of("jdk.incubator.vector.VectorOperators$Associative");
    private static final ClassDesc BINARY_OP = ClassDesc.of("jdk.incubator.vector.VectorOperators$Binary");
    private static final ClassDesc TEST = ClassDesc.of("jdk.incubator.vector.VectorOperators$Test");
    private static final ClassDesc CONVERSION = ClassDesc.of("jdk.incubator.vector.VectorOperators$Conversion");
    private static final ClassDesc ORDER = ClassDesc.of("java.nio.ByteOrder");
    private static final float TWO_TO_23 = 0x1p23f;

    private static final MethodTypeDesc FV_TO_FV = MethodTypeDesc.of(FV, FV);
    private static final MethodTypeDesc BINARY = MethodTypeDesc.of(FV, V);
    private static final MethodTypeDesc FLOAT_ARG = MethodTypeDesc.of(FV, CD_float);
    private static final MethodTypeDesc INT_ARG = MethodTypeDesc.of(IV, CD_int);

    private final int bits;
    private final int lanes;
    private final int unroll;

    /** Locals of the masked tail and the reduction accumulators. */
    private int mask;
    private int intMask;
    private int[] sums;
    /** Temporaries of the inline sequences for round, floor and ceil. */
    private final int[] scratch = new int[3];
    /** An int array of one vector's lanes: the Vector API gathers by indices in an array. */
    private int levels;

    VectorLoopWriter(Program program, int layout, int bits, int unroll) {
        super(program, layout);
        this.bits = bits;
        this.lanes = bits / 32;
        this.unroll = unroll;
    }

    @Override
    String kind() {
        return "Vector" + bits + "x" + unroll + "_";
    }

    @Override
    TypeKind kindOf(Type type) {
        return TypeKind.REFERENCE;
    }

    @Override
    void addStatics(ClassBuilder cb) {
        int flags = ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC | ClassFile.ACC_FINAL;
        cb.withField("F", SPECIES, flags);
        cb.withField("I", SPECIES, flags);
        cb.withField("ORDER", ORDER, flags);
        String field = "SPECIES_" + bits;
        cb.withMethodBody(CLASS_INIT_NAME, MTD_void, ClassFile.ACC_STATIC, c -> c
                .getstatic(FV, field, SPECIES).putstatic(self, "F", SPECIES)
                .getstatic(IV, field, SPECIES).putstatic(self, "I", SPECIES)
                .invokestatic(ORDER, "nativeOrder", MethodTypeDesc.of(ORDER)).putstatic(self, "ORDER", ORDER)
                .return_());
    }

    private void species(String which) {
        code.getstatic(self, which, SPECIES);
    }

    @Override
    void prologue() {
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.op() == Op.PARAM) {
                species("F");
                code.aload(PARAMS).loadConstant(n.slot()).faload();
                code.invokestatic(FV, "broadcast", MethodTypeDesc.of(FV, SPECIES, CD_float)).astore(value[i]);
            } else if (n.op() == Op.CONST) {
                species("F");
                code.loadConstant(n.constant()).invokestatic(FV, "broadcast", MethodTypeDesc.of(FV, SPECIES, CD_float)).astore(value[i]);
            }
        }
        mask = code.allocateLocal(TypeKind.REFERENCE);
        intMask = code.allocateLocal(TypeKind.REFERENCE);
        for (int k = 0; k < scratch.length; k++) {
            scratch[k] = code.allocateLocal(TypeKind.REFERENCE);
        }
        if (!tables.isEmpty()) {
            levels = code.allocateLocal(TypeKind.REFERENCE);
            code.loadConstant(lanes).newarray(TypeKind.INT).astore(levels);
        }
        if (reducing) {
            Reduction r = program.reduction().orElseThrow();
            sums = new int[unroll];
            for (int u = 0; u < unroll; u++) {
                sums[u] = code.allocateLocal(TypeKind.REFERENCE);
                species("F");
                code.loadConstant(r.identity()).invokestatic(FV, "broadcast", MethodTypeDesc.of(FV, SPECIES, CD_float)).astore(sums[u]);
            }
        }
    }

    @Override
    void loops() {
        int step = unroll * lanes;
        int bound = code.allocateLocal(longIndex ? TypeKind.LONG : TypeKind.INT);
        // bound = index + ((end - index) & -step): the last start of a full unrolled iteration.
        if (longIndex) {
            code.lload(end).lload(index).lsub().loadConstant((long) -step).land().lload(index).ladd().lstore(bound);
        } else {
            code.iload(end).iload(index).isub().loadConstant(-step).iand().iload(index).iadd().istore(bound);
        }
        Label full = code.newLabel();
        Label tail = code.newLabel();
        Label done = code.newLabel();
        code.labelBinding(full);
        exitUnlessBelow(bound, tail);
        for (int u = 0; u < unroll; u++) {
            body(u * lanes, u, false);
        }
        advance(step);
        code.goto_(full);

        code.labelBinding(tail);
        exitUnlessBelow(end, done);
        species("F");
        loadIndexAsLong();
        loadEndAsLong();
        code.invokeinterface(SPECIES, "indexInRange", MethodTypeDesc.of(MASK, CD_long, CD_long)).astore(mask);
        species("I");
        loadIndexAsLong();
        loadEndAsLong();
        code.invokeinterface(SPECIES, "indexInRange", MethodTypeDesc.of(MASK, CD_long, CD_long)).astore(intMask);
        body(0, 0, true);
        advance(lanes);
        code.goto_(tail);

        code.labelBinding(done);
        if (reducing) {
            finishReduction();
        } else {
            code.return_();
        }
    }

    /** One vector's worth of the kernel at {@code index + delta}; {@code slot} picks the accumulator. */
    private void body(int delta, int slot, boolean masked) {
        for (int i = 0; i < nodes.size(); i++) {
            boolean pushed = push(i, n -> {
                if (n.op() == Op.INPUT) {
                    load(n.slot(), n.type(), delta, masked);
                } else {
                    compute(n);
                }
            });
            if (pushed) {
                code.astore(value[i]);
            }
        }
        int result = value[nodes.size() - 1];
        if (reducing) {
            accumulate(result, slot, masked);
        } else {
            store(result, delta, masked);
        }
    }

    private void load(int operand, Type type, int delta, boolean masked) {
        boolean pixels = type == Type.PIXEL;
        ClassDesc vector = pixels ? IV : FV;
        species(pixels ? "I" : "F");
        code.aload(base[operand]);
        if (isSegment(operand)) {
            byteOffset(delta);
            code.getstatic(self, "ORDER", ORDER);
            if (masked) {
                code.aload(pixels ? intMask : mask);
                code.invokestatic(vector, "fromMemorySegment", MethodTypeDesc.of(vector, SPECIES, CD_SEGMENT, CD_long, ORDER, MASK));
            } else {
                code.invokestatic(vector, "fromMemorySegment", MethodTypeDesc.of(vector, SPECIES, CD_SEGMENT, CD_long, ORDER));
            }
        } else {
            ClassDesc array = (pixels ? CD_int : CD_float).arrayType();
            arrayIndex(operand, delta);
            if (masked) {
                code.aload(pixels ? intMask : mask);
                code.invokestatic(vector, "fromArray", MethodTypeDesc.of(vector, SPECIES, array, CD_int, MASK));
            } else {
                code.invokestatic(vector, "fromArray", MethodTypeDesc.of(vector, SPECIES, array, CD_int));
            }
        }
    }

    private void store(int result, int delta, boolean masked) {
        int out = outputOperand();
        boolean pixels = program.outputType() == Type.PIXEL;
        ClassDesc vector = pixels ? IV : FV;
        code.aload(result).aload(base[out]);
        if (isSegment(out)) {
            byteOffset(delta);
            code.getstatic(self, "ORDER", ORDER);
            if (masked) {
                code.aload(pixels ? intMask : mask);
                code.invokevirtual(vector, "intoMemorySegment", MethodTypeDesc.of(CD_void, CD_SEGMENT, CD_long, ORDER, MASK));
            } else {
                code.invokevirtual(vector, "intoMemorySegment", MethodTypeDesc.of(CD_void, CD_SEGMENT, CD_long, ORDER));
            }
        } else {
            ClassDesc array = (pixels ? CD_int : CD_float).arrayType();
            arrayIndex(out, delta);
            if (masked) {
                code.aload(pixels ? intMask : mask);
                code.invokevirtual(vector, "intoArray", MethodTypeDesc.of(CD_void, array, CD_int, MASK));
            } else {
                code.invokevirtual(vector, "intoArray", MethodTypeDesc.of(CD_void, array, CD_int));
            }
        }
    }

    private void accumulate(int term, int slot, boolean masked) {
        Reduction r = program.reduction().orElseThrow();
        code.aload(term);
        if (masked) {
            // Lanes past the end must not count: give them the reduction's identity.
            code.loadConstant(r.identity()).aload(mask).invokevirtual(MASK, "not", MethodTypeDesc.of(MASK));
            code.invokevirtual(FV, "blend", MethodTypeDesc.of(FV, CD_float, MASK));
        }
        code.astore(term);
        String combine = switch (r) {
            case SUM -> "add";
            case MIN -> "min";
            case MAX -> "max";
        };
        code.aload(sums[slot]).aload(term).invokevirtual(FV, combine, BINARY).astore(sums[slot]);
    }

    /**
     * Combines the accumulators and returns the result as a double. Sums are float lanes here: the
     * caller gives this loop blocks short enough to keep the rounding small, and adds the blocks in
     * double (widening inside the loop would need the Vector API's shape-changing conversion, which made
     * other kernels' conversions in the same JVM hundreds of times slower). A sum's lanes are added in lane
     * order ({@link LaneSum}), so that a call gives the same bits however far the JIT has got.
     */
    private void finishReduction() {
        Reduction r = program.reduction().orElseThrow();
        String combine = switch (r) {
            case SUM -> "add";
            case MIN -> "min";
            case MAX -> "max";
        };
        code.aload(sums[0]);
        for (int u = 1; u < unroll; u++) {
            code.aload(sums[u]).invokevirtual(FV, combine, BINARY);
        }
        if (r == Reduction.SUM) {
            code.invokevirtual(FV, "toArray", MethodTypeDesc.of(CD_float.arrayType()));
            code.invokestatic(ClassDesc.of(LaneSum.class.getName()), "inOrder", MethodTypeDesc.of(CD_float, CD_float.arrayType()));
        } else {
            code.getstatic(OPERATORS, r.name(), ASSOCIATIVE); // exact in any order
            code.invokevirtual(FV, "reduceLanes", MethodTypeDesc.of(CD_float, ASSOCIATIVE));
        }
        code.f2d().dreturn();
    }

    /**
     * Gathers node {@code i}'s lanes from its table: the level lanes (0..255, so every index is in the
     * table) go through the index array.
     */
    @Override
    void lookUp(int i) {
        // the level as the int vector it was computed as (C2 shares the work with the level's own node)
        Node level = nodes.get(tables.levelOf(i));
        if (isChannel(level)) {
            channelAsInt(level);
        } else {
            quantizeToInt(level.arg(0));
        }
        code.aload(levels).iconst_0().invokevirtual(IV, "intoArray", MethodTypeDesc.of(CD_void, CD_int.arrayType(), CD_int));
        species("F");
        code.aload(table[tables.tableOf(i)]).iconst_0().aload(levels).iconst_0();
        code.invokestatic(FV, "fromArray", MethodTypeDesc.of(FV, SPECIES, CD_float.arrayType(), CD_int, CD_int.arrayType(), CD_int));
    }

    /** Pushes the vector result of a computing node. */
    private void compute(Node n) {
        switch (n.op()) {
            case ADD, SUB, MUL, DIV, MIN, MAX -> {
                code.aload(value[n.arg(0)]).aload(value[n.arg(1)]);
                code.invokevirtual(FV, n.op().word(), BINARY);
            }
            case NEG, ABS, SQRT -> code.aload(value[n.arg(0)]).invokevirtual(FV, n.op().word(), MethodTypeDesc.of(FV));
            case EXP, LOG, SIN, COS, TANH -> {
                code.aload(value[n.arg(0)]);
                code.getstatic(OPERATORS, n.op().name(), UNARY);
                code.invokevirtual(FV, "lanewise", MethodTypeDesc.of(FV, UNARY));
            }
            case POW -> pow(value[n.arg(0)], value[n.arg(1)]);
            case FMA -> {
                code.aload(value[n.arg(0)]).aload(value[n.arg(1)]).aload(value[n.arg(2)]);
                code.invokevirtual(FV, "fma", MethodTypeDesc.of(FV, V, V));
            }
            case RSQRT -> {
                species("F");
                code.loadConstant(1f).invokestatic(FV, "broadcast", MethodTypeDesc.of(FV, SPECIES, CD_float));
                code.aload(value[n.arg(0)]).invokevirtual(FV, "sqrt", MethodTypeDesc.of(FV)).invokevirtual(FV, "div", BINARY);
            }
            case ROUND -> round(value[n.arg(0)]);
            case FLOOR -> floor(value[n.arg(0)]);
            case CEIL -> {
                // ceil(x) = -floor(-x), which also gives -0.0 for -1 < x < 0 as Math.ceil does.
                code.aload(value[n.arg(0)]).invokevirtual(FV, "neg", MethodTypeDesc.of(FV)).astore(scratch[2]);
                floor(scratch[2]);
                code.invokevirtual(FV, "neg", MethodTypeDesc.of(FV));
            }
            case LT, LE, GT, GE, EQ, NE -> {
                code.aload(value[n.arg(0)]);
                code.getstatic(OPERATORS, n.op().name(), COMPARISON);
                code.aload(value[n.arg(1)]);
                code.invokevirtual(FV, "compare", MethodTypeDesc.of(MASK, COMPARISON, V));
            }
            case AND, OR -> code.aload(value[n.arg(0)]).aload(value[n.arg(1)])
                    .invokevirtual(MASK, n.op().word(), MethodTypeDesc.of(MASK, MASK));
            case NOT -> code.aload(value[n.arg(0)]).invokevirtual(MASK, "not", MethodTypeDesc.of(MASK));
            case SELECT -> {
                // select(c, a, b) = b.blend(a, c): lanes where c holds take a.
                code.aload(value[n.arg(2)]).aload(value[n.arg(1)]).aload(value[n.arg(0)]);
                code.invokevirtual(FV, "blend", MethodTypeDesc.of(FV, V, MASK));
            }
            case RED, GREEN, BLUE, ALPHA -> {
                channelAsInt(n);
                intToFloat();
            }
            case QUANTIZE -> {
                quantizeToInt(n.arg(0));
                intToFloat();
            }
            case PACK -> {
                // a << 24 | r << 16 | g << 8 | b, each channel an int 0..255.
                packChannel(n.arg(3), 24);
                packChannel(n.arg(0), 16);
                code.invokevirtual(IV, "or", MethodTypeDesc.of(IV, V));
                packChannel(n.arg(1), 8);
                code.invokevirtual(IV, "or", MethodTypeDesc.of(IV, V));
                packChannel(n.arg(2), 0);
                code.invokevirtual(IV, "or", MethodTypeDesc.of(IV, V));
            }
            case INPUT, PARAM, CONST -> throw new IllegalStateException(n.op() + " is not computed in the loop");
        }
    }

    /*
     * The operations below have no single Vector API method. They are emitted inline, not called: C2
     * does not reliably inline a shared helper taking vectors into the loop, and a vector that crosses a
     * call that is not inlined is boxed on the heap, which made such kernels ten times slower.
     */

    /**
     * Round half to even, as Math.rint: adding and subtracting 2^23 rounds to a whole number in the FPU's
     * round-to-nearest-even mode; the sign is put back after (so -0.3 gives -0.0), and from 2^23 up every
     * float is whole already (NaN stays NaN either way).
     */
    private void round(int x) {
        int magnitude = scratch[0];
        code.aload(x).invokevirtual(FV, "abs", MethodTypeDesc.of(FV)).astore(magnitude);
        code.aload(magnitude).loadConstant(TWO_TO_23).invokevirtual(FV, "add", FLOAT_ARG);
        code.loadConstant(TWO_TO_23).invokevirtual(FV, "sub", FLOAT_ARG);
        code.getstatic(OPERATORS, "NEG", UNARY);
        code.aload(x).getstatic(OPERATORS, "IS_NEGATIVE", TEST).invokevirtual(FV, "test", MethodTypeDesc.of(MASK, TEST));
        code.invokevirtual(FV, "lanewise", MethodTypeDesc.of(FV, UNARY, MASK));
        code.aload(x);
        code.aload(magnitude).getstatic(OPERATORS, "GE", COMPARISON).loadConstant(TWO_TO_23)
                .invokevirtual(FV, "compare", MethodTypeDesc.of(MASK, COMPARISON, CD_float));
        code.invokevirtual(FV, "blend", MethodTypeDesc.of(FV, V, MASK));
    }

    /** floor(x) = rint(x), less one where that rounded up. */
    private void floor(int x) {
        int rounded = scratch[1];
        round(x);
        code.astore(rounded);
        code.aload(rounded).getstatic(OPERATORS, "SUB", BINARY_OP).loadConstant(1f);
        code.aload(rounded).getstatic(OPERATORS, "GT", COMPARISON).aload(x).invokevirtual(FV, "compare", MethodTypeDesc.of(MASK, COMPARISON, V));
        code.invokevirtual(FV, "lanewise", MethodTypeDesc.of(FV, BINARY_OP, CD_float, MASK));
    }

    /**
     * Math.pow. The Vector API computes C's pow, which differs from Java's in two cases: Java gives NaN
     * for a NaN exponent even with base 1, and for base ±1 with an infinite exponent, where C gives 1.
     */
    private void pow(int a, int b) {
        code.aload(a).aload(b).invokevirtual(FV, "pow", BINARY);
        code.loadConstant(Float.NaN);
        code.aload(b).getstatic(OPERATORS, "IS_NAN", TEST).invokevirtual(FV, "test", MethodTypeDesc.of(MASK, TEST));
        code.aload(a).invokevirtual(FV, "abs", MethodTypeDesc.of(FV)).getstatic(OPERATORS, "EQ", COMPARISON).loadConstant(1f)
                .invokevirtual(FV, "compare", MethodTypeDesc.of(MASK, COMPARISON, CD_float));
        code.aload(b).getstatic(OPERATORS, "IS_INFINITE", TEST).invokevirtual(FV, "test", MethodTypeDesc.of(MASK, TEST));
        code.invokevirtual(MASK, "and", MethodTypeDesc.of(MASK, MASK));
        code.invokevirtual(MASK, "or", MethodTypeDesc.of(MASK, MASK));
        code.invokevirtual(FV, "blend", MethodTypeDesc.of(FV, CD_float, MASK));
    }

    /**
     * The stored 8-bit level of a channel value, as an int vector: round half to even by adding and
     * subtracting 2^23, convert (Java's float-to-int: NaN gives 0, out of range saturates), clamp to
     * 0..255 with integer min and max. Exact for every input: below 0 and from 2^23 up the clamp decides,
     * whatever the rounding did.
     */
    private void quantizeToInt(int node) {
        Node n = nodes.get(node);
        if (isChannel(n)) {
            channelAsInt(n);
            return;
        }
        if (tables.holdsLevels(node)) {
            // looked up as levels already: only the conversion is left
            code.aload(value[node]).getstatic(OPERATORS, "F2I", CONVERSION).iconst_0()
                    .invokevirtual(FV, "convert", MethodTypeDesc.of(V, CONVERSION, CD_int)).checkcast(IV);
            return;
        }
        code.aload(value[node]).loadConstant(TWO_TO_23).invokevirtual(FV, "add", FLOAT_ARG);
        code.loadConstant(TWO_TO_23).invokevirtual(FV, "sub", FLOAT_ARG);
        code.getstatic(OPERATORS, "F2I", CONVERSION).iconst_0().invokevirtual(FV, "convert", MethodTypeDesc.of(V, CONVERSION, CD_int));
        code.checkcast(IV).iconst_0().invokevirtual(IV, "max", INT_ARG).loadConstant(255).invokevirtual(IV, "min", INT_ARG);
    }

    /** A pixel channel as an int vector 0..255. */
    private void channelAsInt(Node channel) {
        int shift = switch (channel.op()) {
            case RED -> 16;
            case GREEN -> 8;
            case BLUE -> 0;
            case ALPHA -> 24;
            default -> throw new IllegalStateException(channel.op() + " is not a channel");
        };
        code.aload(value[channel.arg(0)]);
        if (shift != 0) {
            code.getstatic(OPERATORS, "LSHR", BINARY_OP).loadConstant(shift).invokevirtual(IV, "lanewise", MethodTypeDesc.of(IV, BINARY_OP, CD_int));
        }
        if (shift != 24) {
            code.loadConstant(0xFF).invokevirtual(IV, "and", INT_ARG);
        }
    }

    private void intToFloat() {
        code.getstatic(OPERATORS, "I2F", CONVERSION).iconst_0().invokevirtual(IV, "convert", MethodTypeDesc.of(V, CONVERSION, CD_int));
        code.checkcast(FV);
    }

    /** Pushes a channel's level shifted into place; an unchanged channel of a pixel is masked, not converted. */
    private void packChannel(int node, int shift) {
        Node n = nodes.get(node);
        if (isChannel(n) && channelShift(n) == shift) {
            code.aload(value[n.arg(0)]).loadConstant(0xFF << shift).invokevirtual(IV, "and", INT_ARG);
            return;
        }
        quantizeToInt(node);
        if (shift != 0) {
            code.getstatic(OPERATORS, "LSHL", BINARY_OP).loadConstant(shift).invokevirtual(IV, "lanewise", MethodTypeDesc.of(IV, BINARY_OP, CD_int));
        }
    }

    private static boolean isChannel(Node n) {
        return n.op() == Op.RED || n.op() == Op.GREEN || n.op() == Op.BLUE || n.op() == Op.ALPHA;
    }

    private static int channelShift(Node n) {
        return switch (n.op()) {
            case RED -> 16;
            case GREEN -> 8;
            case BLUE -> 0;
            default -> 24;
        };
    }
}
