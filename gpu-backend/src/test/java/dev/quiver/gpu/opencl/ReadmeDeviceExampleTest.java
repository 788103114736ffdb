package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiver.DeviceArray;
import dev.quiver.ParallelMap;
import dev.quiver.kernel.Type;
import dev.quiver.library.Kernels;
import dev.quiver.testing.ReadmeExample;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The device example in README.md, line for line between the markers, so that it keeps compiling and working. */
class ReadmeDeviceExampleTest {

    @Test
    void theReadmeShowsThisExample() throws IOException {
        ReadmeExample.assertShown(ReadmeDeviceExampleTest.class);
    }

    @Test
    void theReadmeExampleRuns() {
        float[] values = new float[1 << 20];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 1000;
        }
        // README begin
        ParallelMap gpu = ParallelMap.on("opencl");                        // or "opencl:1", "opencl:gpu"
        try (DeviceArray x = gpu.upload(values);                            // one copy to the device
             DeviceArray y = gpu.allocate(Type.FLOAT, values.length)) {
            gpu.map(Kernels.square(), x, y);                                // y = x * x, on the device
            gpu.map(Kernels.triad().with("s", 3f), y, x, y);                // y = y + 3 * x, in place, still there
            double sum = gpu.reduce(Kernels.sum(), y);                      // only the sum comes back
            float[] result = y.toFloatArray();                              // the one copy back
            System.out.println(sum + " " + result[999]);
        }
        // README end
        try (DeviceArray x = gpu.upload(values); DeviceArray y = gpu.allocate(Type.FLOAT, values.length)) {
            gpu.map(Kernels.square(), x, y);
            gpu.map(Kernels.triad().with("s", 3f), y, x, y);
            assertEquals(999f * 999f + 3 * 999f, y.toFloatArray()[999]);
            assertEquals(ParallelMap.on("reference").reduce(Kernels.sum(), y.toFloatArray()), gpu.reduce(Kernels.sum(), y), 1e-12 * 4e11); // both add float terms in double
        }
    }
}
