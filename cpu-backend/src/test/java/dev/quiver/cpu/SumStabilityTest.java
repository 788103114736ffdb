package dev.quiver.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A sum gives the same bits on every call, from the first (its loop interpreted) to the thousandth (compiled
 * by C2): the vector lanes are added in lane order, not in whatever order the JIT's reduction picks.
 */
class SumStabilityTest {

    @Test
    void aSumGivesTheSameBitsWhileTheJitCompilesIt() {
        // a kernel of its own, so that its loop starts cold in this JVM
        Kernel k = Kernel.parse("sum(x * 1.000123 + y)");
        var r = new Random(11);
        float[] x = new float[100_003];
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 1e4f;
            y[i] = r.nextFloat();
        }
        Set<Long> results = new HashSet<>();
        for (ParallelMap simd : new ParallelMap[] {ParallelMap.on("simd"), ParallelMap.on("simd").withThreads(1)}) {
            for (int call = 0; call < 300; call++) {
                results.add(Double.doubleToRawLongBits(simd.reduce(k, x, y)));
            }
        }
        assertEquals(1, results.size(), "distinct results: " + results.stream().map(Double::longBitsToDouble).toList());
    }
}
