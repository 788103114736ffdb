package dev.quiver.gpu.opencl;

import dev.quiver.kernel.Node;
import dev.quiver.kernel.Op;
import dev.quiver.kernel.Program;
import dev.quiver.kernel.Reduction;
import dev.quiver.kernel.Type;
import java.util.List;
import java.util.Optional;

/**
 * A kernel printed as OpenCL C: one work-item per element, the program's operations in order, each
 * meaning what {@link dev.quiver.kernel.Semantics} says rather than what OpenCL's built-in of the same
 * name does where the two differ:
 * <ul>
 * <li>{@code min}/{@code max}: OpenCL's {@code fmin}/{@code fmax} ignore a NaN and may order ±0 either
 *     way; Java's return NaN and put −0.0 below +0.0.</li>
 * <li>transcendental functions: OpenCL allows up to 16 ulp for {@code pow} in float, so they are computed
 *     in double and rounded once, as the reference does; {@code pow} also takes Java's special cases
 *     ({@code pow(1, NaN)} and {@code pow(±1, ±∞)} are NaN, where C says 1).</li>
 * <li>no contraction of {@code a * b + c} into an FMA ({@code FP_CONTRACT OFF}), and division and
 *     {@code sqrt} correctly rounded (the build option {@code -cl-fp32-correctly-rounded-divide-sqrt}).</li>
 * </ul>
 */
final class OpenClSource {
    static final String KERNEL_NAME = "quiver_map";
    static final String REDUCE_NAME = "quiver_reduce";
    /** Work-items per work-group of a reduction: a power of two every OpenCL 1.2 device allows. */
    static final int REDUCE_GROUP = 256;
    /** At most this many work-groups per compute unit run a reduction: enough to keep a GPU's memory busy. */
    static final int REDUCE_GROUPS_PER_UNIT = 64;

    private static final String PRELUDE = """
            #pragma OPENCL FP_CONTRACT OFF
            #pragma OPENCL EXTENSION cl_khr_fp64 : enable
            static float q_min(float a, float b) {
                if (isnan(a) || isnan(b)) return NAN;
                if (a == b) return signbit(a) ? a : b;
                return a < b ? a : b;
            }
            static float q_max(float a, float b) {
                if (isnan(a) || isnan(b)) return NAN;
                if (a == b) return signbit(a) ? b : a;
                return a > b ? a : b;
            }
            static float q_pow(float a, float b) {
                if (isnan(b) || (fabs(a) == 1.0f && isinf(b))) return NAN;
                return (float) pow((double) a, (double) b);
            }
            /* rint, floor and ceil only where they can change the value: PoCL 3.1 (Debian 12) folds them of a
               constant NaN or a constant beyond the int range into poison and then drops the whole store. A
               float of magnitude 2^23 or more is already a whole number, so returning it is exact. */
            static float q_rint(float v) {
                return isnan(v) || fabs(v) >= 0x1p23f ? v : rint(v);
            }
            static float q_floor(float v) {
                return isnan(v) || fabs(v) >= 0x1p23f ? v : floor(v);
            }
            static float q_ceil(float v) {
                return isnan(v) || fabs(v) >= 0x1p23f ? v : ceil(v);
            }
            static float q_quantize(float v) {
                return isnan(v) ? 0.0f : fmin(fmax(q_rint(v), 0.0f), 255.0f);
            }
            static uint q_pack(float r, float g, float b, float a) {
                return (uint) q_quantize(a) << 24 | (uint) q_quantize(r) << 16 | (uint) q_quantize(g) << 8 | (uint) q_quantize(b);
            }
            """;

    private OpenClSource() {
    }

    /** Why this backend cannot run the program, if it cannot: nothing, for now. */
    static Optional<String> unsupported(Program program) {
        return Optional.empty();
    }

