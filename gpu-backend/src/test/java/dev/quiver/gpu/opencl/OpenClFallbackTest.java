package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.DeviceArray;
import dev.quiver.Explanation;
import dev.quiver.ParallelMap;
import dev.quiver.library.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * When the device fails, {@code auto()} still gives the complete, correct result from the next backend and
 * says why once. The failures are real: a device that may hold less than the call needs (its limit
 * lowered by a property, as a smaller device would have it), and a device compiler given an option it
 * rejects. {@code -Dquiver.devices=always} makes auto() try the device first, as it would when it wins.
 */
@Isolated
class OpenClFallbackTest {
    private final List<String> warnings = new ArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord r) {
            warnings.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void recordWarningsAndPreferTheDevice() {
        Logger.getLogger("dev.quiver").addHandler(recorder);
        System.setProperty("quiver.devices", "always");
    }

    @AfterEach
    void restore() {
        Logger.getLogger("dev.quiver").removeHandler(recorder);
        System.clearProperty("quiver.devices");
        System.clearProperty(OpenClContext.MAX_ALLOCATION_PROPERTY);
        System.clearProperty(OpenClContext.EXTRA_OPTIONS_PROPERTY);
    }

    @Test
    void aCallLargerThanTheDeviceMayHoldRunsOnTheNextBackend() {
        float[] x = ramp(100_000);
        float[] expected = new float[x.length];
        ParallelMap.on("reference").map(Kernels.square(), x, expected);
        System.setProperty(OpenClContext.MAX_ALLOCATION_PROPERTY, "65536");
        Explanation why = ParallelMap.auto().explain(Kernels.square(), x.length);
        assertEquals("opencl", why.chosen(), why.toString());

        float[] y = new float[x.length];
        ParallelMap.auto().map(Kernels.square(), x, y);
        assertArrayEquals(expected, y);
        ParallelMap.auto().map(Kernels.square(), x, y);
        long logged = warnings.stream().filter(w -> w.contains("backend 'opencl' failed kernel 'square'")).count();
        assertEquals(1, logged, "the reason is logged once: " + warnings);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("takes at most 64 KiB in one buffer")), warnings.toString());
    }

    @Test
    void aKernelTheDeviceCompilerRejectsRunsOnTheNextBackend() {
        System.setProperty(OpenClContext.EXTRA_OPTIONS_PROPERTY, "-quiver-no-such-option");
        float[] b = ramp(5000);
        float[] c = ramp(5000);
        float[] expected = new float[b.length];
        float[] actual = new float[b.length];
        ParallelMap.on("reference").map(Kernels.triad().with("s", 0.5f), b, c, expected);
        ParallelMap.auto().map(Kernels.triad().with("s", 0.5f), b, c, actual);
        assertArrayEquals(expected, actual);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("backend 'opencl' could not prepare kernel 'triad'")
                && w.contains("-quiver-no-such-option")), warnings.toString());
    }

    @Test
    void dataOnAFailingDeviceIsComputedOnTheHostAndPutBack() {
        float[] x = ramp(3000);
        float[] expected = new float[x.length];
        ParallelMap.on("reference").map(Kernels.square(), x, expected);
        try (DeviceArray dx = ParallelMap.on("opencl").upload(x); DeviceArray dy = ParallelMap.on("opencl").allocate(dev.quiver.kernel.Type.FLOAT, x.length)) {
            System.setProperty(OpenClContext.EXTRA_OPTIONS_PROPERTY, "-quiver-no-such-option");
            ParallelMap.auto().map(Kernels.square(), dx, dy);
            assertArrayEquals(expected, dy.toFloatArray());
            assertTrue(dy.onDevice());
        }
        assertTrue(warnings.stream().anyMatch(w -> w.contains("failed on its own memory")), warnings.toString());
    }

    @Test
    void withDevicesOffAutoStaysOnTheCpu() {
        System.setProperty("quiver.devices", "never");
        Explanation why = ParallelMap.auto().explain(Kernels.square(), 1 << 24);
        assertEquals("reference", why.chosen(), why.toString());
        assertTrue(why.toString().contains("devices are off"), why.toString());
    }

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.25f - 100;
        }
        return x;
    }
}
