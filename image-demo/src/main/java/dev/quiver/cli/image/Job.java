package dev.quiver.cli.image;

import java.nio.file.Path;

/** One unit of a batch: read {@code input}, run the kernel, write {@code output} in {@code format}. */
public record Job(Path input, Path output, ImageFormat format) {
    public Job {
        if (!format.writable()) {
            throw new IllegalArgumentException("cannot write " + format + " (" + output + ")");
        }
    }
}
