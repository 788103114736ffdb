package dev.quiver.cpu.simd;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * Asks HotSpot whether C2 has compiled a class's methods, through the {@code Compiler.codelist} diagnostic
 * command (what {@code jcmd PID Compiler.codelist} prints: one line per compiled method, "id level state
 * class.method(signature) [addresses]").
 */
final class C2 {
    private static final int FULL_OPTIMIZATION = 4;

    private C2() {
    }

    /** Whether this JVM answers {@link #hasCompiled}; asked once. */
    static boolean canTell() {
        return Holder.CAN_TELL;
    }

    /** Whether some method of {@code type} is compiled at C2's level; false when the JVM cannot say. */
    static boolean hasCompiled(Class<?> type) {
        String prefix = type.getName() + ".";
        return codelist().lines().anyMatch(line -> {
            String[] fields = line.split(" ", 5);
            return fields.length >= 4 && fields[1].equals(Integer.toString(FULL_OPTIMIZATION)) && fields[3].startsWith(prefix);
        });
    }

    private static String codelist() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "compilerCodelist", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return out instanceof String s ? s : "";
        } catch (Exception | LinkageError e) {
            return "";
        }
    }

    private static final class Holder {
        static final boolean CAN_TELL = codelist().contains(" java.lang.");
    }
}
