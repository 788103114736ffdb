package dev.quiver.bench.run;

import dev.quiver.ParallelMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lines about the machine a run was made on, for every report: CPU, cores, memory, JVM, OS and backends. */
public final class Machine {
    private Machine() {
    }

    public static List<String> describe() {
        var lines = new ArrayList<String>();
        Runtime rt = Runtime.getRuntime();
        lines.add("CPU: " + dev.quiver.cli.Machine.cpu() + ", " + rt.availableProcessors() + " cores" + memory());
        lines.add("JVM: " + System.getProperty("java.vm.name") + " " + Runtime.version() + ", heap " + rt.maxMemory() / (1 << 20) + " MiB");
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        lines.add(load());
        for (ParallelMap.BackendStatus b : ParallelMap.backends()) {
            lines.add("backend " + b.name() + ": " + (b.usable() ? "" : "not usable: ") + b.detail());
        }
        return lines;
    }

    /** How busy the machine was when the run started: on a shared host this moves every figure. */
    private static String load() {
        try {
            String[] l = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average at the start (1, 5, 15 minutes): " + l[0] + " " + l[1] + " " + l[2] + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException | RuntimeException e) {
            return "load average: unknown";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> ", " + Long.parseLong(l.replaceAll("\\D", "")) / (1 << 20) + " GiB memory")
                    .findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
