package dev.quiver.decompress;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file decompressed by {@link Decompress#toDirectory}: where from, where to, with which codec, and how
 * many bytes each side holds.
 *
 * @param input       the compressed file
 * @param output      the decompressed file, complete
 * @param codec       the codec, detected or forced
 * @param inputBytes  the compressed file's size
 * @param outputBytes the decompressed file's size
 */
public record WrittenFile(Path input, Path output, Codec codec, long inputBytes, long outputBytes) {
    public WrittenFile {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(codec, "codec");
    }

    /** Output bytes per input byte; 0 for an empty input. */
    public double ratio() {
        return inputBytes == 0 ? 0 : (double) outputBytes / inputBytes;
    }
}
