package dev.quiver.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code quiver} command. Exit codes: 0 success, 1 the work failed (a bad file, a result that did
 * not match the reference), 2 the command line was wrong.
 */
@Command(name = "quiver",
        mixinStandardHelpOptions = true,
        versionProvider = Quiver.Version.class,
        description = "Element-wise kernels on SIMD lanes of every core, on OpenCL devices and on thread pools.",
        subcommands = {DemoCommand.class, MapCommand.class, ImageCommand.class, DecompressCommand.class, DevicesCommand.class, CommandLine.HelpCommand.class},
        footer = {"",
            "From a source checkout, the ./quiver launcher also runs:",
            "  test         run the whole test suite (as root, installs PoCL and the tools it needs first)",
            "  build        rebuild the jars",
            "  bench        benchmarks: stream, image, decompress, scaling (./quiver bench --help)",
            "  spark-bench  Quiver on Apache Spark against one JVM",
            "",
            "Exit codes: 0 success; 1 the work failed (bad input file, result unlike the reference); 2 bad command line.",
            "Run 'quiver COMMAND --help' for a command's options."})
public final class Quiver implements Runnable {
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
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

    /** The configured command line: errors as one line naming the command, no stack traces. */
    public static CommandLine commandLine() {
        var cl = new CommandLine(new Quiver());
        var mapHelp = cl.getSubcommands().get("map").getCommandSpec().usageMessage();
        var footer = new java.util.ArrayList<>(java.util.List.of(mapHelp.footer()));
        footer.addAll(MapCommand.builtinHelp());
        mapHelp.footer(footer.toArray(String[]::new));
        // The operation list is generated from the built-in kernels, so it cannot be an annotation's constant.
        cl.getSubcommands().get("image").getCommandSpec().usageMessage().footer(ImageCommand.helpFooter().toArray(String[]::new));
        cl.getSubcommands().get("decompress").getCommandSpec().usageMessage().footer(DecompressCommand.helpFooter().toArray(String[]::new));
        return withErrorHandling(cl);
    }

    /**
     * Makes a command line report errors as scripts and people want them: one line naming the command
     * ({@code quiver image: ...}, {@code quiver bench stream: ...}), no stack trace unless {@code QUIVER_DEBUG} is
     * set, and exit code {@link #FAILED} for failed work or {@link #USAGE} (with a pointer to --help) for a
     * wrong command line.
     */
    public static CommandLine withErrorHandling(CommandLine cl) {
        cl.setExecutionExceptionHandler((e, line, parseResult) -> {
            PrintWriter err = line.getErr();
            err.println(fullName(line) + ": " + describe(e));
            if (System.getenv("QUIVER_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return FAILED;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(fullName(e.getCommandLine()) + ": " + e.getMessage());
            err.println("Try '" + fullName(e.getCommandLine()) + " --help' for the options.");
            err.flush();
            return USAGE;
        });
        return cl;
    }

    /** "quiver image", "quiver bench stream": the command's name after its parents'. */
    private static String fullName(CommandLine line) {
        return line.getParent() == null ? line.getCommandName() : fullName(line.getParent()) + " " + line.getCommandName();
    }

    /** A failure as a user should read it: the message, and the cause where it adds something. */
    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (!(e instanceof IllegalArgumentException) && !(e instanceof IOException) && !(e instanceof IllegalStateException)) {
            message = e.getClass().getSimpleName() + ": " + message;
        }
        return message;
    }

    /** The version from the jar's manifest, when run from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Quiver.class.getPackage().getImplementationVersion();
            return new String[] {"quiver " + (v == null ? "(development build)" : v), "Java " + Runtime.version()};
        }
    }
}
