package dev.quiver.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * README.md's examples are test code: the lines of a test's source between {@code // README begin} and
 * {@code // README end}, less the marker's indentation, must stand in README.md as they are, so that
 * the example a reader copies is one that compiles and runs.
 */
public final class ReadmeExample {
    private ReadmeExample() {
    }

    /** Fails unless README.md (in the parent folder of a module) shows {@code test}'s marked lines. */
    public static void assertShown(Class<?> test) throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/test/java", test.getName().replace('.', '/') + ".java"));
        int begin = marker(source, "// README begin");
        int end = marker(source, "// README end");
        String indent = source.get(begin).substring(0, source.get(begin).indexOf('/'));
        List<String> example = source.subList(begin + 1, end).stream()
                .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).toList();
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(String.join("\n", example)),
                "README.md does not show " + test.getSimpleName() + "'s example as it is:\n" + String.join("\n", example));
    }

    private static int marker(List<String> source, String marker) {
        for (int i = 0; i < source.size(); i++) {
            if (source.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("no line '" + marker + "' in the test's source");
    }
}
