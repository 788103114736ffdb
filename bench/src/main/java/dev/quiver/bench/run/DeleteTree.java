package dev.quiver.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a temporary directory the runner made, with everything in it; what cannot be removed is left. */
final class DeleteTree {
    private DeleteTree() {
    }

    static void quietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the system's temporary-file cleaning
                }
            }
        } catch (IOException e) {
            // the same
        }
    }
}
