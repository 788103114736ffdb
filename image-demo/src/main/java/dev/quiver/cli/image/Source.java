package dev.quiver.cli.image;

import java.nio.file.Path;

/**
 * One input file of a batch.
 *
 * @param file     the file, as found (relative to the working directory if the argument was)
 * @param relative its name below the directory or pattern base it was found in, which {@code --out-dir}
 *                 keeps: {@code 2024/a.jpg} for {@code photos/2024/a.jpg} found in {@code photos}; just
 *                 the file name for a file named on the command line
 */
public record Source(Path file, Path relative) {
}
