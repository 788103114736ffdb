package dev.quiver.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every bench command's --help formats: a '%' not written '%%' makes picocli warn on stderr and print its text raw. */
class HelpTextTest {
    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        var bench = new CommandLine(new Bench());
        PrintStream err = System.err;
        var warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (var entry : bench.getSubcommands().entrySet()) {
                String usage = entry.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertTrue(usage.contains("Usage: quiver bench " + entry.getKey()), entry.getKey() + ": " + usage);
            }
        } finally {
            System.setErr(err);
        }
        assertEquals("", warnings.toString(StandardCharsets.UTF_8));
    }
}