    /**
     * A reduction's source: each work-item combines, in double, the terms of every global-size-th element
     * from its own on or, when the {@code chunk} argument is not 0, of a stretch of {@code chunk} elements of
     * its own; each work-group combines its work-items' results in local memory (a tree: for a sum, the order
     * differs from the reference's, within {@link dev.quiver.kernel.Accuracy#sumTolerance}; min and max are
     * exact in any order) and writes one partial result per group. Arguments: the inputs' buffers, the partials'
     * buffer, each parameter, the element count, {@code chunk}, then local scratch of {@link #REDUCE_GROUP} doubles.
     */
    static String ofReduction(Program program) {
        Reduction reduction = program.reduction().orElseThrow();
        var src = new StringBuilder(PRELUDE);
        src.append("""
                static double q_dmin(double a, double b) {
                    if (isnan(a) || isnan(b)) return NAN;
                    if (a == b) return signbit(a) ? a : b;
                    return a < b ? a : b;
                }
                static double q_dmax(double a, double b) {
                    if (isnan(a) || isnan(b)) return NAN;
                    if (a == b) return signbit(a) ? b : a;
                    return a > b ? a : b;
                }
                """);
        src.append("__kernel void ").append(REDUCE_NAME).append("(");
        var inputs = program.inputs();
        for (int k = 0; k < inputs.size(); k++) {
            src.append("__global const ").append(element(inputs.get(k).type())).append(" *in").append(k).append(", ");
        }
        src.append("__global double *partial");
        for (int p = 0; p < program.params().size(); p++) {
            src.append(", const float p").append(p);
        }
        src.append(", const long n, const long chunk, __local double *scratch) {\n    int l = get_local_id(0);\n");
        String identity = switch (reduction) {
            case SUM -> "0.0";
            case MIN -> "INFINITY";
            case MAX -> "(-INFINITY)";
        };
        String accumulate = switch (reduction) {
            case SUM -> "term + t";
            case MIN -> "q_dmin(term, t)";
            case MAX -> "q_dmax(term, t)";
        };
        // Each work-item first combines many elements, so that the work-group trees (whose barriers are what a
        // CPU driver such as PoCL pays most for) are few whatever the length: every global-size-th element on a
        // GPU, where neighbouring work-items then read neighbouring elements at once, or a stretch of its own
        // (see OpenClContext.reduceInStretches).
        src.append("    double term = ").append(identity).append(";\n")
                .append("    long first = chunk == 0 ? get_global_id(0) : get_global_id(0) * chunk;\n")
                .append("    long last = chunk == 0 ? n : min(n, first + chunk);\n")
                .append("    long step = chunk == 0 ? (long) get_global_size(0) : 1;\n")
                .append("    for (long i = first; i < last; i += step) {\n");
        List<Node> nodes = program.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            src.append("        ").append(local(node.type())).append(" v").append(i).append(" = ").append(expression(node)).append(";\n");
        }
        src.append("        double t = (double) v").append(nodes.size() - 1).append(";\n")
                .append("        term = ").append(accumulate).append(";\n    }\n");
        String combine = switch (reduction) {
            case SUM -> "scratch[l] + scratch[l + s]";
            case MIN -> "q_dmin(scratch[l], scratch[l + s])";
            case MAX -> "q_dmax(scratch[l], scratch[l + s])";
        };
        src.append("    scratch[l] = term;\n    barrier(CLK_LOCAL_MEM_FENCE);\n")
                .append("    for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {\n")
                .append("        if (l < s) scratch[l] = ").append(combine).append(";\n")
                .append("        barrier(CLK_LOCAL_MEM_FENCE);\n    }\n")
                .append("    if (l == 0) partial[get_group_id(0)] = scratch[0];\n}\n");
        return src.toString();
    }

    /**
     * The kernel's source. Arguments: each input's buffer, the output's, each parameter as a float, then
     * the element count as a {@code long}.
     */
    static String of(Program program) {
        var src = new StringBuilder(PRELUDE);
        src.append("__kernel void ").append(KERNEL_NAME).append("(");
        var inputs = program.inputs();
        for (int k = 0; k < inputs.size(); k++) {
            src.append("__global const ").append(element(inputs.get(k).type())).append(" *in").append(k).append(", ");
        }
        src.append("__global ").append(element(program.outputType())).append(" *out");
        for (int p = 0; p < program.params().size(); p++) {
            src.append(", const float p").append(p);
        }
        src.append(", const long n) {\n    long i = get_global_id(0);\n    if (i >= n) return;\n");
        List<Node> nodes = program.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            src.append("    ").append(local(node.type())).append(" v").append(i).append(" = ").append(expression(node)).append(";\n");
        }
        src.append("    out[i] = v").append(nodes.size() - 1).append(";\n}\n");
        return src.toString();
    }

    private static String element(Type type) {
        return type == Type.PIXEL ? "uint" : "float";
    }

    private static String local(Type type) {
        return switch (type) {
            case FLOAT -> "float";
            case BOOL -> "int";
            case PIXEL -> "uint";
        };
    }

    private static String expression(Node n) {
        List<String> a = java.util.Arrays.stream(n.args()).mapToObj(k -> "v" + k).toList();
        return switch (n.op()) {
            case INPUT -> "in" + n.slot() + "[i]";
            case PARAM -> "p" + n.slot();
            case CONST -> literal(n.constant());
            case NEG -> "-" + a.get(0);
            case ABS -> "fabs(" + a.get(0) + ")";
            case SQRT -> "sqrt(" + a.get(0) + ")";
            case RSQRT -> "1.0f / sqrt(" + a.get(0) + ")";
            case EXP, LOG, SIN, COS, TANH -> "(float) " + n.op().word() + "((double) " + a.get(0) + ")";
            case FLOOR -> "q_floor(" + a.get(0) + ")";
            case CEIL -> "q_ceil(" + a.get(0) + ")";
            case ROUND -> "q_rint(" + a.get(0) + ")";
            case ADD -> a.get(0) + " + " + a.get(1);
            case SUB -> a.get(0) + " - " + a.get(1);
            case MUL -> a.get(0) + " * " + a.get(1);
            case DIV -> a.get(0) + " / " + a.get(1);
            case MIN -> "q_min(" + a.get(0) + ", " + a.get(1) + ")";
            case MAX -> "q_max(" + a.get(0) + ", " + a.get(1) + ")";
            case POW -> "q_pow(" + a.get(0) + ", " + a.get(1) + ")";
            case FMA -> "fma(" + a.get(0) + ", " + a.get(1) + ", " + a.get(2) + ")";
            case LT -> a.get(0) + " < " + a.get(1);
            case LE -> a.get(0) + " <= " + a.get(1);
            case GT -> a.get(0) + " > " + a.get(1);
            case GE -> a.get(0) + " >= " + a.get(1);
            case EQ -> a.get(0) + " == " + a.get(1);
            case NE -> a.get(0) + " != " + a.get(1);
            case AND -> a.get(0) + " && " + a.get(1);
            case OR -> a.get(0) + " || " + a.get(1);
            case NOT -> "!" + a.get(0);
            case SELECT -> a.get(0) + " ? " + a.get(1) + " : " + a.get(2);
            case RED -> "(float) ((" + a.get(0) + " >> 16) & 0xFFu)";
            case GREEN -> "(float) ((" + a.get(0) + " >> 8) & 0xFFu)";
            case BLUE -> "(float) (" + a.get(0) + " & 0xFFu)";
            case ALPHA -> "(float) (" + a.get(0) + " >> 24)";
            case QUANTIZE -> "q_quantize(" + a.get(0) + ")";
            case PACK -> "q_pack(" + String.join(", ", a) + ")";
        };
    }

    /** A float constant exactly, NaN and infinities included (hex float literals are exact). */
    private static String literal(float f) {
        if (Float.isNaN(f)) {
            return "NAN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "INFINITY" : "(-INFINITY)";
        }
        return "(" + Float.toHexString(f) + "f)";
    }
}
