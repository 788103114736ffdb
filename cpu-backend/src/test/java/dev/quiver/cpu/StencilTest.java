package dev.quiver.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Stencil;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Neighbourhood kernels (blur) on every CPU backend give the reference's bytes. */
class StencilTest {
    private static final List<String> BACKENDS = List.of("simd", "simd:256", "simd:128", "threads");

    private static int[] image(int width, int height, long seed) {
        var random = new SplittableRandom(seed);
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt();
        }
        return pixels;
    }

    private static int[] run(String backend, Stencil s, int[] in, int width, int height) {
        int[] out = new int[in.length];
        ParallelMap.on(backend).map(s, in, width, height, out);
        return out;
    }

    @Property(tries = 60)
    void everyBackendGivesTheReferencesBytes(@ForAll @IntRange(min = 1, max = 70) int width, @ForAll @IntRange(min = 1, max = 40) int height,
            @ForAll @IntRange(min = 1, max = 40) int tenthsOfSigma, @ForAll long seed) {
        Stencil blur = Stencil.gaussian(tenthsOfSigma / 10.0);
        int[] in = image(width, height, seed);
        int[] expected = run("reference", blur, in, width, height);
        for (String backend : BACKENDS) {
            assertArrayEquals(expected, run(backend, blur, in, width, height), backend + " on " + width + "x" + height + " " + blur);
        }
    }

    @Test
    void aLargeImageSplitIntoBandsGivesTheReferencesBytes() {
        int width = 1031;
        int height = 777;
        int[] in = image(width, height, 7);
        Stencil blur = Stencil.gaussian(2.5);
        int[] expected = run("reference", blur, in, width, height);
        for (String backend : BACKENDS) {
            assertArrayEquals(expected, run(backend, blur, in, width, height), backend);
        }
    }

    @Test
    void aFlatImageStaysFlat() {
        int[] in = new int[50 * 30];
        Arrays.fill(in, 0x80C86432);
        for (String backend : BACKENDS) {
            int[] out = run(backend, Stencil.gaussian(3), in, 50, 30);
            assertTrue(Arrays.stream(out).allMatch(p -> p == 0x80C86432), backend);
        }
    }

    @Test
    void anImpulseSpreadsSymmetricallyAndSumsToItsWeight() {
        int size = 41;
        int[] in = new int[size * size];
        in[20 * size + 20] = 0xFFFFFFFF;
        int[] out = run("simd", Stencil.gaussian(2), in, size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                assertEquals(out[y * size + x], out[x * size + y], "symmetric about the diagonal");
                assertEquals(out[y * size + x], out[y * size + size - 1 - x], "symmetric about the centre column");
            }
        }
        long red = Arrays.stream(out).map(p -> p >> 16 & 0xFF).sum();
        assertTrue(Math.abs(red - 255) < 30, "the red channel's total stays near 255: " + red);
    }

    @Test
    void badCallsAreRefusedByName() {
        int[] in = new int[6];
        ParallelMap m = ParallelMap.auto();
        Stencil blur = Stencil.gaussian(1);
        assertEquals("a 4 x 2 image has 8 pixels, but the pixel array has 6",
                assertThrows(IllegalArgumentException.class, () -> m.map(blur, in, 4, 2, new int[6])).getMessage());
        assertEquals("blur=1.0 cannot run in place: out must be another array than pixels",
                assertThrows(IllegalArgumentException.class, () -> m.map(blur, in, 3, 2, in)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Stencil.gaussian(0));
        assertThrows(IllegalArgumentException.class, () -> Stencil.gaussian(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Stencil.separable("even", 0.5f, 0.5f));
    }
}
