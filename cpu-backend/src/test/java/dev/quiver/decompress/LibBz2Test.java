package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.Tools.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libbz2 is used wherever it loads, and otherwise bzip2 decodes with commons-compress, the reason logged
 * once; checked in this JVM and in child JVMs started with libbz2 forbidden and with native access denied.
 */
class LibBz2Test {
    private static final String FALLBACK = "bzip2: decoding with commons-compress";

    @TempDir
    Path dir;

    /** Decompresses the bzip2 file {@code args[0]} twice, and says which decoder did it. */
    public static void main(String[] args) throws IOException {
        byte[] bz2 = Files.readAllBytes(Path.of(args[0]));
        byte[] first = Decompress.bytes(bz2);
        byte[] second = Decompress.bytes(bz2);
        System.out.println("decoded " + first.length + " and " + second.length + " bytes with "
                + LibBz2.system().map(LibBz2::name).orElse("commons-compress, because " + LibBz2.whyNot()));
    }

    @Test
    void usedHereUnlessForbidden() {
        if ("false".equals(System.getProperty(LibBz2.PROPERTY))) {
            assertTrue(LibBz2.system().isEmpty());
            assertEquals("libbz2 is forbidden by -Dquiver.bzip2.native=false", LibBz2.whyNot());
        } else {
            assertTrue(LibBz2.system().isPresent(), () -> "libbz2 (Debian: libbz2-1.0, which bzip2 needs) should load here: " + LibBz2.whyNot());
            assertEquals("", LibBz2.whyNot());
        }
    }

    @Test
    void aMissingLibraryIsAReasonNotAFailure() {
        var loading = LibBz2.load(true, List.of("libbz2-that-is-not-here.so.9"));
        assertTrue(loading.library().isEmpty());
        assertTrue(loading.whyNot().startsWith("libbz2 is not installed, or not where the dynamic linker looks (libbz2-that-is-not-here.so.9: "),
                loading.whyNot());
    }

    @Test
    void aLibraryWithoutTheCallsIsPassedOver() {
        var zlib = LibBz2.load(true, List.of("libz.so.1"));
        assertTrue(zlib.library().isEmpty());
        assertTrue(zlib.whyNot().contains("libz.so.1: ") && zlib.whyNot().contains("BZ2_bzDecompressInit"), zlib.whyNot());
        var next = LibBz2.load(true, List.of("libz.so.1", "libbz2.so.1.0"));
        assertEquals("libbz2.so.1.0", next.library().orElseThrow(() -> new AssertionError(next.whyNot())).name());
    }

    @Test
    void forbiddenItIsNotLoaded() {
        var loading = LibBz2.load(false);
        assertTrue(loading.library().isEmpty());
        assertEquals("libbz2 is forbidden by -Dquiver.bzip2.native=false", loading.whyNot());
    }

    @Test
    void withNativeAccessTheChildUsesLibbz2AndLogsNothing() throws Exception {
        String out = child("--enable-native-access=ALL-UNNAMED");
        assertTrue(out.contains("decoded 100000 and 100000 bytes with libbz2.so.1.0"), out);
        assertFalse(out.contains(FALLBACK), out);
    }

    @Test
    void forbiddenTheChildFallsBackAndSaysWhyOnce() throws Exception {
        String out = child("--enable-native-access=ALL-UNNAMED", "-D" + LibBz2.PROPERTY + "=false");
        assertTrue(out.contains("decoded 100000 and 100000 bytes with commons-compress, because libbz2 is forbidden by -Dquiver.bzip2.native=false"),
                out);
        assertEquals(1, out.split(FALLBACK, -1).length - 1, () -> "logged once: " + out);
    }

    @Test
    void withNativeAccessDeniedTheChildFallsBack() throws Exception {
        String out = child("--illegal-native-access=deny");
        assertTrue(out.contains("decoded 100000 and 100000 bytes with commons-compress, because native access is not enabled for Quiver "
                + "(start java with --enable-native-access=ALL-UNNAMED)"), out);
        assertEquals(1, out.split(FALLBACK, -1).length - 1, () -> "logged once: " + out);
    }

    /** Runs {@link #main} in a JVM started with {@code flags} on a bzip2 file of 100,000 bytes of text; returns its output and log. */
    private String child(String... flags) throws IOException, InterruptedException {
        Path bz2 = dir.resolve("text.bz2");
        byte[] text = TestData.text(100_000, 121);
        Files.write(bz2, Tool.BZIP2.compress(dir, text));
        assertArrayEquals(text, Tool.BZIP2.decompress(dir, Files.readAllBytes(bz2)));
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LibBz2Test.class.getName(), bz2.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
