package dev.quiver.cli.image;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that it is never seen half-written: the bytes go to a hidden temporary file in the
 * target's directory ({@code .NAME.RANDOM.tmp}), are flushed to the disk, and the file is then renamed to
 * the target. A failure at any point removes the temporary file and leaves the target as it was.
 *
 * <p>Without {@code replace}, an existing target is never overwritten, even one that appears while the
 * file is being written: the temporary file is hard-linked to the target name, which fails if the name
 * is taken. (Where hard links are not supported, a plain rename that refuses an existing target is used.)
 */
final class AtomicOutput {
    /** Writes the content into the open temporary file. */
    @FunctionalInterface
    interface Content {
        void writeTo(RandomAccessFile file) throws IOException;
    }

    private AtomicOutput() {
    }

    /**
     * Writes {@code content} to {@code target}.
     *
     * @throws FileAlreadyExistsException if the target exists and {@code replace} is false
     * @throws IOException                if the directory cannot be written or the content fails
     */
    static void write(Path target, boolean replace, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (!replace && Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temporary = createTemporary(absolute);
        try {
            try (var file = new RandomAccessFile(temporary.toFile(), "rw")) {
                content.writeTo(file);
                // Flushed before the rename, so that after a crash an output is either whole or absent; a
                // re-run skips outputs that exist, and must not skip an empty one.
                file.getFD().sync();
            }
            if (replace) {
                try {
                    Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                publishWithoutReplacing(temporary, absolute);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A new empty file beside the target. Not {@link Files#createTempFile}, which makes it readable by its
     * owner alone: the output must get the permissions any new file gets (the umask's).
     */
    private static Path createTemporary(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36);
            try {
                return Files.createFile(target.resolveSibling("." + target.getFileName() + "." + suffix + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private static void publishWithoutReplacing(Path temporary, Path target) throws IOException {
        try {
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(temporary, target);
        }
    }
}
