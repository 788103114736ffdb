package dev.quiver.kernel;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An expression of the kernel language, built fluently: {@code x.mul(x).add(1)}. Each method checks its
 * operand types when called, so an ill-typed kernel fails where it is written. Expressions are immutable
 * trees; the same subexpression may be used any number of times and is computed once.
 */
public sealed interface Expr permits Expr.Input, Expr.Param, Expr.Const, Expr.Apply {

    /** The type of the expression's value. */
    Type type();

    /** An element of the kernel input called {@code name}. */
    record Input(String name, Type type) implements Expr {
        public Input {
            Program.checkName(name, "input");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A scalar parameter, given a value with {@link Kernel#with(String, float)}. */
    record Param(String name) implements Expr {
        public Param {
            Program.checkName(name, "parameter");
        }

        @Override
        public Type type() {
            return Type.FLOAT;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A float32 constant. */
    record Const(float value) implements Expr {
        @Override
        public Type type() {
            return Type.FLOAT;
        }

        @Override
        public String toString() {
            return value == (int) value && !(value == 0 && 1 / value < 0) ? Integer.toString((int) value) : Float.toString(value);
        }
    }

    /** An operation applied to operands of the types it takes. */
    record Apply(Op op, List<Expr> args) implements Expr {
        public Apply {
            Objects.requireNonNull(op, "op");
            args = List.copyOf(args);
            if (op.isLeaf()) {
                throw new IllegalArgumentException(op + " is a leaf, not an operation");
            }
            if (args.size() != op.arity()) {
                throw new IllegalArgumentException(op.word() + " takes " + op.arity() + " operands, got " + args.size());
            }
            for (int i = 0; i < args.size(); i++) {
                Type want = op.operands().get(i);
                Type got = args.get(i).type();
                if (got != want) {
                    throw new IllegalArgumentException(op.word() + " takes a " + describe(want) + " as operand " + (i + 1)
                            + ", but '" + args.get(i) + "' is a " + describe(got));
                }
            }
        }

        @Override
        public Type type() {
            return op.result();
        }

        @Override
        public String toString() {
            String symbol = switch (op) {
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
                default -> null;
            };
            if (symbol != null) {
                return "(" + args.get(0) + " " + symbol + " " + args.get(1) + ")";
            }
            return op.word() + args.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
        }

        private static String describe(Type t) {
            return switch (t) {
                case FLOAT -> "number";
                case BOOL -> "comparison";
                case PIXEL -> "pixel";
            };
        }
    }

    /** A float32 constant. */
    static Expr constant(float value) {
        return new Const(value);
    }

    /** A scalar parameter of the kernel. */
    static Expr param(String name) {
        return new Param(name);
    }

    /** {@code condition ? ifTrue : ifFalse}, element by element. */
    static Expr select(Expr condition, Expr ifTrue, Expr ifFalse) {
        return apply(Op.SELECT, condition, ifTrue, ifFalse);
    }

    /** {@code a * b + c} rounded once. */
    static Expr fma(Expr a, Expr b, Expr c) {
        return apply(Op.FMA, a, b, c);
    }

    /** Any operation; the fluent methods below are shorthands for this. */
    static Expr apply(Op op, Expr... args) {
        return new Apply(op, List.of(args));
    }

    default Expr add(Expr o) {
        return apply(Op.ADD, this, o);
    }

    default Expr add(float o) {
        return add(constant(o));
    }

    default Expr sub(Expr o) {
        return apply(Op.SUB, this, o);
    }

    default Expr sub(float o) {
        return sub(constant(o));
    }

    default Expr mul(Expr o) {
        return apply(Op.MUL, this, o);
    }

    default Expr mul(float o) {
        return mul(constant(o));
    }

    default Expr div(Expr o) {
        return apply(Op.DIV, this, o);
    }

    default Expr div(float o) {
        return div(constant(o));
    }

    default Expr min(Expr o) {
        return apply(Op.MIN, this, o);
    }

    default Expr min(float o) {
        return min(constant(o));
    }

    default Expr max(Expr o) {
        return apply(Op.MAX, this, o);
    }

    default Expr max(float o) {
        return max(constant(o));
    }

    /** {@code min(max(this, lo), hi)}: NaN stays NaN. */
    default Expr clamp(Expr lo, Expr hi) {
        return max(lo).min(hi);
    }

    default Expr clamp(float lo, float hi) {
        return clamp(constant(lo), constant(hi));
    }

    default Expr pow(Expr o) {
        return apply(Op.POW, this, o);
    }

    default Expr pow(float o) {
        return pow(constant(o));
    }

    default Expr neg() {
        return apply(Op.NEG, this);
    }

    default Expr abs() {
        return apply(Op.ABS, this);
    }

    default Expr sqrt() {
        return apply(Op.SQRT, this);
    }

    default Expr rsqrt() {
        return apply(Op.RSQRT, this);
    }

    default Expr exp() {
        return apply(Op.EXP, this);
    }

    default Expr log() {
        return apply(Op.LOG, this);
    }

    default Expr sin() {
        return apply(Op.SIN, this);
    }

    default Expr cos() {
        return apply(Op.COS, this);
    }

    default Expr tanh() {
        return apply(Op.TANH, this);
    }

    default Expr floor() {
        return apply(Op.FLOOR, this);
    }

    default Expr ceil() {
        return apply(Op.CEIL, this);
    }

    /** Round half to even, as {@link Math#rint}. */
    default Expr round() {
        return apply(Op.ROUND, this);
    }

    default Expr lt(Expr o) {
        return apply(Op.LT, this, o);
    }

    default Expr lt(float o) {
        return lt(constant(o));
    }

    default Expr le(Expr o) {
        return apply(Op.LE, this, o);
    }

    default Expr le(float o) {
        return le(constant(o));
    }

    default Expr gt(Expr o) {
        return apply(Op.GT, this, o);
    }

    default Expr gt(float o) {
        return gt(constant(o));
    }

    default Expr ge(Expr o) {
        return apply(Op.GE, this, o);
    }

    default Expr ge(float o) {
        return ge(constant(o));
    }

    default Expr eq(Expr o) {
        return apply(Op.EQ, this, o);
    }

    default Expr eq(float o) {
        return eq(constant(o));
    }

    default Expr ne(Expr o) {
        return apply(Op.NE, this, o);
    }

    default Expr ne(float o) {
        return ne(constant(o));
    }

    default Expr and(Expr o) {
        return apply(Op.AND, this, o);
    }

    default Expr or(Expr o) {
        return apply(Op.OR, this, o);
    }

    default Expr not() {
        return apply(Op.NOT, this);
    }

    /** For a comparison: {@code this ? ifTrue : ifFalse}. */
    default Expr select(Expr ifTrue, Expr ifFalse) {
        return select(this, ifTrue, ifFalse);
    }
}
