package dev.quiver.bench.run;

import dev.quiver.cli.Quiver;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code quiver bench}: the benchmark runner. Exit codes: 0 every measured result matched its reference;
 * 1 some result did not (or a report could not be written); 2 the command line was wrong.
 */
@Command(name = "quiver bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: BabelStream's kernels on every backend against this machine's measured peak; quiver image and "
                + "quiver decompress against the peers on the PATH; speed-up against threads with Amdahl's law.",
        subcommands = {StreamCommand.class, ImageBenchCommand.class, DecompressBenchCommand.class, ScalingCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Every command prints a table and can write --csv, --json, --chart (SVG or PNG) and --html; --quick runs in under a minute.",
            "Exit codes: 0 every result matched its reference; 1 some did not, or a report could not be written; 2 bad command line."})
public final class Bench implements Runnable {
    public static final int FAILED = Quiver.FAILED;
    public static final int USAGE = Quiver.USAGE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs a command line writing to the given streams, for tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        var cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        return Quiver.withErrorHandling(new CommandLine(new Bench()));
    }

    /** The command line as given (the subcommand's name is among the original arguments), to print in reports so that a run can be made again. */
    static String commandText(CommandLine.Model.CommandSpec spec) {
        var words = new java.util.ArrayList<String>();
        words.add("quiver bench");
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            words.add(arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return String.join(" ", words);
    }
}
