package dev.quiver.bench.peer;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a peer's (or Quiver's own) command as a process and times it by the wall clock, start to exit. */
public final class Processes {
    private Processes() {
    }

    /** A command that did not exit 0 in time: what it was, its exit code and the end of what it printed. */
    public static final class Failed extends IOException {
        public Failed(String message) {
            super(message);
        }
    }

    /**
     * Runs {@code command} with its standard output going to {@code stdout} (discarded if null) and returns
     * the seconds it took.
     *
     * @throws Failed if it exits with another code than 0, or runs past {@code timeout} (it is then killed)
     */
    public static double time(List<String> command, File stdout, Duration timeout) throws IOException, InterruptedException {
        Path err = Files.createTempFile("quiver-bench-", ".err");
        try {
            var pb = new ProcessBuilder(command).redirectErrorStream(false).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout))
                    .redirectError(err.toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new Failed(describe(command) + " ran past " + timeout.toSeconds() + " s and was stopped" + tail(err));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (p.exitValue() != 0) {
                throw new Failed(describe(command) + " exited with " + p.exitValue() + tail(err));
            }
            return seconds;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The command as one line, shortened when it lists many files. */
    public static String describe(List<String> command) {
        List<String> shown = command.size() > 12 ? command.subList(0, 10) : command;
        return String.join(" ", shown) + (shown.size() < command.size() ? " ... (" + (command.size() - shown.size()) + " more)" : "");
    }

    private static String tail(Path err) throws IOException {
        String text = Files.readString(err, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > 600 ? "..." + text.substring(text.length() - 600) : text);
    }
}
