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
    void isUsableButChosenOnlyByNameUntilDispatchMeasuresTransfers() {
        var status = ParallelMap.backends().stream().filter(b -> b.name().equals("opencl")).findFirst().orElseThrow();
        assertTrue(status.usable(), status.detail());
        assertTrue(status.detail().startsWith("opencl:"), status.detail());
        assertEquals(0, status.priority());
        String why = ParallelMap.auto().explain(dev.quiver.library.Kernels.square(), 1 << 20).toString();
        assertFalse(why.contains("runs on opencl"), why);
    }
}
