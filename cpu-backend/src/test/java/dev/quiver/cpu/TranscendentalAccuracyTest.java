package dev.quiver.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Accuracy;
import dev.quiver.kernel.Expr;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Op;
import dev.quiver.testing.AwkwardValues;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each transcendental function alone, over a million arguments across its useful range plus every
 * special value: every backend within {@link Accuracy#TRANSCENDENTAL_ULPS} of the reference, and NaN
 * exactly where the reference gives NaN.
 */
class TranscendentalAccuracyTest {
    private static final int N = 1 << 20;

    @ParameterizedTest
    @EnumSource(value = Op.class, names = {"EXP", "LOG", "SIN", "COS", "TANH", "POW"})
    void withinTheDocumentedBound(Op op) {
        var r = new Random(op.ordinal());
        float limit = switch (op) {
            case EXP -> 90f;
            case LOG -> 1e30f;
            case SIN, COS -> 1e4f;
            case TANH -> 12f;
            default -> 40f;
        };
        float[] x = new float[N];
        float[] y = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = op == Op.LOG ? Math.abs(AwkwardValues.moderate(r, limit)) : AwkwardValues.moderate(r, limit);
            y[i] = op == Op.POW ? AwkwardValues.moderate(r, 8f) : 0;
            if (op == Op.POW && i % 3 == 0) {
                x[i] = Math.abs(x[i]);
            }
        }
        Kernel k = op == Op.POW ? Kernel.map("pow", (a, b) -> a.pow(b)) : Kernel.map(op.word(), a -> Expr.apply(op, a));
        float[] expected = new float[N];
        run(ParallelMap.on("reference"), k, x, y, expected);
        for (String backend : new String[] {"simd", "simd:256", "simd:128", "threads"}) {
            float[] actual = new float[N];
            run(ParallelMap.on(backend), k, x, y, actual);
            long worst = 0;
            int at = 0;
            for (int i = 0; i < N; i++) {
                long ulps = Accuracy.ulps(expected[i], actual[i]);
                if (ulps > worst) {
                    worst = ulps;
                    at = i;
                }
            }
            System.out.printf("%-5s %-9s worst %d ulps%n", op.word(), backend, worst);
            int i = at;
            long w = worst;
            assertTrue(worst <= Accuracy.TRANSCENDENTAL_ULPS, () -> op.word() + " on " + backend + ": " + w + " ulps at x=" + x[i]
                    + (op == Op.POW ? ", y=" + y[i] : "") + ": reference " + expected[i] + ", got " + actual[i]);
        }
    }

    private static void run(ParallelMap backend, Kernel k, float[] x, float[] y, float[] out) {
        if (k.inputNames().size() == 2) {
            backend.map(k, x, y, out);
        } else {
            backend.map(k, x, out);
        }
    }
}
