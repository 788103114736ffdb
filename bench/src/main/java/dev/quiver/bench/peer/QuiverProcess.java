package dev.quiver.bench.peer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code quiver} command line run as its own process, so that an end-to-end time includes what a user's
 * run includes (JVM start, reading, computing, writing). Under {@code ./quiver bench} that is the launcher
 * itself ({@code -Dquiver.launcher}), with the JVM flags and the class-data archive users get; otherwise
 * this JVM's class path, so that the code measured is whatever {@code quiver image} is in this build.
 */
public final class QuiverProcess {
    private QuiverProcess() {
    }

    /** {@code LAUNCHER ARGS...}, or {@code java [flags] -cp CLASSPATH dev.quiver.cli.Quiver ARGS...}. */
    public static List<String> command(List<String> args) {
        var command = new ArrayList<String>();
        String launcher = System.getProperty("quiver.launcher");
        if (launcher != null) {
            command.add(launcher);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--add-modules=jdk.incubator.vector");
            command.add("--enable-native-access=ALL-UNNAMED");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add("dev.quiver.cli.Quiver");
        }
        command.addAll(args);
        return command;
    }
}
