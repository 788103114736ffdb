package dev.quiver.bench.run;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code quiver bench} in this JVM, keeping what it printed. */
record BenchRun(int exit, String out, String err) {
    static BenchRun of(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Bench.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new BenchRun(exit, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "\n--- err\n" + err;
    }
}
