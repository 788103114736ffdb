package dev.quiver.cli.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that could not be read or written, with the {@link Problem} and a reason a user can act on.
 * The message is {@code "FILE: REASON"}; {@link #reason()} is the part after the file name.
 */
public final class ImageFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final Problem problem;
    private final String reason;

    public ImageFileException(Path file, Problem problem, String reason) {
        this(file, problem, reason, null);
    }

    public ImageFileException(Path file, Problem problem, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.problem = problem;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public Problem problem() {
        return problem;
    }

    /** What is wrong, without the file name. */
    public String reason() {
        return reason;
    }
}
