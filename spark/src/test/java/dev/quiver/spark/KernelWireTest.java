package dev.quiver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Reduction;
import dev.quiver.library.Builtin;
import dev.quiver.library.Kernels;
import dev.quiver.testing.RandomKernels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Every kernel travels as its IR and arrives equal: the same program, parameters and name. */
class KernelWireTest {

    /** As Spark sends it: Java serialization of the wire, which holds strings only. */
    private static Kernel travelled(Kernel k) {
        try {
            var bytes = new ByteArrayOutputStream();
            try (var out = new ObjectOutputStream(bytes)) {
                out.writeObject(KernelWire.of(k));
            }
            try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                // A fresh decode, not the sender's cached one: equal wires share one cache entry, so compare a copy.
                KernelWire w = (KernelWire) in.readObject();
                return new KernelWire(w.name(), w.text(), w.ir()).kernel();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyBuiltinArrivesEqual() {
        for (Builtin b : Kernels.all()) {
            Kernel k = b.kernel();
            if (k.params().stream().allMatch(p -> k.value(p).isPresent())) {
                assertEquals(k, travelled(k), b.name());
            }
            Kernel bound = k;
            for (String p : k.params()) {
                bound = bound.with(p, 1.5f);
            }
            assertEquals(bound, travelled(bound), b.name() + " with every parameter bound");
        }
    }

    @Test
    void unboundParametersStayUnbound() {
        Kernel gamma = Kernels.GAMMA.kernel();
        Kernel arrived = travelled(gamma);
        assertEquals(gamma, arrived);
        assertTrue(arrived.value("gamma").isEmpty());
    }

    @Test
    void fusedKernelsAndJavaLambdasArriveEqual() {
        Kernel fused = Kernels.grayscale().then(Kernels.gamma(2.2f)).then(Kernels.contrast(1.2f));
        assertEquals(fused, travelled(fused));
        Kernel softplus = Kernel.map("softplus", v -> v.exp().add(1).log());
        assertEquals(softplus, travelled(softplus));
    }

    /** The kernel text would lose an input the body never reads, and reorder inputs by first use; the IR keeps both. */
    @Test
    void inputsKeepTheirOrderEvenWhenUnused() {
        Kernel first = Kernel.map("first", (a, b) -> a);
        assertEquals(List.of("a", "b"), travelled(first).inputNames());
        Kernel swapped = Kernel.map("swapped", (a, b) -> b.sub(a));
        assertEquals(swapped, travelled(swapped));
        assertEquals(List.of("b", "a"), Kernel.parse(swapped.program().toString()).inputNames(), "what the text alone would give");
    }

    @Test
    void awkwardConstantsKeepTheirBits() {
        Kernel k = Kernel.map("awkward", x -> x.mul(-0f).add(Float.NaN).add(Float.MIN_VALUE).max(dev.quiver.kernel.Expr.constant(Float.NEGATIVE_INFINITY)));
        assertEquals(k, travelled(k));
    }

    @Property(tries = 200)
    void randomKernelsArriveEqual(@ForAll long seed) {
        var r = new Random(seed);
        Kernel floats = RandomKernels.floats(r, 1 + r.nextInt(3), 1 + r.nextInt(5));
        assertEquals(floats, travelled(floats));
        Kernel pixels = RandomKernels.pixels(r, 1 + r.nextInt(3));
        assertEquals(pixels, travelled(pixels));
        Kernel reduction = RandomKernels.reduction(r, Reduction.values()[r.nextInt(3)], 1 + r.nextInt(2), 1 + r.nextInt(4));
        assertEquals(reduction, travelled(reduction));
    }

    @Test
    void aWireOfAnotherVersionIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new KernelWire("k", "y = x", "quiver-ir 99\ninput x FLOAT").kernel());
        assertTrue(e.getMessage().contains("kernel 'k'") && e.getMessage().contains("another version"), e.getMessage());
    }

    @Test
    void aDamagedLineIsNamed() {
        String ir = KernelWire.of(Kernels.square()).ir().replace("node MUL", "node MULTIPLY");
        var e = assertThrows(IllegalArgumentException.class, () -> new KernelWire("square", "x * x", ir).kernel());
        assertTrue(e.getMessage().contains("'node MULTIPLY"), e.getMessage());
    }

    @Test
    void aProgramThatDoesNotValidateIsRefused() {
        String ir = KernelWire.of(Kernels.square()).ir().replace("node MUL FLOAT 0 0 0", "node MUL FLOAT 0 0 5");
        var e = assertThrows(IllegalArgumentException.class, () -> new KernelWire("square", "x * x", ir).kernel());
        assertTrue(e.getMessage().contains("not an earlier node"), e.getMessage());
    }
}
