package dev.quiver.bench.peer;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A peer program found on the PATH, such as {@code vips}, {@code mogrify} or {@code lbzip2}. A peer that is
 * not found is never stood in for: the suites report it as skipped, naming what was looked for.
 *
 * @param name the name it was found by
 * @param path where it is
 */
public record Tool(String name, Path path) {

    /** The first executable called {@code name} in the PATH's directories. */
    public static Optional<Tool> find(String name) {
        String path = System.getenv("PATH");
        if (path == null || name.contains("/")) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new Tool(name, candidate));
            }
        }
        return Optional.empty();
    }

    /** The first of {@code names} that is on the PATH. */
    public static Optional<Tool> findAny(List<String> names) {
        return names.stream().map(Tool::find).flatMap(Optional::stream).findFirst();
    }

    /** "not on the PATH (looked for magick, mogrify)". */
    public static String missing(List<String> names) {
        return "not on the PATH (looked for " + String.join(", ", names) + ")";
    }
}
