package dev.quiver.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiver.ParallelMap;
import dev.quiver.testing.AwkwardValues;
import dev.quiver.testing.RandomKernels;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The text a program prints is kernel text that computes the same thing. */
class ProgramTextTest {
    private static final ParallelMap REFERENCE = ParallelMap.on("reference");

    @Property(tries = 300)
    void printedFloatKernelsParseBackToTheSameFunction(@ForAll long seed) {
        var r = new Random(seed);
        Kernel k = RandomKernels.floats(r, 2, 1 + r.nextInt(5));
        String text = k.program().toString();
        Kernel reparsed = Kernel.parse(text);
        for (String p : k.params()) {
            if (reparsed.inputNames().contains(p) || reparsed.params().contains(p)) {
                reparsed = reparsed.with(p, (float) k.value(p).getAsDouble());
            }
        }
        float[] a = AwkwardValues.floats(r, 64);
        float[] b = AwkwardValues.floats(r, 64);
        float[] expected = new float[64];
        float[] actual = new float[64];
        REFERENCE.map(k, a, b, expected);
        var names = reparsed.inputNames();
        if (names.size() == 2) {
            REFERENCE.map(reparsed, names.get(0).equals("a") ? a : b, names.get(0).equals("a") ? b : a, actual);
        } else if (names.size() == 1) {
            REFERENCE.map(reparsed, names.get(0).equals("a") ? a : b, actual);
        } else {
            REFERENCE.map(reparsed, java.lang.foreign.MemorySegment.ofArray(actual));
        }
        for (int i = 0; i < 64; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), "element " + i + " of " + text);
        }
    }

    @Property(tries = 200)
    void printedPixelKernelsParseBackToTheSameFunction(@ForAll long seed) {
        var r = new Random(seed);
        Kernel k = RandomKernels.pixels(r, 1 + r.nextInt(3));
        String text = k.program().toString();
        Kernel reparsed = Kernel.parsePixels(text);
        for (String p : reparsed.params()) {
            reparsed = reparsed.with(p, (float) k.value(p).getAsDouble());
        }
        int[] px = AwkwardValues.pixels(r, 64);
        int[] expected = new int[64];
        int[] actual = new int[64];
        REFERENCE.map(k, px, expected);
        REFERENCE.map(reparsed, px, actual);
        for (int i = 0; i < 64; i++) {
            assertEquals(expected[i], actual[i], "pixel " + i + " of " + text);
        }
    }
}
