package dev.quiver.decompress;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file that appears complete or not at all: written to a temporary file beside it (a hidden
 * {@code .NAME.RANDOM.part}, with the permissions a new file gets), which is moved into place only when
 * the writing has succeeded, and deleted whenever it has not.
 */
final class AtomicFile {

    /** What writes the content. */
    @FunctionalInterface
    interface Content {
        long writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code target} with what {@code content} writes, and returns what it returns.
     *
     * @param replace whether an existing {@code target} may be replaced; if not, an existing one fails
     *                the call with {@link FileAlreadyExistsException}, before the content is written and
     *                also if the file appears meanwhile (two inputs of a batch that map to one output)
     */
    static long write(Path target, boolean replace, Content content) throws IOException {
        if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw exists(target);
        }
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + target.getFileName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".part");
        // created apart from the writing, so that a failure to create it never deletes another's file
        OutputStream created = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        long result;
        boolean linked;
        try {
            try (OutputStream out = created) {
                result = content.writeTo(out);
            }
            linked = publish(temp, target, replace);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                t.addSuppressed(e);
            }
            throw t;
        }
        if (linked) {
            // the target is in place; the temporary name of the same file goes
            Files.deleteIfExists(temp);
        }
        return result;
    }

    /** Moves or links {@code temp} to {@code target}; true if linked, so that {@code temp} still exists. */
    private static boolean publish(Path temp, Path target, boolean replace) throws IOException {
        if (replace) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return false;
        }
        // rename(2), which ATOMIC_MOVE is, replaces an existing file; a hard link never does, so the check
        // and the publishing are one atomic step
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            throw exists(target);
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links on this file system: check, then rename, with a window between the two
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw exists(target);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return false;
        }
    }

    private static FileAlreadyExistsException exists(Path target) {
        return new FileAlreadyExistsException(target.toString(), null, "the output exists; overwrite it only if told to (--force)");
    }
}
