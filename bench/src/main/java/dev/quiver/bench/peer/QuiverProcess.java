package dev.quiver.bench.peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code quiver} command line run as its own process, from the class path of this JVM, so that an
 * end-to-end time includes what a user's run includes (JVM start, reading, computing, writing) and the
 * code measured is whatever {@code quiver image} is in this build.
 */
public final class QuiverProcess {
    private QuiverProcess() {
    }

    /** {@code java [flags] -cp CLASSPATH dev.quiver.cli.Quiver ARGS...}. */
    public static List<String> command(List<String> args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules=jdk.incubator.vector");
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.quiver.cli.Quiver");
        command.addAll(args);
        return command;
    }
}
