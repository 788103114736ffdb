package dev.quiver.cpu.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Op;
import dev.quiver.kernel.Type;
import dev.quiver.library.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Costly parts of one 8-bit level are looked up in tables the reference computes: found where they are
 * and nowhere else, and giving the reference's bytes on both CPU backends, for any parameter values.
 */
class LevelTablesTest {
    private static final ParallelMap REFERENCE = ParallelMap.on("reference");

    static Stream<Arguments> kernelsAndTheirTables() {
        return Stream.of(
                Arguments.of(Kernels.gamma(2.2f), 1),                      // r, g and b share one table
                Arguments.of(Kernels.grayscale().then(Kernels.gamma(2.2f)).then(Kernels.contrast(1.2f)), 1),
                Arguments.of(Kernel.parsePixels("r = 255 * exp(-r / 64); g = log(g + 1) * 40; b = b"), 2),
                Arguments.of(Kernel.parsePixels("r = exp(r / 64) * g / 4; g = g; b = b"), 1), // a table used in arithmetic
                Arguments.of(Kernels.grayscale(), 0),                      // nothing costly
                Arguments.of(Kernels.contrast(1.2f), 0),
                Arguments.of(Kernel.parsePixels("r = pow(r * g / 255, 0.5); g = g; b = b"), 0), // two levels
                Arguments.of(Kernel.parse("y = pow(x, 2.2)"), 0));        // a float input is not a level
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelsAndTheirTables")
    void findsTheCostlyPartsOfOneLevel(Kernel kernel, int tables) {
        assertEquals(tables, LevelTables.of(kernel.program()).count(), kernel.toString());
    }

    @Test
    void aLookedUpPartIsNotComputed() {
        var program = Kernels.gamma(2.2f).program();
        var tables = LevelTables.of(program);
        for (int i = 0; i < program.nodes().size(); i++) {
            if (program.nodes().get(i).op() == Op.POW) {
                assertFalse(tables.needed(i), "pow node " + i + " is still computed");
            }
        }
    }

    @Test
    void aTableOnlyPackedHoldsLevelsAndOneUsedInArithmeticDoesNot() {
        assertEquals(List.of(true), levelsHeld(Kernels.gamma(2.2f)).stream().distinct().toList());
        assertEquals(List.of(false), levelsHeld(Kernel.parsePixels("r = exp(r / 64) * g / 4; g = g; b = b")));
    }

    private static List<Boolean> levelsHeld(Kernel kernel) {
        var tables = LevelTables.of(kernel.program());
        var held = new ArrayList<Boolean>();
        for (int i = 0; i < kernel.program().nodes().size(); i++) {
            if (tables.tableOf(i) >= 0) {
                held.add(tables.holdsLevels(i));
            }
        }
        return held;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelsAndTheirTables")
    void bothCpuBackendsGiveTheReferenceBytes(Kernel kernel, int ignored) {
        if (kernel.program().inputs().getFirst().type() != Type.PIXEL) {
            return;
        }
        int[] pixels = everyLevelInEveryChannel();
        int[] expected = new int[pixels.length];
        REFERENCE.map(kernel, pixels, expected);
        for (String backend : List.of("simd", "threads")) {
            int[] actual = new int[pixels.length];
            ParallelMap.on(backend).map(kernel, pixels, actual);
            assertArrayEquals(expected, actual, backend + " " + kernel);
        }
    }

    /** The same compiled loop, called from 8 threads with different gamma values: each call gets its own values' table. */
    @Test
    void callsWithOtherParameterValuesGetTheirOwnTables() throws Exception {
        int[] pixels = everyLevelInEveryChannel();
        float[] gammas = {0.5f, 1f, 1.8f, 2.2f, 3f};
        List<int[]> expected = new ArrayList<>();
        for (float g : gammas) {
            int[] out = new int[pixels.length];
            REFERENCE.map(Kernels.gamma(g), pixels, out);
            expected.add(out);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var results = new ArrayList<Future<Boolean>>();
            for (int t = 0; t < 8; t++) {
                int first = t;
                results.add(pool.submit(() -> {
                    int[] out = new int[pixels.length];
                    for (int call = 0; call < 40; call++) {
                        int which = (first + call) % gammas.length;
                        ParallelMap.on(call % 2 == 0 ? "simd" : "threads").map(Kernels.gamma(gammas[which]), pixels, out);
                        if (!Arrays.equals(expected.get(which), out)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var r : results) {
                assertTrue(r.get(), "a call got another call's table");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each channel through all 256 levels, in shuffled combinations, with varied alpha; an odd length for the masked tail. */
    private static int[] everyLevelInEveryChannel() {
        var random = new SplittableRandom(42);
        int[] pixels = new int[256 * 16 + 7];
        for (int i = 0; i < pixels.length; i++) {
            int level = i & 0xFF;
            pixels[i] = random.nextInt(256) << 24 | level << 16 | (255 - level) << 8 | random.nextInt(256);
        }
        return pixels;
    }
}
