package dev.quiver.cli.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Builtin;
import dev.quiver.library.Kernels;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** OPS text to one fused kernel: the same pixels as the built-ins one after another, and one test per mistake. */
class OpsTest {
    private static final ParallelMap REFERENCE = ParallelMap.on("reference");
    private static final int[] PIXELS = randomPixels(4099);

    private static int[] randomPixels(int n) {
        var random = new SplittableRandom(5);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextInt();
        }
        return p;
    }

    private static int[] run(Kernel k, int[] in) {
        int[] out = new int[in.length];
        REFERENCE.map(k, in, out);
        return out;
    }

    /** The kernels run one after another, each output stored as 8-bit pixels. */
    private static int[] oneAfterAnother(Kernel... kernels) {
        int[] p = PIXELS;
        for (Kernel k : kernels) {
            p = run(k, p);
        }
        return p;
    }

    private static String mistake(String ops) {
        return assertThrows(IllegalArgumentException.class, () -> Ops.recipe(ops)).getMessage();
    }

    @Test
    void oneBuiltin() {
        assertArrayEquals(oneAfterAnother(Kernels.grayscale()), run(Ops.parse("grayscale"), PIXELS));
    }

    @Test
    void fusedIsOneKernelWithTheResultOfOneAfterAnother() {
        Kernel k = Ops.parse("grayscale,gamma=2.2,brightness=20,invert");
        assertEquals("grayscale,gamma,brightness,invert", k.name());
        assertArrayEquals(oneAfterAnother(Kernels.grayscale(), Kernels.gamma(2.2f), Kernels.brightness(20), Kernels.invert()), run(k, PIXELS));
    }

    @Test
    void sameBuiltinTwiceKeepsBothValues() {
        assertArrayEquals(oneAfterAnother(Kernels.brightness(30), Kernels.brightness(-10)), run(Ops.parse("brightness=30,brightness=-10"), PIXELS));
    }

    @Test
    void everyPixelBuiltinIsAnOperation() {
        for (Builtin b : Ops.builtins()) {
            String op = b.parameters().isEmpty() ? b.name() : b.name() + "=0.5";
            Kernel expected = b.parameters().isEmpty() ? b.kernel() : b.with(0.5f);
            assertArrayEquals(run(expected, PIXELS), run(Ops.parse(op), PIXELS), op);
        }
        assertEquals(List.of("grayscale", "grayscale709", "invert", "brightness", "contrast", "gamma", "sepia", "threshold"),
                Ops.builtins().stream().map(Builtin::name).toList());
    }

    @Test
    void exprIsAPixelKernel() {
        Kernel k = Ops.parse("contrast=1.2,expr='r = 255 - r; g = min(g, b) * 0.9',invert");
        Kernel text = Kernel.parsePixels("r = 255 - r; g = min(g, b) * 0.9");
        assertArrayEquals(oneAfterAnother(Kernels.contrast(1.2f), text, Kernels.invert()), run(k, PIXELS));
    }

    @Test
    void exprUnquotedAsTheShellLeavesIt() {
        // The shell turns expr='r = 255 - r' into expr=r = 255 - r; a comma inside min(r, g) does not split it.
        assertArrayEquals(run(Kernel.parsePixels("r = min(r, g)"), PIXELS), run(Ops.parse("expr=r = min(r, g)"), PIXELS));
        assertArrayEquals(run(Kernel.parsePixels("a = 128"), PIXELS), run(Ops.parse("expr=\"a = 128\""), PIXELS));
    }

    @Test
    void spacesAroundOperationsAreIgnored() {
        assertArrayEquals(run(Ops.parse("grayscale,invert"), PIXELS), run(Ops.parse(" grayscale , invert "), PIXELS));
    }

    @Test
    void unknownOperationSuggestsTheClosest() {
        String m = mistake("grayscal,invert");
        assertTrue(m.startsWith("unknown operation 'grayscal' (did you mean 'grayscale'?); the operations are grayscale, grayscale709, invert,"
                + " brightness=DELTA, contrast=FACTOR, gamma=GAMMA, sepia, threshold=T, expr=TEXT"), m);
        assertTrue(mistake("invrt").contains("did you mean 'invert'?"));
        assertTrue(mistake("gama=2").contains("did you mean 'gamma'?"));
    }

    @Test
    void unknownOperationFarFromAllSuggestsNothing() {
        String m = mistake("frobnicate");
        assertTrue(m.startsWith("unknown operation 'frobnicate'; the operations are"), m);
    }

    @Test
    void floatKernelIsNotAnImageOperation() {
        assertTrue(mistake("triad").startsWith("'triad' is a kernel over float arrays, not an image operation (run it with quiver map)"));
    }

    @Test
    void missingValue() {
        assertEquals("operation 'gamma' needs a value: gamma=GAMMA (the gamma, such as 2.2)", mistake("grayscale,gamma"));
        assertEquals("operation 'gamma' needs a value: gamma=GAMMA (the gamma, such as 2.2)", mistake("gamma="));
    }

    @Test
    void valueThatIsNotANumber() {
        assertEquals("operation 'brightness=lots': 'lots' is not a number; write brightness=DELTA (levels to add, -255..255)", mistake("brightness=lots"));
        assertTrue(mistake("gamma=2.2f").contains("'2.2f' is not a number"));
        assertTrue(mistake("gamma=NaN").contains("'NaN' is not a number"));
    }

    @Test
    void valueTooLargeForAFloat() {
        assertTrue(mistake("gamma=1e39").contains("1e39 is too large for a float"));
    }

    @Test
    void valueForAnOperationWithoutParameters() {
        assertEquals("operation 'invert=3': invert takes no value; write just invert", mistake("invert=3"));
    }

    @Test
    void emptyOps() {
        assertTrue(mistake(" ").startsWith("OPS is empty"));
    }

    @Test
    void emptyOperationBetweenCommas() {
        assertEquals("OPS 'grayscale,,invert' has an empty operation: two commas in a row, or one at an end", mistake("grayscale,,invert"));
        assertTrue(mistake("grayscale,").contains("has an empty operation"));
    }

    @Test
    void quoteNeverClosed() {
        assertEquals("OPS 'expr='r = 0' has a ' that is never closed", mistake("expr='r = 0"));
    }

    @Test
    void exprThatDoesNotParseSaysWhere() {
        String m = mistake("expr=r = 255 -");
        assertTrue(m.startsWith("operation expr='r = 255 -': column 10: expected a number"), m);
        assertTrue(m.contains("\n  r = 255 -\n           ^"), m);
    }

    @Test
    void exprWithoutText() {
        assertTrue(mistake("expr=").startsWith("operation 'expr=' needs kernel text"));
    }

    @Test
    void exprNameNeitherChannelNorAssigned() {
        assertEquals("operation expr='r = r * gain': 'gain' is neither a channel (r, g, b, a) nor a name assigned before it is used",
                mistake("expr='r = r * gain'"));
    }

    @Test
    void exprThatAssignsNoChannel() {
        assertTrue(mistake("expr=t = r").contains("a pixel kernel must assign at least one of r, g, b, a"));
    }

    @Test
    void aBlurSplitsTheRecipeIntoPasses() {
        Recipe r = Ops.recipe("grayscale,gamma=2.2,blur=2,invert");
        assertEquals(3, r.steps().size());
        assertEquals(Kernels.grayscale().then(Kernels.gamma(2.2f)).program(), ((Recipe.Point) r.steps().get(0)).kernel().program());
        assertEquals("blur=2.0", r.steps().get(1).name());
        assertEquals(Kernels.invert().program(), ((Recipe.Point) r.steps().get(2)).kernel().program());
    }

    @Test
    void aRecipeGivesTheBytesOfItsStepsOneAfterAnother() {
        int width = 23;
        int height = 17;
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = 0xFF000000 | i * 2654435 & 0xFFFFFF;
        }
        int[] copy = argb.clone();
        int[] out = Ops.recipe("invert,blur=1.5").apply(dev.quiver.ParallelMap.auto(), argb, width, height);
        int[] inverted = new int[argb.length];
        dev.quiver.ParallelMap.on("reference").map(Kernels.invert(), argb, inverted);
        int[] expected = new int[argb.length];
        dev.quiver.ParallelMap.on("reference").map(dev.quiver.kernel.Stencil.gaussian(1.5), inverted, width, height, expected);
        assertArrayEquals(expected, out);
        assertArrayEquals(copy, argb, "the input is left as it was");
    }

    @Test
    void blurNeedsAPositiveNumberOfPixels() {
        assertEquals("operation 'blur' needs a number of pixels: blur=SIGMA, such as blur=2", mistake("blur"));
        assertEquals("operation 'blur=soft' needs a number of pixels: blur=SIGMA, such as blur=2", mistake("blur=soft"));
        assertEquals("operation 'blur=0': blur sigma must be above 0 and at most 100 pixels, got 0.0", mistake("blur=0"));
    }

    @Test
    void helpListsEveryOperationFromTheBuiltins() {
        List<String> usages = Ops.help().stream().map(row -> row[0]).filter(u -> !u.isEmpty()).toList();
        assertEquals(List.of("grayscale", "grayscale709", "invert", "brightness=DELTA", "contrast=FACTOR", "gamma=GAMMA", "sepia",
                "threshold=T", "expr=TEXT", "blur=SIGMA"), usages);
        assertTrue(Ops.help().stream().anyMatch(row -> row[1].equals(Kernels.SEPIA.summary())));
        assertTrue(Ops.help().stream().anyMatch(row -> row[1].equals("GAMMA: the gamma, such as 2.2")));
    }
}
