package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.library.Kernels;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
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
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Dquiver.dispatch.cache=none",
                "-cp", String.join(File.pathSeparator, classPath), OpenClMissingTest.class.getName()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** This JVM's class path, one entry per element, unpacking the manifest-only jar surefire may start tests with. */
    private static List<String> classPath() throws IOException {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        if (entries.size() == 1 && entries.getFirst().endsWith(".jar")) {
            try (var jar = new JarFile(entries.getFirst())) {
                String manifestPath = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifestPath != null && !manifestPath.isBlank()) {
                    URI base = Path.of(entries.getFirst()).toAbsolutePath().getParent().toUri();
                    return Arrays.stream(manifestPath.trim().split("\\s+")).map(u -> Path.of(base.resolve(u)).toString())
                            .filter(e -> Files.exists(Path.of(e))).toList();
                }
            }
        }
        return entries;
    }
}
