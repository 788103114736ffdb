package dev.quiver.tasks;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Makes a long batch resumable: the key of every item that succeeds is appended to the journal
 * {@code file}, and items whose key the journal already holds are skipped ({@link Result.Skipped}). Run
 * the batch again after a crash with the same checkpoint and only the unfinished items run.
 *
 * <p>Keys must be unique within a batch and hold no line breaks (a file path or an id). Each key is
 * written with one {@code write} call as its item finishes, so the journal survives the process being
 * killed; after a power loss, the last few items may run again (it is not forced to disk per item). A
 * key that a crash cut short is ignored and its item runs again.
 *
 * @param <T> the item type
 */
public record Checkpoint<T>(Path file, Function<? super T, String> key) {

    public Checkpoint {
        if (file == null) {
            throw new IllegalArgumentException("the journal file is null");
        }
        if (key == null) {
            throw new IllegalArgumentException("the key function is null");
        }
    }

    public static <T> Checkpoint<T> of(Path file, Function<? super T, String> key) {
        return new Checkpoint<>(file, key);
    }
}
