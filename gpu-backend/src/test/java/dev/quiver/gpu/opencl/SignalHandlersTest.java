package dev.quiver.gpu.opencl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.library.Kernels;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After PoCL has loaded, the JVM must still be the one handling its own signals. Checked with the signal
 * that shows it from outside: SIGQUIT, which the JVM answers with a thread dump. Child JVMs run an OpenCL
 * kernel first, one with the JDK's signal chaining (as the launcher and the build's tests run), one without.
 */
class SignalHandlersTest {
    private static final Path JSIG = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");

    /** Runs a kernel on OpenCL, says so, and waits to be signalled. */
    public static void main(String[] args) throws Exception {
        float[] x = {1, 2, 3};
        float[] y = new float[3];
        ParallelMap.on("opencl").map(Kernels.square(), x, y);
        System.out.println("ran on opencl: " + y[2]);
        System.out.flush();
        Thread.sleep(30_000);
    }

    @Test
    void withSignalChainingTheJvmStillAnswersSigquit() throws Exception {
        assertTrue(Files.exists(JSIG), "this JDK has no " + JSIG);
        List<String> out = runAndSignal(JSIG.toString());
        assertTrue(out.stream().anyMatch(l -> l.startsWith("Full thread dump")), "no thread dump after SIGQUIT: " + out);
        assertFalse(out.stream().anyMatch(l -> l.contains("installed signal handlers over the JVM's")), "warned although chaining: " + out);
    }

    @Test
    void withoutItTheBackendSaysWhatToDo() throws Exception {
        List<String> out = runAndSignal("");
        assertTrue(out.stream().anyMatch(l -> l.contains("installed signal handlers over the JVM's") && l.contains("LD_PRELOAD=" + JSIG)),
                "no warning that PoCL took the JVM's signals: " + out);
    }

    /** Starts the child with LD_PRELOAD as given, sends it SIGQUIT once the kernel has run, and returns what it printed. */
    private static List<String> runAndSignal(String preload) throws Exception {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector", "-Dquiver.dispatch.cache=none",
                "-cp", String.join(File.pathSeparator, ChildJvm.classPath()), SignalHandlersTest.class.getName()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LD_PRELOAD", preload);
        Process child = builder.start();
        var lines = new ArrayList<String>();
        try (var reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("ran on opencl")) {
                    new ProcessBuilder("kill", "-QUIT", Long.toString(child.pid())).inheritIO().start().waitFor();
                    Thread.ofVirtual().start(() -> {
                        try {
                            Thread.sleep(3000);
                        } catch (InterruptedException ignored) {
                            // the test is over
                        }
                        child.destroy();
                    });
                }
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        return lines;
    }
}
