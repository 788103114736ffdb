package dev.quiver.cpu;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Reduction;
import dev.quiver.testing.Conformance;
import dev.quiver.testing.RandomKernels;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random kernels of exact operations, random awkward data, random operand placements: every CPU backend
 * at every vector width must give the reference's bits.
 */
class CpuConformanceTest {
    static final List<ParallelMap> BACKENDS = List.of(
            ParallelMap.on("simd"), ParallelMap.on("simd:256"), ParallelMap.on("simd:128"), ParallelMap.on("threads"));

    private static int size(Random r) {
        return Conformance.SIZES[r.nextInt(Conformance.SIZES.length)];
    }

    @Property(tries = 250)
    void floatKernelsGiveTheReferenceBits(@ForAll long seed) {
        var r = new Random(seed);
        Kernel k = RandomKernels.floats(r, 1 + r.nextInt(3), 1 + r.nextInt(5));
        int n = size(r);
        var inputs = Conformance.inputs(k, r, n);
        for (ParallelMap backend : BACKENDS) {
            Conformance.checkMap(backend, k, inputs, n, r);
        }
    }

    @Property(tries = 150)
    void pixelKernelsGiveTheReferenceBytes(@ForAll long seed) {
        var r = new Random(seed);
        Kernel k = RandomKernels.pixels(r, 1 + r.nextInt(4));
        int n = size(r);
        var inputs = Conformance.inputs(k, r, n);
        for (ParallelMap backend : BACKENDS) {
            Conformance.checkMap(backend, k, inputs, n, r);
        }
    }

    @Property(tries = 150)
    void reductionsAgreeWithTheReference(@ForAll long seed) {
        var r = new Random(seed);
        Reduction reduction = Reduction.values()[r.nextInt(3)];
        Kernel k = RandomKernels.reduction(r, reduction, 1 + r.nextInt(2), r.nextInt(4));
        int n = size(r);
        var inputs = Conformance.inputs(k, r, n);
        for (ParallelMap backend : BACKENDS) {
            Conformance.checkReduce(backend, k, inputs, n, r);
        }
    }

    @Property(tries = 60)
    void plainArraysGiveTheReferenceBits(@ForAll long seed) {
        var r = new Random(seed);
        Kernel k = r.nextBoolean() ? RandomKernels.floats(r, 1 + r.nextInt(3), 1 + r.nextInt(4)) : RandomKernels.pixels(r, 2);
        int n = size(r);
        var inputs = Conformance.inputs(k, r, n);
        for (ParallelMap backend : BACKENDS) {
            Conformance.checkMapOnArrays(backend, k, inputs, n);
        }
    }

    /** Past 2^20 elements calls split into chunks on several threads; odd lengths leave ragged last chunks. */
    @Property(tries = 6)
    void largeCallsSplitAcrossThreadsGiveTheReferenceBits(@ForAll long seed) {
        var r = new Random(seed);
        int n = (1 << 20) + 3 + r.nextInt(100);
        Kernel k = r.nextBoolean() ? RandomKernels.floats(r, 2, 3) : RandomKernels.pixels(r, 2);
        var inputs = Conformance.inputs(k, r, n);
        for (ParallelMap backend : BACKENDS) {
            Conformance.checkMap(backend.withThreads(2 + r.nextInt(3)), k, inputs, n, r);
        }
        Kernel sum = RandomKernels.reduction(r, Reduction.values()[r.nextInt(3)], 2, 2);
        var terms = Conformance.inputs(sum, r, n);
        for (ParallelMap backend : BACKENDS) {
            Conformance.checkReduce(backend.withThreads(3), sum, terms, n, r);
        }
    }
}
