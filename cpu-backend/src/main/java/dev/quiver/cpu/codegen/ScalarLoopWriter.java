package dev.quiver.cpu.codegen;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.quiver.kernel.Node;
import dev.quiver.kernel.Op;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Reduction;
import dev.quiver.kernel.Type;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.List;

/**
 * Writes a kernel as a plain scalar loop that calls {@link dev.quiver.kernel.Semantics} for every
 * operation but the four arithmetic ones, so its results are the reference's, bit for bit. C2 inlines
 * those small methods and auto-vectorizes what it can.
 */
final class ScalarLoopWriter extends LoopWriter {
    private static final ClassDesc LAYOUT = ClassDesc.of("java.lang.foreign.ValueLayout");
    private static final ClassDesc OF_FLOAT = ClassDesc.of("java.lang.foreign.ValueLayout$OfFloat");
    private static final ClassDesc OF_INT = ClassDesc.of("java.lang.foreign.ValueLayout$OfInt");

    private int accumulator;

    ScalarLoopWriter(Program program, int layout) {
        super(program, layout);
    }

    @Override
    String kind() {
        return "Scalar";
    }

    @Override
    TypeKind kindOf(Type type) {
        return type == Type.FLOAT ? TypeKind.FLOAT : TypeKind.INT;
    }

    @Override
    void prologue() {
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.op() == Op.PARAM) {
                code.aload(PARAMS).loadConstant(n.slot()).faload().fstore(value[i]);
            } else if (n.op() == Op.CONST) {
                code.loadConstant(n.constant()).fstore(value[i]);
            }
        }
        program.reduction().ifPresent(r -> {
            if (r == Reduction.SUM) {
                accumulator = code.allocateLocal(TypeKind.DOUBLE);
                code.dconst_0().dstore(accumulator);
            } else {
                accumulator = code.allocateLocal(TypeKind.FLOAT);
                code.loadConstant(r.identity()).fstore(accumulator);
            }
        });
    }

    @Override
    void loops() {
        Label loop = code.newLabel();
        Label done = code.newLabel();
        code.labelBinding(loop);
        exitUnlessBelow(end, done);
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            boolean pushed = push(i, m -> {
                if (m.op() == Op.INPUT) {
                    load(m.slot(), m.type());
                } else {
                    compute(m);
                }
            });
            if (!pushed) {
                continue;
            }
            if (n.type() == Type.FLOAT) {
                code.fstore(value[i]);
            } else {
                code.istore(value[i]);
            }
        }
        int result = value[nodes.size() - 1];
        program.reduction().ifPresentOrElse(r -> accumulate(r, result), () -> store(result));
        advance(1);
        code.goto_(loop);
        code.labelBinding(done);
        program.reduction().ifPresentOrElse(r -> {
            if (r == Reduction.SUM) {
                code.dload(accumulator).dreturn();
            } else {
                code.fload(accumulator).f2d().dreturn();
            }
        }, code::return_);
    }

    /** Node {@code i}'s value from its table, at its level (a whole number 0..255). */
    @Override
    void lookUp(int i) {
        code.aload(table[tables.tableOf(i)]).fload(value[tables.levelOf(i)]).f2i().faload();
    }

    private void load(int operand, Type type) {
        boolean pixels = type == Type.PIXEL;
        code.aload(base[operand]);
        if (isSegment(operand)) {
            code.getstatic(LAYOUT, pixels ? "JAVA_INT_UNALIGNED" : "JAVA_FLOAT_UNALIGNED", pixels ? OF_INT : OF_FLOAT);
            byteOffset(0);
            code.invokeinterface(CD_SEGMENT, "get", MethodTypeDesc.of(pixels ? CD_int : CD_float, pixels ? OF_INT : OF_FLOAT, CD_long));
        } else {
            arrayIndex(operand, 0);
            if (pixels) {
                code.iaload();
            } else {
                code.faload();
            }
        }
    }

    private void store(int result) {
        int out = outputOperand();
        boolean pixels = program.outputType() == Type.PIXEL;
        code.aload(base[out]);
        if (isSegment(out)) {
            code.getstatic(LAYOUT, pixels ? "JAVA_INT_UNALIGNED" : "JAVA_FLOAT_UNALIGNED", pixels ? OF_INT : OF_FLOAT);
            byteOffset(0);
            if (pixels) {
                code.iload(result);
            } else {
                code.fload(result);
            }
            code.invokeinterface(CD_SEGMENT, "set", MethodTypeDesc.of(CD_void, pixels ? OF_INT : OF_FLOAT, CD_long, pixels ? CD_int : CD_float));
        } else {
            arrayIndex(out, 0);
            if (pixels) {
                code.iload(result).iastore();
            } else {
                code.fload(result).fastore();
            }
        }
    }

    private void accumulate(Reduction r, int term) {
        if (r == Reduction.SUM) {
            code.dload(accumulator).fload(term).f2d().dadd().dstore(accumulator);
        } else {
            code.fload(accumulator).fload(term);
            code.invokestatic(ClassDesc.of("java.lang.Math"), r == Reduction.MIN ? "min" : "max", MethodTypeDesc.of(CD_float, CD_float, CD_float));
            code.fstore(accumulator);
        }
    }

    private void compute(Node n) {
        for (int a : n.args()) {
            if (nodes.get(a).type() == Type.FLOAT) {
                code.fload(value[a]);
            } else {
                code.iload(value[a]);
            }
        }
        switch (n.op()) {
            case ADD -> code.fadd();
            case SUB -> code.fsub();
            case MUL -> code.fmul();
            case DIV -> code.fdiv();
            case NEG -> code.fneg();
            default -> {
                List<ClassDesc> params = n.op().operands().stream().map(ScalarLoopWriter::desc).toList();
                code.invokestatic(CD_SEMANTICS, n.op().word(), MethodTypeDesc.of(desc(n.type()), params));
            }
        }
    }

    private static ClassDesc desc(Type t) {
        return switch (t) {
            case FLOAT -> CD_float;
            case BOOL -> CD_boolean;
            case PIXEL -> CD_int;
        };
    }
}
