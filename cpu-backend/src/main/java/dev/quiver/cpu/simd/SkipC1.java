package dev.quiver.cpu.simd;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.ObjectName;

/**
 * Tells HotSpot to compile the generated Vector API loops (and the stencil rows) with C2 only, never C1, through the
 * {@code Compiler.directives_add} diagnostic command (what {@code jcmd} runs).
 *
 * <p>Why: C1 cannot intrinsify vector operations, and for a loop of any size it either gives up ("out of
 * virtual registers") or, when the JVM is busy starting, compiles it at tier 2, which has no profile and
 * from which HotSpot never moved such a loop on to C2. Measured on {@code grayscale} over 1Mi pixels:
 * stuck at 25 ms per call for as long as we ran it (4 s, 300 calls); with this directive, 0.15 ms per
 * call from the tenth call on. Compiling straight from the interpreter to C2 is what the loop needs.
 */
final class SkipC1 {
    private static final Logger LOG = Logger.getLogger(SkipC1.class.getName());
    private static final String DIRECTIVE = "[{ match: [\"dev/quiver/cpu/codegen/Vector*.*\", \"dev/quiver/cpu/simd/VectorStencilRows.*\"],"
            + " c1: { Exclude: true } }]";

    private SkipC1() {
    }

    /** Adds the directive once per JVM; where the JVM has no such command it logs why and goes on. */
    static void forGeneratedLoops() {
        Holder.ADDED.hashCode();
    }

    private static final class Holder {
        static final Boolean ADDED = add();
    }

    private static boolean add() {
        Path file = null;
        try {
            file = Files.createTempFile("quiver-directives", ".json");
            Files.writeString(file, DIRECTIVE);
            var command = new ObjectName("com.sun.management:type=DiagnosticCommand");
            ManagementFactory.getPlatformMBeanServer().invoke(command, "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
            return true;
        } catch (Exception | LinkageError e) {
            LOG.log(Level.FINE, "could not keep C1 off the generated loops; they take longer to reach full speed", e);
            return false;
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temp file of 80 bytes
                }
            }
        }
    }
}
