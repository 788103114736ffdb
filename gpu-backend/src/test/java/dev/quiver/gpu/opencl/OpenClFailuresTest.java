package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the OpenCL backend says when the device will not do what it is asked. */
class OpenClFailuresTest {

    @Test
    void aSourceThatDoesNotBuildReportsTheDevicesBuildLog() {
        OpenClContext context = OpenClContext.of(OpenClDevices.discover().devices().getFirst());
        var e = assertThrows(IllegalStateException.class, () -> context.build("__kernel void broken(__global float *x) { x[0] = undefined_name; }"));
        assertTrue(e.getMessage().startsWith("OpenCL could not build the kernel on "), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_name"), "the build log names the problem: " + e.getMessage());
    }
}
