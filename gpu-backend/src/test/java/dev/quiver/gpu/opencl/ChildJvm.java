package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Runs a test class's {@code main} in a fresh JVM, for what a JVM decides once: libraries found, figures measured. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** The output of {@code main} run with {@code classPath}, extra JVM options and environment; it must exit 0. */
    static String run(Class<?> main, List<String> classPath, List<String> options, Map<String, String> environment)
            throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector"));
        command.addAll(options);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), main.getName()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** This JVM's class path, one entry per element, unpacking the manifest-only jar surefire may start tests with. */
    static List<String> classPath() throws IOException {
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
