package dev.quiver.kernel;

import static dev.quiver.kernel.Expr.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.library.Kernels;
import dev.quiver.testing.AwkwardValues;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KernelTest {
    private static final ParallelMap REFERENCE = ParallelMap.on("reference");

    @Test
    void builderSharesCommonSubexpressions() {
        Kernel k = Kernel.map("k", x -> x.add(1).mul(x.add(1)));
        // x, 1, x + 1, (x + 1) * (x + 1): the sum is computed once.
        assertEquals(4, k.program().nodes().size());
    }

    @Test
    void bindingAParameterKeepsTheProgram() {
        Kernel triad = Kernels.triad();
        assertSame(triad.program(), triad.with("s", 3f).program());
        assertEquals(3.0, triad.with("s", 3f).value("s").getAsDouble());
    }

    @Test
    void unboundParameterIsReportedAtTheCall() {
        Kernel k = Kernel.map("scale", x -> x.mul(param("s")));
        var e = assertThrows(IllegalArgumentException.class, () -> REFERENCE.map(k, new float[1], new float[1]));
        assertTrue(e.getMessage().contains("parameter 's' has no value"), e.getMessage());
    }

    @Test
    void unknownParameterNamesWhatThereIs() {
        var e = assertThrows(IllegalArgumentException.class, () -> Kernels.triad().with("q", 1f));
        assertTrue(e.getMessage().contains("no parameter or float input named 'q' (inputs: b, c; parameters: s)"), e.getMessage());
    }

    @Test
    void illTypedExpressionsFailWhereTheyAreWritten() {
        var e = assertThrows(IllegalArgumentException.class, () -> Kernel.map("k", x -> x.lt(1).sqrt()));
        assertTrue(e.getMessage().contains("sqrt takes a number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernel.map("k", x -> x.select(x, x)));
    }

    @Test
    void resultMustNotBeAComparison() {
        var e = assertThrows(IllegalArgumentException.class, () -> Kernel.map("k", x -> x.lt(1)));
        assertTrue(e.getMessage().contains("not a comparison"), e.getMessage());
    }

    @Test
    void namesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Kernel.map("k", List.of("a", "a"), in -> in.get(0)));
        assertThrows(IllegalArgumentException.class, () -> Kernel.map("k", List.of("1x"), in -> in.get(0)));
        assertThrows(IllegalArgumentException.class, () -> Kernel.map(" ", x -> x));
    }

    @Test
    void thenFusesIntoOneProgramWithTheSameResultsAsTwoPasses() {
        var r = new Random(7);
        Kernel first = Kernel.parse("y = x * 3 - 1");
        Kernel second = Kernel.parse("y = sqrt(abs(x)) + s").with("s", 0.25f);
        Kernel fused = first.then(second);
        assertEquals(List.of("x"), fused.inputNames());
        float[] x = AwkwardValues.floats(r, 1000);
        float[] mid = new float[1000];
        float[] twoPasses = new float[1000];
        float[] onePass = new float[1000];
        REFERENCE.map(first, x, mid);
        REFERENCE.map(second, mid, twoPasses);
        REFERENCE.map(fused, x, onePass);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(twoPasses[i]), Float.floatToIntBits(onePass[i]), "element " + i);
        }
    }

    @Test
    void pixelStagesAreQuantizedBetweenThemAsIfStored() {
        var r = new Random(8);
        Kernel first = Kernels.contrast(1.7f);
        Kernel second = Kernels.gamma(2.2f);
        int[] px = AwkwardValues.pixels(r, 5000);
        int[] mid = new int[px.length];
        int[] twoPasses = new int[px.length];
        int[] onePass = new int[px.length];
        REFERENCE.map(first, px, mid);
        REFERENCE.map(second, mid, twoPasses);
        REFERENCE.map(first.then(second), px, onePass);
        assertArrayEquals(twoPasses, onePass);
    }

    @Test
    void thenRenamesClashingParametersAndKeepsTheirValues() {
        Kernel twice = Kernels.gamma(2f).then(Kernels.gamma(4f));
        assertEquals(List.of("gamma", "gamma_2"), twice.params());
        assertEquals(4.0, twice.value("gamma_2").getAsDouble());
        assertEquals("gamma,gamma", twice.name());
    }

    @Test
    void thenFeedsAReduction() {
        Kernel sumOfSquares = Kernels.square().then(Kernels.sum());
        assertTrue(sumOfSquares.isReduction());
        assertEquals(14.0, REFERENCE.reduce(sumOfSquares, new float[] {1, 2, 3}));
    }

    @Test
    void thenRejectsWhatCannotFollow() {
        var e = assertThrows(IllegalArgumentException.class, () -> Kernels.square().then(Kernels.add()));
        assertTrue(e.getMessage().contains("must take exactly one float32 input"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernels.square().then(Kernels.invert()));
        assertThrows(IllegalArgumentException.class, () -> Kernels.sum().then(Kernels.square()));
    }

    @Test
    void channelOfAPackedPixelIsTheQuantizedValue() {
        Kernel k = Kernels.brightness(0.5f).then(Kernels.invert());
        assertTrue(k.program().nodes().stream().noneMatch(n -> n.op() == Op.PACK && n != k.program().result()),
                "only the final pack remains: " + k.program());
    }

    @Test
    void kernelsAreValues() {
        assertEquals(Kernels.triad(), Kernels.triad().with("s", 0.4f));
        assertNotSame(Kernels.triad(), Kernels.triad().with("s", 1f));
        assertTrue(!Kernels.triad().equals(Kernels.triad().with("s", 1f)));
    }

    @Test
    void printsAsText() {
        assertEquals("square: x * x", Kernels.square().toString());
        assertEquals("triad [s=0.4]: b + s * c", Kernels.triad().toString());
        assertEquals("invert: r = 255 - r; g = 255 - g; b = 255 - b", Kernels.invert().toString());
        assertEquals("dot: sum(a * b)", Kernels.dot().toString());
    }
}
