package dev.quiver.gpu.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Notices an OpenCL driver that installs signal handlers of its own over the JVM's. PoCL's LLVM does, as
 * the driver loads: it puts a one-shot ({@code SA_RESETHAND}) crash handler on SIGSEGV, SIGBUS, SIGILL
 * and SIGQUIT, and PoCL its own on SIGFPE. HotSpot raises SIGSEGV on purpose (implicit null checks,
 * safepoint polls) and handles it itself; after the driver has loaded, such a signal first reaches
 * LLVM's handler, and one on another thread in the moment before that handler has put the JVM's back
 * kills the process with no error report (twice in about 170 runs of {@code quiver image} on PoCL; and
 * {@code jcmd} can no longer attach, since the JVM never sees its SIGQUIT). The JDK's remedy is signal
 * chaining: start the JVM with {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}, which keeps the JVM's
 * handlers in place and passes on only what they do not handle. The {@code quiver} launcher and the
 * build's tests do; a program that embeds Quiver is told once, here.
 *
 * <p>Linux only: it compares the set of caught signals in {@code /proc/self/status} before and after the
 * driver loads, and looks for {@code libjsig} among the loaded libraries.
 */
final class SignalHandlers {
    private static final Logger LOG = Logger.getLogger(SignalHandlers.class.getName());
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path MAPS = Path.of("/proc/self/maps");

    private SignalHandlers() {
    }

    /** The caught-signal mask now, if this system shows it. */
    static Optional<String> caught() {
        try {
            return Files.readAllLines(STATUS).stream().filter(l -> l.startsWith("SigCgt:")).map(l -> l.substring(7).strip()).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Warns once when signals were taken over since {@code before} and the JVM does not chain signals. */
    static void warnIfTakenOver(Optional<String> before) {
        Optional<String> after = caught();
        if (before.isEmpty() || after.isEmpty() || before.equals(after) || chaining()) {
            return;
        }
        Holder.WARNED.hashCode();
    }

    /** Whether the JDK's signal-chaining library is loaded. */
    static boolean chaining() {
        try (var lines = Files.lines(MAPS)) {
            return lines.anyMatch(l -> l.endsWith("/libjsig.so"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static final class Holder {
        static final Boolean WARNED = warn();

        private static Boolean warn() {
            LOG.warning(() -> "quiver: the OpenCL driver installed signal handlers over the JVM's (PoCL's LLVM does), which can kill this"
                    + " JVM at random with no error report; start it with LD_PRELOAD=" + Path.of(System.getProperty("java.home"), "lib", "libjsig.so")
                    + " (the JDK's signal chaining; the quiver launcher does this)");
            return true;
        }
    }
}
