package dev.quiver.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.cli.Quiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quiver image} on JPEGs in child JVMs without libjpeg-turbo, made for real: one told to load a
 * library file that does not exist (as on a machine without libturbojpeg0), one with it turned off. Both
 * write every output through ImageIO; the first says why once, the second, turned off on purpose, says nothing.
 */
class TurboJpegFallbackTest {
    @TempDir
    Path dir;

    private String run(String property) throws IOException, InterruptedException {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (String name : List.of("progressive.jpg", "exif6.jpg")) {
            Files.copy(Fixtures.resources().resolve(name), in.resolve(name));
        }
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(launcher, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dquiver.dispatch.cache=none", property, "-cp", System.getProperty("java.class.path"), Quiver.class.getName(),
                "image", "grayscale", in.toString(), "--out-dir", dir.resolve("out").toString(), "--no-progress", "--backend", "simd"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), log);
        assertEquals(0, p.exitValue(), log);
        for (String name : List.of("progressive.jpg", "exif6.jpg")) {
            Path out = dir.resolve("out").resolve(name);
            assertEquals(1, JpegPathsTest.components(out), "gray output " + name + " has one channel: " + log);
        }
        var reader = new PictureReader(1 << 20, Optional.empty());
        assertEquals(Fixtures.H, reader.read(dir.resolve("out/exif6.jpg")).width(), "turned upright by its EXIF orientation");
        return log;
    }

    @Test
    void aMissingLibraryIsReportedOnceAndImageIoWritesEveryFile() throws Exception {
        String log = run("-Dquiver.turbojpeg.library=/nonexistent/libturbojpeg.so.0");
        String reason = "quiver: libjpeg-turbo cannot be loaded: no library /nonexistent/libturbojpeg.so.0 was found;"
                + " JPEGs are decoded and encoded by ImageIO instead";
        assertTrue(log.contains(reason), log);
        assertEquals(log.indexOf(reason), log.lastIndexOf(reason), "said once: " + log);
    }

    @Test
    void turnedOffOnPurposeItSaysNothing() throws Exception {
        String log = run("-Dquiver.turbojpeg=off");
        assertFalse(log.contains("libjpeg-turbo"), log);
    }
}
