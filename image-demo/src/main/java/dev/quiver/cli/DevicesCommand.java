package dev.quiver.cli;

import dev.quiver.ParallelMap;
import dev.quiver.spi.Backends;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Lists every backend, usable or not, with what it runs on or why it cannot run. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List every backend, usable or not, and why.",
            "The first usable one is what --backend auto prefers; a device (opencl) is chosen for a large call when",
            "measured to win, transfers included; 'reference' runs only when asked for. Name a device with",
            "--backend opencl:N, opencl:gpu or opencl:cpu."})
final class DevicesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--spark-master", paramLabel = "URL",
            description = "List the backends of each executor of a Spark cluster instead: spark://HOST:7077, or local[N].")
    String sparkMaster;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (sparkMaster != null) {
            ClusterRunner.find().devices(sparkMaster).forEach(out::println);
            out.flush();
            return 0;
        }
        out.println("Backends, most preferred first:");
        for (var b : ParallelMap.backends()) {
            String state = !b.usable() ? "unusable" : b.priority() > 0 ? "usable" : b.device() ? "measured" : "by name";
            if (b.targets().isEmpty()) {
                out.printf("  %-10s %-9s %s%n", b.name(), state, b.detail());
                continue;
            }
            out.printf("  %-10s %-9s %d device%s; '%s' alone runs on the one marked *%n", b.name(), state, b.targets().size(),
                    b.targets().size() == 1 ? "" : "s", b.name());
            b.targets().forEach(t -> out.printf("  %-10s %-9s %s %s%n", "", "", t.equals(b.detail()) ? "*" : " ", t));
        }
        Backends.missing().forEach((name, jar) -> out.printf("  %-10s %-9s %s is not on the class path%n", name, "absent", jar));
        for (String failure : Backends.loadFailures()) {
            out.printf("  %-10s %-9s %s%n", "?", "broken", failure);
        }
        out.println();
        out.println("usable: auto() runs kernels there; measured: a device auto() sends large calls to when it has measured");
        out.println("that it wins with the copies there and back counted (--explain shows the figures); by name: only when named.");
        out.println();
        out.println("Machine: " + Machine.describe());
        out.flush();
        return 0;
    }
}
