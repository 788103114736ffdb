package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The demo, devices and help run as users run them. */
class CommandsTest {

    private static String[] run(int expectedCode, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Quiver.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(expectedCode, code, out + "\n" + err);
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void demoRunsEveryBuiltinOnEveryBackendAndMatches() {
        String out = run(0, "demo", "--size", "4Ki", "--runs", "1")[0];
        for (String line : new String[] {"square        simd", "triad         threads", "gamma         reference", "dot           simd"}) {
            assertTrue(out.contains(line), out);
        }
        assertTrue(out.contains("Every result matched the reference"), out);
        assertTrue(!out.contains("NO"), out);
    }

    @Test
    void demoRejectsABadSize() {
        String err = run(Quiver.USAGE, "demo", "--size", "lots")[1];
        assertTrue(err.contains("'lots' is not a size"), err);
    }

    @Test
    void devicesListsUsableAndUnusableBackendsWithReasons() {
        String out = run(0, "devices")[0];
        assertTrue(out.contains("simd       usable    Vector API"), out);
        assertTrue(out.contains("threads    usable"), out);
        assertTrue(out.contains("reference  by name"), out);
        assertTrue(out.contains("opencl     by name   opencl:0"), out);
    }

    @Test
    void helpListsTheCommandsAndTheBuiltins() {
        String help = run(0, "--help")[0];
        assertTrue(help.matches("(?s).*\\n +devices +List every backend.*"), help);
        assertTrue(help.matches("(?s).*\\n +decompress +Decompress files on every core.*"), help);
        String map = run(0, "map", "--help")[0];
        assertTrue(map.contains("gamma(p; gamma)"), map);
        assertTrue(map.contains("triad(b, c; s=0.4)"), map);
    }

    @Test
    void unknownCommand() {
        String err = run(Quiver.USAGE, "frobnicate")[1];
        assertTrue(err.contains("Unmatched argument"), err);
    }
}
