package dev.quiver.library;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Type;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** Each built-in computes what its summary says, checked on pixels and numbers worked out by hand. */
class KernelsTest {
    private static final ParallelMap REFERENCE = ParallelMap.on("reference");

    private static int pixel(Kernel k, int p) {
        int[] out = new int[1];
        REFERENCE.map(k, new int[] {p}, out);
        return out[0];
    }

    @Test
    void everyBuiltinHasAUniqueNameAndAUsableKernel() {
        var names = new HashSet<String>();
        for (Builtin b : Kernels.all()) {
            assertTrue(names.add(b.name()), b.name());
            assertEquals(b.name(), b.kernel().name());
            assertTrue(Kernels.find(b.name()).isPresent());
            assertTrue(b.signature().startsWith(b.name() + "("), b.signature());
        }
        assertEquals(18, names.size());
    }

    @Test
    void streamKernels() {
        float[] a = {1, 2};
        float[] b = {3, 4};
        float[] c = {10, 20};
        float[] out = new float[2];
        REFERENCE.map(Kernels.copy(), a, out);
        assertArrayEquals(new float[] {1, 2}, out);
        REFERENCE.map(Kernels.mul(), c, out);
        assertArrayEquals(new float[] {4, 8}, out);
        REFERENCE.map(Kernels.add(), a, b, out);
        assertArrayEquals(new float[] {4, 6}, out);
        REFERENCE.map(Kernels.triad(), b, c, out);
        assertArrayEquals(new float[] {7, 12}, out);
        assertEquals(11.0, REFERENCE.reduce(Kernels.dot(), a, b));
        assertEquals(3.0, REFERENCE.reduce(Kernels.sum(), a));
        assertEquals(1.0, REFERENCE.reduce(Kernels.min(), a));
        assertEquals(2.0, REFERENCE.reduce(Kernels.max(), a));
        assertTrue(Double.isNaN(REFERENCE.reduce(Kernels.max(), new float[] {1, Float.NaN, 3})));
    }

    @Test
    void grayscaleUsesRec601AndKeepsAlpha() {
        // 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2 -> 124
        assertEquals(0x807C7C7C, pixel(Kernels.grayscale(), 0x80C86432));
        // Rec.709: 0.2126 * 200 + 0.7152 * 100 + 0.0722 * 50 = 117.65 -> 118
        assertEquals(0x80767676, pixel(Kernels.grayscale709(), 0x80C86432));
    }

    @Test
    void invertBrightnessContrast() {
        assertEquals(0x80379BCD, pixel(Kernels.invert(), 0x80C86432));
        assertEquals(0x80D26E3C, pixel(Kernels.brightness(10), 0x80C86432));
        assertEquals(0x80FFC896, pixel(Kernels.brightness(100), 0x80C86432));
        // (200 - 127.5) * 2 + 127.5 = 272.5 -> 255; (100 - 127.5) * 2 + 127.5 = 72.5 -> 72 (half to even); 50 -> 0
        assertEquals(0x80FF4800, pixel(Kernels.contrast(2), 0x80C86432));
    }

    @Test
    void gammaBrightensAsImageMagickDoes() {
        int expected = 0x80000000;
        int[] levels = {200, 100, 50};
        for (int c = 0; c < 3; c++) {
            long level = Math.round(255 * Math.pow(levels[c] / 255.0, 1 / 2.2));
            expected |= (int) level << (16 - 8 * c);
        }
        assertEquals(expected, pixel(Kernels.gamma(2.2f), 0x80C86432));
    }

    @Test
    void sepiaAndThreshold() {
        assertEquals(0x80A59372, pixel(Kernels.sepia(), 0x80C86432));
        assertEquals(0x80FFFFFF, pixel(Kernels.threshold(124), 0x80C86432));
        assertEquals(0x80000000, pixel(Kernels.threshold(125), 0x80C86432));
    }

    @Test
    void pixelBuiltinsTakePixels() {
        for (Builtin b : Kernels.all()) {
            boolean pixels = b.kernel().outputType() == Type.PIXEL;
            assertEquals(pixels, b.kernel().program().inputs().stream().allMatch(i -> i.type() == Type.PIXEL) && pixels, b.name());
        }
    }

    @Test
    void requiredParametersMustBeGiven() {
        var e = assertThrows(IllegalArgumentException.class, () -> pixel(Kernels.GAMMA.kernel(), 0));
        assertTrue(e.getMessage().contains("parameter 'gamma' has no value"), e.getMessage());
        assertEquals("gamma(p; gamma)", Kernels.GAMMA.signature());
        assertEquals("triad(b, c; s=0.4)", Kernels.TRIAD.signature());
    }
}
