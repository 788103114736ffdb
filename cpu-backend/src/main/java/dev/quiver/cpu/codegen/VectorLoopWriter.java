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
 * scalar tail. Each node becomes one vector operation (or a {@link VectorOps} call) on values that C2
 * keeps in registers; the species is a static final constant of the generated class, which is what
 * lets C2 turn every call into machine instructions.
 */
final class VectorLoopWriter extends LoopWriter {
    private static final ClassDesc FV = ClassDesc.of("jdk.incubator.vector.FloatVector");
    private static final ClassDesc IV = ClassDesc.of("jdk.incubator.vector.IntVector");
    private static final ClassDesc DV = ClassDesc.of("jdk.incubator.vector.DoubleVector");
    private static final ClassDesc V = ClassDesc.of("jdk.incubator.vector.Vector");
    private static final ClassDesc MASK = ClassDesc.of("jdk.incubator.vector.VectorMask");
    private static final ClassDesc SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final ClassDesc OPERATORS = ClassDesc.of("jdk.incubator.vector.VectorOperators");
    private static final ClassDesc UNARY = ClassDesc.of("jdk.incubator.vector.VectorOperators$Unary");
    private static final ClassDesc COMPARISON = ClassDesc.of("jdk.incubator.vector.VectorOperators$Comparison");
    private static final ClassDesc ASSOCIATIVE = ClassDesc.of("jdk.incubator.vector.VectorOperators$Associative");
    private static final ClassDesc ORDER = ClassDesc.of("java.nio.ByteOrder");
    private static final ClassDesc OPS = ClassDesc.of(VectorOps.class.getName());

    private static final MethodTypeDesc FV_TO_FV = MethodTypeDesc.of(FV, FV);
    private static final MethodTypeDesc BINARY = MethodTypeDesc.of(FV, V);

    private final int bits;
    private final int lanes;
    private final int unroll;
    private ClassDesc self;

    /** Locals of the masked tail and the reduction accumulators. */
    private int mask;
    private int intMask;
    private int[] sums;
    private int[] highSums;

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
    void addStatics(ClassDesc self, ClassBuilder cb) {
        this.self = self;
        int flags = ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC | ClassFile.ACC_FINAL;
        cb.withField("F", SPECIES, flags);
        cb.withField("I", SPECIES, flags);
        cb.withField("D", SPECIES, flags);
        cb.withField("ORDER", ORDER, flags);
        String field = "SPECIES_" + bits;
        cb.withMethodBody(CLASS_INIT_NAME, MTD_void, ClassFile.ACC_STATIC, c -> c
                .getstatic(FV, field, SPECIES).putstatic(self, "F", SPECIES)
                .getstatic(IV, field, SPECIES).putstatic(self, "I", SPECIES)
                .getstatic(DV, field, SPECIES).putstatic(self, "D", SPECIES)
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
        if (reducing) {
            Reduction r = program.reduction().orElseThrow();
            sums = new int[unroll];
            highSums = new int[unroll];
            for (int u = 0; u < unroll; u++) {
                sums[u] = code.allocateLocal(TypeKind.REFERENCE);
                if (r == Reduction.SUM) {
                    highSums[u] = code.allocateLocal(TypeKind.REFERENCE);
                    species("D");
                    code.invokestatic(DV, "zero", MethodTypeDesc.of(DV, SPECIES)).dup().astore(sums[u]).astore(highSums[u]);
                } else {
                    species("F");
                    code.loadConstant(r.identity()).invokestatic(FV, "broadcast", MethodTypeDesc.of(FV, SPECIES, CD_float)).astore(sums[u]);
                }
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
            Node n = nodes.get(i);
            if (!inLoop(n)) {
                continue;
            }
            if (n.op() == Op.INPUT) {
                load(n.slot(), n.type(), delta, masked);
            } else {
                compute(n);
            }
            code.astore(value[i]);
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
        if (r == Reduction.SUM) {
            code.aload(sums[slot]).aload(term).invokestatic(OPS, "addLow", MethodTypeDesc.of(DV, DV, FV)).astore(sums[slot]);
            code.aload(highSums[slot]).aload(term).invokestatic(OPS, "addHigh", MethodTypeDesc.of(DV, DV, FV)).astore(highSums[slot]);
        } else {
            code.aload(sums[slot]).aload(term).invokevirtual(FV, r == Reduction.MIN ? "min" : "max", BINARY).astore(sums[slot]);
        }
    }

    private void finishReduction() {
        Reduction r = program.reduction().orElseThrow();
        if (r == Reduction.SUM) {
            code.aload(sums[0]);
            for (int u = 1; u < unroll; u++) {
                code.aload(sums[u]).invokevirtual(DV, "add", MethodTypeDesc.of(DV, V));
            }
            for (int u = 0; u < unroll; u++) {
                code.aload(highSums[u]).invokevirtual(DV, "add", MethodTypeDesc.of(DV, V));
            }
            code.getstatic(OPERATORS, "ADD", ASSOCIATIVE);
            code.invokevirtual(DV, "reduceLanes", MethodTypeDesc.of(java.lang.constant.ConstantDescs.CD_double, ASSOCIATIVE)).dreturn();
        } else {
            String op = r == Reduction.MIN ? "min" : "max";
            code.aload(sums[0]);
            for (int u = 1; u < unroll; u++) {
                code.aload(sums[u]).invokevirtual(FV, op, BINARY);
            }
            code.getstatic(OPERATORS, op.toUpperCase(java.util.Locale.ROOT), ASSOCIATIVE);
            code.invokevirtual(FV, "reduceLanes", MethodTypeDesc.of(CD_float, ASSOCIATIVE)).f2d().dreturn();
        }
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
            case FMA -> {
                code.aload(value[n.arg(0)]).aload(value[n.arg(1)]).aload(value[n.arg(2)]);
                code.invokevirtual(FV, "fma", MethodTypeDesc.of(FV, V, V));
            }
            case POW -> code.aload(value[n.arg(0)]).aload(value[n.arg(1)]).invokestatic(OPS, "pow", MethodTypeDesc.of(FV, FV, FV));
            case RSQRT, FLOOR, CEIL, ROUND, QUANTIZE -> code.aload(value[n.arg(0)]).invokestatic(OPS, n.op().word(), FV_TO_FV);
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
            case RED, GREEN, BLUE, ALPHA -> code.aload(value[n.arg(0)]).invokestatic(OPS, n.op().word(), MethodTypeDesc.of(FV, IV));
            case PACK -> {
                for (int k = 0; k < 4; k++) {
                    code.aload(value[n.arg(k)]);
                }
                code.invokestatic(OPS, "pack", MethodTypeDesc.of(IV, FV, FV, FV, FV));
            }
            case INPUT, PARAM, CONST -> throw new IllegalStateException(n.op() + " is not computed in the loop");
        }
    }
}
