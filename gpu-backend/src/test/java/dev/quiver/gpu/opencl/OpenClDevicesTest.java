package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import org.junit.jupiter.api.Test;

/**
 * Real OpenCL: CI installs PoCL (./quiver test does), so discovery must find its CPU device. Not
 * skipped anywhere: a machine without OpenCL fails here, saying what to install.
 */
class OpenClDevicesTest {

    @Test
    void findsAtLeastOneDeviceWithItsProperties() {
        var found = OpenClDevices.discover();
        assertTrue(found.worked(), found.problem());
        assertFalse(found.devices().isEmpty(), "no OpenCL device found; install pocl-opencl-icd");
        for (OpenClDevice d : found.devices()) {
            assertTrue(d.computeUnits() > 0 && d.globalMemory() > 0 && d.maxAllocation() > 0, d.toString());
            assertTrue(d.version().startsWith("OpenCL"), d.version());
            assertTrue(d.describe().startsWith("opencl:" + d.index() + " "), d.describe());
        }
    }

    @Test
    void isUsableAndChosenByAutoOnlyAsMeasured() {
        var status = ParallelMap.backends().stream().filter(b -> b.name().equals("opencl")).findFirst().orElseThrow();
        assertTrue(status.usable(), status.detail());
        assertTrue(status.detail().startsWith("opencl:"), status.detail());
        assertEquals(0, status.priority());

        String small = ParallelMap.auto().explain(dev.quiver.library.Kernels.square(), 1000).toString();
        assertTrue(small.contains("runs on reference"), small);
        assertTrue(small.contains("calls under 65,536 elements stay on the CPU"), small);

        // Only the reference interpreter is on this module's class path, so the device may well win here;
        // what must hold is that the choice follows the figures, and that they are shown.
        var large = ParallelMap.auto().explain(dev.quiver.library.Kernels.square(), 1 << 22);
        var opencl = large.candidates().stream().filter(c -> c.backend().equals("opencl")).findFirst().orElseThrow();
        assertTrue(opencl.reason().matches(".*measured to (win|lose).*round trip .*, to device .* GB/s, back .* GB/s.*"), large.toString());
        assertEquals(opencl.reason().contains("measured to win"), large.chosen().equals("opencl"), large.toString());
    }
}
