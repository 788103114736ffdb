package dev.quiver.cli.image;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns INPUT arguments into the files of a batch, in a deterministic order:
 *
 * <ul>
 *   <li>a file is itself, whatever its name (its content tells the format); one that does not exist is kept,
 *       for reading to report as missing, in its place in the order;
 *   <li>a directory gives the image files in it (by extension: png jpg jpeg bmp gif tif tiff webp, any case),
 *       and with {@code recursive} those in every directory below it;
 *   <li>a pattern ({@link Glob}: {@code 'photos/*.jpg'}, {@code '**}{@code /*.png'}) gives the files it matches;
 *       one that matches nothing is reported as {@link Problem#MISSING}.
 * </ul>
 *
 * <p>Each argument's files are sorted by their relative path (as Java orders strings), and the arguments
 * are taken in order; a file found twice is kept the first time. Hidden files and directories (names
 * starting with {@code .}, such as the temporary files outputs are written through) are skipped in
 * directories and patterns, and so is the output directory, so that a re-run does not read its own outputs.
 */
public final class Inputs {
    /**
     * The files found, and the arguments that gave none.
     *
     * @param failures a pattern that matched nothing, a directory that could not be listed
     */
    public record Expansion(List<Source> sources, List<Outcome.Failed> failures) {
    }

    private Inputs() {
    }

    /**
     * Expands the arguments.
     *
     * @param skip a directory whose contents are never inputs (the output directory), or null
     */
    public static Expansion expand(List<String> arguments, boolean recursive, Path skip) {
        return expand(arguments, recursive, skip, file -> ImageFormat.byExtension(file).isPresent(), "image files");
    }

    /**
     * Expands the arguments, taking from directories the files {@code wanted} accepts (by name, as
     * {@code quiver decompress} takes {@code .gz .zst ...}), which {@code kind} names in messages.
     *
     * @param skip a directory whose contents are never inputs (the output directory), or null
     */
    public static Expansion expand(List<String> arguments, boolean recursive, Path skip, java.util.function.Predicate<Path> wanted, String kind) {
        var sources = new ArrayList<Source>();
        var failures = new ArrayList<Outcome.Failed>();
        Set<Path> seen = new HashSet<>();
        Path skipped = skip == null ? null : skip.toAbsolutePath().normalize();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            List<Source> found;
            if (Files.isDirectory(path)) {
                found = walk(path, recursive ? Integer.MAX_VALUE : 1, skipped, failures,
                        (relative, file) -> wanted.test(file));
                if (found.isEmpty()) {
                    failures.add(new Outcome.Failed(path, Problem.MISSING, "no " + kind + " in this directory"
                            + (recursive ? " or below it" : " (--recursive also looks in the directories below it)")));
                }
            } else if (Files.exists(path) || !Glob.isPattern(argument)) {
                found = List.of(new Source(path, path.getFileName()));
            } else {
                Glob glob = Glob.of(argument);
                found = Files.isDirectory(glob.base())
                        ? walk(glob.base(), glob.crossesDirectories() ? Integer.MAX_VALUE : glob.depth(), skipped, failures,
                                (relative, file) -> glob.matches(relative))
                        : List.of();
                if (found.isEmpty()) {
                    failures.add(new Outcome.Failed(path, Problem.MISSING, "no file matches this pattern"
                            + (Files.isDirectory(glob.base()) ? "" : " (" + glob.base() + " is not a directory)")));
                }
            }
            for (Source s : found) {
                if (seen.add(s.file().toAbsolutePath().normalize())) {
                    sources.add(s);
                }
            }
        }
        return new Expansion(List.copyOf(sources), List.copyOf(failures));
    }

    /** Chooses files by their path relative to the walk's root, with {@code /} between names. */
    private interface Filter {
        boolean accepts(String relative, Path file);
    }

    private static List<Source> walk(Path root, int depth, Path skip, List<Outcome.Failed> failures, Filter filter) {
        var found = new ArrayList<Source>();
        try {
            Files.walkFileTree(root, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), depth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    if (dir.equals(root)) {
                        // Even when it is the output directory: planning then says which output would replace which input.
                        return FileVisitResult.CONTINUE;
                    }
                    boolean hidden = dir.getFileName().toString().startsWith(".");
                    return hidden || skip != null && dir.toAbsolutePath().normalize().equals(skip)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    Path relative = root.relativize(file);
                    // Symbolic links to files are followed (visitFile sees them when the walk does not follow links).
                    boolean regular = attributes.isRegularFile() || attributes.isSymbolicLink() && Files.isRegularFile(file);
                    if (regular && !file.getFileName().toString().startsWith(".") && filter.accepts(slashed(relative), file)) {
                        // Files found from the working directory are named without a leading "./".
                        found.add(new Source(root.equals(Path.of(".")) ? relative : file, relative));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    failures.add(new Outcome.Failed(file, Problem.UNREADABLE, e instanceof java.nio.file.AccessDeniedException
                            ? "cannot be listed: permission denied" : "cannot be listed: " + e.getMessage()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            failures.add(new Outcome.Failed(root, Problem.UNREADABLE, "cannot be listed: " + e.getMessage()));
        }
        found.sort(Comparator.comparing(s -> slashed(s.relative())));
        return found;
    }

    private static String slashed(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }
}
