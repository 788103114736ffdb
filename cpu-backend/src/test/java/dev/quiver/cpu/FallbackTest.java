package dev.quiver.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import org.junit.jupiter.api.Test;

/** A backend that fails never yields a wrong or partial result: the next one runs, or the call throws. */
class FallbackTest {

    @Test
    void aBackendThatCannotPrepareFallsBackToTheNext() {
        Kernel k = Kernel.map("marked", x -> x.mul(2).add(FailingBackend.FAILS_TO_PREPARE));
        assertTrue(ParallelMap.auto().explain(k, 10).toString().contains("runs on failing"));
        float[] y = new float[3];
        ParallelMap.auto().map(k, new float[] {1, 2, 3}, y);
        assertArrayEquals(new float[] {12347.5f, 12349.5f, 12351.5f}, y);
    }

    @Test
    void aBackendThatFailsMidwayIsRetriedAndItsScribblesOverwritten() {
        Kernel k = Kernel.map("marked", x -> x.add(FailingBackend.FAILS_MIDWAY));
        float[] y = new float[3];
        ParallelMap.auto().map(k, new float[] {1, 2, 3}, y);
        assertArrayEquals(new float[] {54322.5f, 54323.5f, 54324.5f}, y);
        assertEquals(54322.5 + 54323.5, ParallelMap.auto().reduce(Kernel.reduce("s", dev.quiver.kernel.Reduction.SUM,
                x -> x.add(FailingBackend.FAILS_MIDWAY)), new float[] {1, 2}));
    }

    @Test
    void aFailureMidwayInPlaceIsNotRetriedOnCorruptedInput() {
        Kernel k = Kernel.map("marked", x -> x.add(FailingBackend.FAILS_MIDWAY));
        float[] x = {1, 2, 3};
        var e = assertThrows(IllegalStateException.class, () -> ParallelMap.auto().map(k, x, x));
        assertTrue(e.getMessage().contains("in place, so its input is partly overwritten"), e.getMessage());
    }

    @Test
    void aNamedBackendDoesNotFallBack() {
        Kernel k = Kernel.map("marked", x -> x.add(FailingBackend.FAILS_TO_PREPARE));
        var e = assertThrows(IllegalStateException.class, () -> ParallelMap.on("failing").map(k, new float[1], new float[1]));
        assertTrue(e.getMessage().contains("could not prepare kernel 'marked': the device refused to build it"), e.getMessage());
    }
}
