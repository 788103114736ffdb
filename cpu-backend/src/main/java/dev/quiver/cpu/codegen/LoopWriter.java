package dev.quiver.cpu.codegen;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_float;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;

import dev.quiver.kernel.Node;
import dev.quiver.kernel.Op;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Type;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Writes a {@link CompiledLoop} for one program and one operand layout as a hidden class, so that C2
 * compiles each kernel's loop on its own, as straight-line code over values in registers. Subclasses
 * say how a value is loaded, computed and stored (vector or scalar); this class lays out the method:
 * operands unpacked into typed locals, parameters and constants hoisted, the loop, the result.
 *
 * <p>Layout bit {@code k} set means operand {@code k} (inputs, then the output) is a
 * {@link java.lang.foreign.MemorySegment}; clear means a Java array. With no segments the loop index is
 * an {@code int}, which C2 optimizes best over arrays; otherwise a {@code long}. With
 * {@link LoopCompiler#SHARED_INDEX} every array is read and written at the very same index expression.
 */
abstract class LoopWriter {
    /** C2 does not compile methods over 8000 bytes of bytecode (HugeMethodLimit); stay well under. */
    static final int MAX_LOOP_BYTES = 7000;

    static final ClassDesc CD_SEGMENT = ClassDesc.of("java.lang.foreign.MemorySegment");
    static final ClassDesc CD_SEMANTICS = ClassDesc.of("dev.quiver.kernel.Semantics");
    private static final ClassDesc CD_LOOP = ClassDesc.of(CompiledLoop.class.getName());
    private static final ClassDesc CD_TABLES = ClassDesc.of(LevelTables.class.getName());
    private static final MethodTypeDesc MTD_MAP = MethodTypeDesc.of(CD_void, CD_Object.arrayType(), CD_long.arrayType(),
            CD_float.arrayType(), CD_long, CD_long);
    private static final MethodTypeDesc MTD_REDUCE = MTD_MAP.changeReturnType(CD_double);
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final AtomicInteger CLASS_NUMBER = new AtomicInteger();

    /** Parameter slots of the generated method. */
    static final int BASES = 1;
    static final int OFFSETS = 2;
    static final int PARAMS = 3;
    static final int FROM = 4;
    static final int TO = 6;

    final Program program;
    final List<Node> nodes;
    /** The parts of the program that are looked up rather than computed. */
    final LevelTables tables;
    final boolean reducing;
    private final int layout;
    private final boolean sharedIndex;
    private final int operands;
    final boolean longIndex;

    /** The generated class. */
    ClassDesc self;
    CodeBuilder code;
    /** Local slots: each operand's base, each array operand's element offset, each node's value, each table. */
    int[] base;
    int[] offset;
    int[] value;
    int[] table;
    int index;
    int end;

    LoopWriter(Program program, int layout) {
        this.program = program;
        this.nodes = program.nodes();
        this.tables = LevelTables.of(program);
        this.reducing = program.reduction().isPresent();
        this.layout = layout & ~LoopCompiler.SHARED_INDEX;
        this.sharedIndex = (layout & LoopCompiler.SHARED_INDEX) != 0;
        this.operands = program.inputs().size() + (reducing ? 0 : 1);
        this.longIndex = this.layout != 0;
    }

    /** A short name for the generated class, such as "Vector512" or "Scalar". */
    abstract String kind();

    /** Adds static fields and their initializer, if the dialect needs any. */
    void addStatics(ClassBuilder cb) {
    }

    /** Pushes the value of node {@code i}, read from its table at its level's value. */
    abstract void lookUp(int i);

    /** Hoists parameters and constants into {@link #value} locals and sets up accumulators. */
    abstract void prologue();

    /** Emits the loops over {@code [index, end)} and the method's return. */
    abstract void loops();

    /** The local variable kind a node's value lives in. */
    abstract TypeKind kindOf(Type type);

    /** Compiles the program into a loop for this layout, or throws if the loop would be too large to JIT. */
    final CompiledLoop compile() {
        self = ClassDesc.of(getClass().getPackageName() + "." + kind() + "Loop" + CLASS_NUMBER.incrementAndGet());
        byte[] bytes = ClassFile.of().build(self, cb -> {
            cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            cb.withInterfaceSymbols(CD_LOOP);
            addStatics(cb);
            cb.withField("tables", CD_TABLES, ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL);
            cb.withMethodBody(INIT_NAME, MethodTypeDesc.of(CD_void, CD_TABLES), ClassFile.ACC_PUBLIC,
                    c -> c.aload(0).invokespecial(CD_Object, INIT_NAME, MTD_void).aload(0).aload(1).putfield(self, "tables", CD_TABLES).return_());
            cb.withMethodBody(reducing ? "reduce" : "map", reducing ? MTD_REDUCE : MTD_MAP, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
                    c -> {
                        code = c;
                        unpackOperands();
                        loadTables();
                        prologue();
                        loops();
                    });
        });
        int size = loopSize(bytes);
        if (size > MAX_LOOP_BYTES) {
            throw new TooLargeException(size);
        }
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(bytes, true);
            return (CompiledLoop) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class, LevelTables.class)).invoke(tables);
        } catch (Throwable e) {
            throw new IllegalStateException("generated " + kind() + " loop was rejected: " + e, e);
        }
    }

    /** The generated loop's bytecode would exceed what C2 compiles. */
    static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int bytes) {
            super("its loop takes " + bytes + " bytes of bytecode, over the " + MAX_LOOP_BYTES + " that the JIT compiles well");
        }
    }

    private static int loopSize(byte[] bytes) {
        int largest = 0;
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            largest = Math.max(largest, m.findAttribute(Attributes.code()).map(CodeAttribute::codeLength).orElse(0));
        }
        return largest;
    }

    boolean isSegment(int operand) {
        return (layout >>> operand & 1) != 0;
    }

    /** Operand {@code k}'s element type: an input's, or the output's. */
    Type elementType(int operand) {
        return operand < program.inputs().size() ? program.inputs().get(operand).type() : program.outputType();
    }

    /** The output's operand number. */
    int outputOperand() {
        return program.inputs().size();
    }

    private void unpackOperands() {
        base = new int[operands];
        offset = new int[operands];
        for (int k = 0; k < operands; k++) {
            ClassDesc type = isSegment(k) ? CD_SEGMENT : elementType(k) == Type.PIXEL ? CD_int.arrayType() : CD_float.arrayType();
            base[k] = code.allocateLocal(TypeKind.REFERENCE);
            code.aload(BASES).loadConstant(k).aaload().checkcast(type).astore(base[k]);
            if (sharedIndex && k > 0) {
                offset[k] = offset[0];
            } else if (!isSegment(k)) {
                offset[k] = code.allocateLocal(TypeKind.INT);
                code.aload(OFFSETS).loadConstant(k).laload().l2i().istore(offset[k]);
            }
        }
        value = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            value[i] = code.allocateLocal(kindOf(nodes.get(i).type()));
        }
        index = code.allocateLocal(longIndex ? TypeKind.LONG : TypeKind.INT);
        end = code.allocateLocal(longIndex ? TypeKind.LONG : TypeKind.INT);
        if (longIndex) {
            code.lload(FROM).lstore(index).lload(TO).lstore(end);
        } else {
            code.lload(FROM).l2i().istore(index).lload(TO).l2i().istore(end);
        }
    }

    /** Pushes {@code index + delta} as an int, for an array subscript (before adding the array's offset). */
    void arrayIndex(int operand, int delta) {
        code.iload(offset[operand]);
        if (longIndex) {
            code.lload(index).l2i();
        } else {
            code.iload(index);
        }
        code.iadd();
        if (delta != 0) {
            code.loadConstant(delta).iadd();
        }
    }

    /** Pushes the byte offset of element {@code index + delta} as a long, for a segment access. */
    void byteOffset(int delta) {
        loadIndexAsLong();
        if (delta != 0) {
            code.loadConstant((long) delta).ladd();
        }
        code.loadConstant(2).lshl();
    }

    void loadIndexAsLong() {
        if (longIndex) {
            code.lload(index);
        } else {
            code.iload(index).i2l();
        }
    }

    void loadEndAsLong() {
        if (longIndex) {
            code.lload(end);
        } else {
            code.iload(end).i2l();
        }
    }

    void advance(int step) {
        if (longIndex) {
            code.lload(index).loadConstant((long) step).ladd().lstore(index);
        } else {
            code.iinc(index, step);
        }
    }

    /** Jumps to {@code target} unless {@code index < bound}. */
    void exitUnlessBelow(int bound, Label target) {
        if (longIndex) {
            code.lload(index).lload(bound).lcmp().ifge(target);
        } else {
            code.iload(index).iload(bound).if_icmpge(target);
        }
    }

    /** The nodes computed inside the loop, in order: everything but parameters and constants. */
    boolean inLoop(Node n) {
        return n.op() != Op.PARAM && n.op() != Op.CONST;
    }

    /**
     * Pushes the value of node {@code i} inside the loop, loaded, looked up or computed; or returns false
     * when the loop has no use for it (a parameter, a constant, or inside a part that is looked up).
     */
    boolean push(int i, Consumer<Node> loadOrCompute) {
        Node n = nodes.get(i);
        if (!inLoop(n) || !tables.needed(i)) {
            return false;
        }
        if (tables.tableOf(i) >= 0) {
            lookUp(i);
        } else {
            loadOrCompute.accept(n);
        }
        return true;
    }

    /** The tables of this call's parameter values into locals, once per call of the loop. */
    private void loadTables() {
        table = new int[tables.count()];
        if (table.length == 0) {
            return;
        }
        int all = code.allocateLocal(TypeKind.REFERENCE);
        code.aload(0).getfield(self, "tables", CD_TABLES).aload(PARAMS)
                .invokevirtual(CD_TABLES, "forParams", MethodTypeDesc.of(CD_float.arrayType().arrayType(), CD_float.arrayType()))
                .astore(all);
        for (int t = 0; t < table.length; t++) {
            table[t] = code.allocateLocal(TypeKind.REFERENCE);
            code.aload(all).loadConstant(t).aaload().astore(table[t]);
        }
    }
}
