package dev.quiver.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kernel text: what parses and what it computes, and one test for each way it can be wrong. */
class ParserTest {
    private static final ParallelMap REFERENCE = ParallelMap.on("reference");

    private static float eval(Kernel k, float... inputs) {
        float[] out = new float[1];
        switch (inputs.length) {
            case 1 -> REFERENCE.map(k, new float[] {inputs[0]}, out);
            case 2 -> REFERENCE.map(k, new float[] {inputs[0]}, new float[] {inputs[1]}, out);
            case 3 -> REFERENCE.map(k, new float[] {inputs[0]}, new float[] {inputs[1]}, new float[] {inputs[2]}, out);
            default -> throw new IllegalArgumentException();
        }
        return out[0];
    }

    private static KernelSyntaxException bad(String text) {
        return assertThrows(KernelSyntaxException.class, () -> Kernel.parse(text));
    }

    @Test
    void inputsAreFreeNamesInOrderOfFirstUse() {
        Kernel k = Kernel.parse("y = b * 2 + a - b");
        assertEquals(List.of("b", "a"), k.inputNames());
        assertEquals(3f, eval(k, 4f, -1f));
    }

    @Test
    void withTurnsAnInputIntoAParameter() {
        Kernel k = Kernel.parse("y = sqrt(x) * s + 1").with("s", 2.5f);
        assertEquals(List.of("x"), k.inputNames());
        assertEquals(List.of("s"), k.params());
        assertEquals(11f, eval(k, 16f));
    }

    @Test
    void precedenceIsArithmetic() {
        assertEquals(7f, eval(Kernel.parse("1 + 2 * x"), 3f));
        assertEquals(9f, eval(Kernel.parse("(1 + 2) * x"), 3f));
        assertEquals(-9f, eval(Kernel.parse("-x ^ 2"), 3f));
        assertEquals(512f, eval(Kernel.parse("2 ** x ** 2"), 3f));
        assertEquals(2f, eval(Kernel.parse("x - 1 - 1"), 4f));
        assertEquals(1f, eval(Kernel.parse("x / 2 / 2"), 4f));
    }

    @Test
    void statementsBindLocalsAndTheLastIsTheResult() {
        Kernel k = Kernel.parse("t = x * 2\n# a comment\nu = t + 1; y = t * u;");
        assertEquals(List.of("x"), k.inputNames());
        assertEquals(42f, eval(k, 3f));
    }

    @Test
    void functionsComparisonsAndSelect() {
        assertEquals(3f, eval(Kernel.parse("clamp(x, 0, 3)"), 7f));
        assertEquals(1f, eval(Kernel.parse("select(x > 2 && !(x > 5) || x == 0, 1, 0)"), 3f));
        assertEquals(0f, eval(Kernel.parse("select(x != x, 1, 0)"), 3f));
        assertEquals(7f, eval(Kernel.parse("fma(a, b, c)"), 2f, 3f, 1f));
        assertEquals(2f, eval(Kernel.parse("round(x)"), 2.5f));
    }

    @Test
    void aLastSumMinOrMaxMakesAReduction() {
        Kernel dot = Kernel.parse("t = a * b; sum(t)");
        assertTrue(dot.isReduction());
        assertEquals(32.0, REFERENCE.reduce(dot, new float[] {1, 2, 3}, new float[] {4, 5, 6}));
        assertEquals(-2.0, REFERENCE.reduce(Kernel.parse("min(x)"), new float[] {3, -2, 5}));
        assertEquals(5.0, REFERENCE.reduce(Kernel.parse("m = max(x)"), new float[] {3, -2, 5}));
    }

    @Test
    void pixelTextAssignsChannels() {
        Kernel k = Kernel.parsePixels("r = 255 - r; g = 255 - g; b = 255 - b");
        int[] out = new int[1];
        REFERENCE.map(k, new int[] {0x80102030}, out);
        assertEquals(0x80EFDFCF, out[0]);
    }

    @Test
    void pixelTextReadsAssignedChannelsAndTakesParameters() {
        Kernel k = Kernel.parsePixels("r = g; g = r * gain").with("gain", 2f);
        int[] out = new int[1];
        REFERENCE.map(k, new int[] {0xFF104000}, out);
        assertEquals(0xFF408000, out[0]);
    }

    @Test
    void errorSaysWhereAndWhat() {
        var e = bad("y = (x + 1");
        assertEquals(11, e.column());
        assertTrue(e.getMessage().contains("expected ')'"), e.getMessage());
        assertTrue(e.getMessage().contains("column 11"), e.getMessage());
        assertTrue(e.getMessage().endsWith("\n  y = (x + 1\n" + " ".repeat(12) + "^"), e.getMessage());
    }

    @Test
    void errorOnALaterLineNamesTheLine() {
        var e = bad("t = x\ny = t +* 2");
        assertEquals(2, e.line());
        assertEquals(8, e.column());
    }

    @Test
    void badUnknownFunctionSuggestsTheNearestName() {
        var e = bad("y = sqr(x)");
        assertTrue(e.getMessage().contains("unknown function 'sqr' (did you mean 'sqrt'?)"), e.getMessage());
    }

    @Test
    void badArity() {
        assertTrue(bad("pow(x)").getMessage().contains("pow takes 2 arguments, got 1"));
    }

    @Test
    void badTypes() {
        assertTrue(bad("sqrt(x < 1)").getMessage().contains("sqrt takes a number"));
        assertTrue(bad("y = x < 1").getMessage().contains("result must be a number"));
    }

    @Test
    void badChainedComparison() {
        assertTrue(bad("select(0 < x < 1, 1, 0)").getMessage().contains("comparisons do not chain"));
    }

    @Test
    void badReductionInsideAnExpression() {
        assertTrue(bad("sum(x) * 2").getMessage().contains("must be the whole of the last statement"));
        assertTrue(bad("s = sum(x); s + 1").getMessage().contains("must be the last statement"));
    }

    @Test
    void badCharacterEmptyTextAndHugeNumber() {
        assertTrue(bad("y = x $ 2").getMessage().contains("unexpected character '$'"));
        assertTrue(bad("  ").getMessage().contains("empty"));
        assertTrue(bad("x * 1e39").getMessage().contains("too large for float32"));
    }

    @Test
    void badDeepNestingIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(5000) + "x" + ")".repeat(5000);
        assertTrue(bad(deep).getMessage().contains("nests deeper than"));
    }

    @Test
    void badTooManyOperationsIsRejected() {
        String longSum = "x" + " + x * 1.5".repeat(2000);
        var e = assertThrows(IllegalArgumentException.class, () -> Kernel.parse(longSum));
        assertTrue(e.getMessage().contains("operations"), e.getMessage());
    }

    @Test
    void badPixelStatementWithoutAssignment() {
        var e = assertThrows(KernelSyntaxException.class, () -> Kernel.parsePixels("r * 2"));
        assertTrue(e.getMessage().contains("assigns a name"));
    }

    @Test
    void nullTextIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Kernel.parse(null));
    }
}
