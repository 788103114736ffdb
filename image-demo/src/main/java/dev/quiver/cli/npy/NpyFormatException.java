package dev.quiver.cli.npy;

import java.nio.file.Path;

/** A file that is not a .npy array Quiver can read; the message names the file and what is wrong. */
public final class NpyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
