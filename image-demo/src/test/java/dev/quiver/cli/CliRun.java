package dev.quiver.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One run of the {@code quiver} command line in this JVM, as the tests make it: its exit code and what it
 * printed to standard output and standard error.
 */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Quiver.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A run with {@code @} in the arguments standing for {@code dir}. */
    static CliRun in(Path dir, String... args) {
        return of(Arrays.stream(args).map(a -> a.replace("@", dir + "/")).toArray(String[]::new));
    }
}
