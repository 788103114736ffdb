package dev.quiver.cpu.simd;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.quiver.spi.Availability;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.incubator.vector.FloatVector;

/**
 * Whether Vector API code will be fast here, in the manner of Lucene's VectorizationProvider: the
 * incubator module must be readable, the JIT's C2 compiler on (without it every vector operation is a
 * slow Java fallback), and the CPU's vectors at least 128 bits. Only this class and the generated loops
 * touch {@code jdk.incubator.vector}, so that a JVM without the module still loads the backend and
 * reports why it cannot run.
 */
final class VectorSupport {
    private VectorSupport() {
    }

    /** The widest vectors the CPU has, in bits; throws {@link LinkageError} without the module. */
    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    /**
     * Availability with vectors of {@code bits} (0 for the CPU's widest). The first time SIMD turns out
     * unusable for a reason the user did not choose, the reason is logged once as a warning: kernels
     * then run on the slower threads backend, which is worth knowing.
     */
    static Availability probe(int bits) {
        Availability a = check(bits);
        if (!a.usable() && !Boolean.getBoolean("quiver.simd.disable") && LOGGED.compareAndSet(false, true)) {
            System.getLogger("dev.quiver").log(System.Logger.Level.WARNING,
                    "quiver: the simd backend is unusable: " + a.detail() + "; kernels run on the threads backend instead");
        }
        return a;
    }

    private static Availability check(int bits) {
        if (Boolean.getBoolean("quiver.simd.disable")) {
            return Availability.unavailable("disabled by -Dquiver.simd.disable=true");
        }
        int preferred;
        try {
            preferred = preferredBits();
        } catch (LinkageError e) {
            return Availability.unavailable("the JVM was started without --add-modules jdk.incubator.vector (./quiver adds it)");
        }
        String vm = System.getProperty("java.vm.info", "");
        if (vm.contains("interpreted mode")) {
            return Availability.unavailable("the JIT is off (-Xint), so vector operations would run as slow Java fallbacks");
        }
        String stopAt = vmOption("TieredStopAtLevel");
        if (stopAt != null && Integer.parseInt(stopAt) < 4) {
            return Availability.unavailable("C2 is disabled (-XX:TieredStopAtLevel=" + stopAt + "), so vector operations would not be compiled");
        }
        if (preferred < 128) {
            return Availability.unavailable("this CPU's vectors are " + preferred + " bits; under 128 bits SIMD does not pay off");
        }
        int used = bits == 0 ? preferred : bits;
        return Availability.usable("Vector API, " + used / 32 + " float lanes (" + used + "-bit"
                + (used == preferred ? ", the CPU's widest" : ", forced; the CPU has " + preferred) + ")");
    }

    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
