package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.Explanation;
import dev.quiver.ParallelMap;
import dev.quiver.library.Kernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * A device that shares the host's memory (PoCL's CPU device here) computes on native segments where they
 * are, so auto()'s verdict on a call of native segments counts a round trip and no copies; Java arrays,
 * and a call whose output is one of its inputs (which the backend stages), are counted as copied.
 */
class DispatchInPlaceTest {
    private static final int N = 1 << 22;
    private static final String IN_PLACE = "computes on these segments where they are";

    @Test
    void nativeSegmentsOnADeviceThatSharesTheHostsMemoryMoveNothing() {
        boolean shares = new OpenClBackend().sharesHostMemory();
        assertEquals(OpenClDevices.discover().devices().stream().filter(d -> d.type().equals("GPU")).findFirst()
                .or(() -> OpenClDevices.discover().devices().stream().findFirst()).orElseThrow().hostMemory(), shares);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment b = arena.allocate(4L * N, 64);
            MemorySegment c = arena.allocate(4L * N, 64);
            MemorySegment out = arena.allocate(4L * N, 64);
            var triad = Kernels.triad().with("s", 3f);

            String resident = verdictOnOpencl(ParallelMap.auto().explain(triad, b, c, out));
            assertTrue(resident.contains("measured to"), resident);
            assertEquals(shares, resident.contains(IN_PLACE), resident);
            assertEquals(!shares, resident.contains("to device"), resident);

            String arrays = verdictOnOpencl(ParallelMap.auto().explain(triad, N));
            assertFalse(arrays.contains(IN_PLACE), arrays);
            assertTrue(arrays.contains("to device"), arrays);

            String aliased = verdictOnOpencl(ParallelMap.auto().explain(triad, b, c, b));
            assertFalse(aliased.contains(IN_PLACE), "an output that is an input is staged: " + aliased);
        }
    }

    @Test
    void explainingOnSegmentsWantsTheKernelsOperands() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate(4L * 1024, 64);
            var e = assertThrows(IllegalArgumentException.class, () -> ParallelMap.auto().explain(Kernels.triad(), x, x));
            assertTrue(e.getMessage().contains("kernel 'triad' is explained on 3 segments (its inputs, then the output), got 2"), e.getMessage());
            assertEquals("reference", ParallelMap.auto().explain(Kernels.dot(), x, x).chosen(), "a small reduction stays on the CPU");
        }
    }

    private static String verdictOnOpencl(Explanation why) {
        return why.candidates().stream().filter(c -> c.backend().equals("opencl")).findFirst().orElseThrow().reason();
    }
}
