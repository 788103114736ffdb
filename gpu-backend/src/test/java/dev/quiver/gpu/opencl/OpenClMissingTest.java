package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.library.Kernels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Machines without OpenCL, made for real in child JVMs: one whose ICD loader finds no driver (an empty
 * vendors directory), one without JOCL on the class path. OpenCL says why it is unavailable, and every
 * kernel call still gives the right result on another backend.
 */
class OpenClMissingTest {

    /** Prints the opencl backend's status, then runs a map, a reduction and explains a large call. */
    public static void main(String[] args) {
        var opencl = ParallelMap.backends().stream().filter(b -> b.name().equals("opencl")).findFirst().orElseThrow();
        System.out.println("opencl usable=" + opencl.usable() + ": " + opencl.detail());
        float[] x = new float[100_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 100;
        }
        float[] y = new float[x.length];
        ParallelMap.auto().map(Kernels.square(), x, y);
        System.out.println("square " + y[99] + ", dot " + ParallelMap.auto().reduce(Kernels.dot(), x, x)
                + ", on " + ParallelMap.auto().explain(Kernels.square(), 1 << 22).chosen());
        try {
            ParallelMap.on("opencl");
            System.out.println("on(opencl) did not refuse");
        } catch (IllegalArgumentException e) {
            System.out.println("on(opencl) refused: " + e.getMessage());
        }
    }

    @Test
    void withNoDriverTheIcdLoaderFindsNoPlatform(@TempDir Path emptyVendors) throws Exception {
        String out = child(classPath(), Map.of("OCL_ICD_VENDORS", emptyVendors.toString()));
        assertTrue(out.contains("opencl usable=false: no OpenCL platform: the ICD loader found no driver in " + emptyVendors), out);
        assertTrue(out.contains("square 9801.0, dot 3.2835E8, on reference"), out);
        assertTrue(out.contains("on(opencl) refused: backend 'opencl' cannot run here: no OpenCL platform"), out);
    }

    @Test
    void withoutJoclOnTheClassPathItSaysSo() throws Exception {
        List<String> withoutJocl = classPath().stream().filter(e -> !Path.of(e).getFileName().toString().startsWith("jocl-")).toList();
        assertEquals(classPath().size() - 1, withoutJocl.size(), "JOCL's jar is on the test class path: " + classPath());
        String out = child(withoutJocl, Map.of());
        assertTrue(out.contains("opencl usable=false: JOCL (org.jocl:jocl) is not on the class path"), out);
        assertTrue(out.contains("square 9801.0, dot 3.2835E8, on reference"), out);
    }

    private static String child(List<String> classPath, Map<String, String> environment) throws IOException, InterruptedException {
        return ChildJvm.run(OpenClMissingTest.class, classPath, List.of("-Dquiver.dispatch.cache=none"), environment);
    }

    private static List<String> classPath() throws IOException {
        return ChildJvm.classPath();
    }
}
