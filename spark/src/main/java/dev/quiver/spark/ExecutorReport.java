package dev.quiver.spark;

import dev.quiver.ParallelMap;
import dev.quiver.spi.Backends;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkEnv;

/**
 * One JVM of a Spark application and the backends it can use, as {@code quiver devices} lists them.
 *
 * @param executor Spark's id of the executor ({@code driver} for the driver, as in {@code local[N]})
 * @param backends one line per backend: its name, whether it is usable, and what it runs on or why not
 */
public record ExecutorReport(String executor, String host, long pid, int cores, long maxHeapBytes, String java, List<String> backends)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** This JVM. */
    public static ExecutorReport here() {
        var lines = new ArrayList<String>();
        // As quiver devices prints them on one machine.
        for (var b : ParallelMap.backends()) {
            String state = !b.usable() ? "unusable" : b.priority() > 0 ? "usable" : b.device() ? "measured" : "by name";
            if (b.targets().isEmpty()) {
                lines.add(String.format(Locale.ROOT, "%-10s %-9s %s", b.name(), state, b.detail()));
                continue;
            }
            lines.add(String.format(Locale.ROOT, "%-10s %-9s %d device%s; '%s' alone runs on the one marked *", b.name(), state,
                    b.targets().size(), b.targets().size() == 1 ? "" : "s", b.name()));
            b.targets().forEach(t -> lines.add(String.format(Locale.ROOT, "%-10s %-9s %s %s", "", "", t.equals(b.detail()) ? "*" : " ", t)));
        }
        Backends.missing().forEach((name, jar) -> lines.add(String.format(Locale.ROOT, "%-10s %-9s %s is not on the class path", name, "absent", jar)));
        return new ExecutorReport(executorId(), hostName(), ProcessHandle.current().pid(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory(), Runtime.version().toString(), List.copyOf(lines));
    }

    /** "executor 1 on HOST (pid N)", for messages from an executor. */
    public static String where() {
        return "executor " + executorId() + " on " + hostName() + " (pid " + ProcessHandle.current().pid() + ")";
    }

    /** The heading line of this JVM. */
    public String heading() {
        return String.format(Locale.ROOT, "executor %s on %s (pid %d): %d core%s, %d MiB heap, Java %s", executor, host, pid, cores,
                cores == 1 ? "" : "s", maxHeapBytes >> 20, java);
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "?" : env.executorId();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unnamed host";
        }
    }
}
