package dev.quiver.tasks;

import java.util.Objects;

/**
 * What became of one item of a batch: its value, the exception it failed with, or that a journal showed
 * it done by an earlier run. {@code index} is the item's position in the input list.
 *
 * @param <T> the item type
 * @param <R> the value type
 */
public sealed interface Result<T, R> {

    int index();

    T item();

    /** Whether the function returned normally for this item. */
    default boolean succeeded() {
        return this instanceof Success;
    }

    /**
     * The function returned {@code value} (possibly {@code null}) on its {@code attempts}-th call.
     */
    record Success<T, R>(int index, T item, R value, int attempts) implements Result<T, R> {
    }

    /**
     * The item failed: {@code error} is what the function threw on its last attempt, a
     * {@link java.util.concurrent.TimeoutException} if that attempt ran past the timeout, or a
     * {@link java.util.concurrent.CancellationException} if the batch was cancelled before or while it ran
     * ({@code attempts} is 0 if it never started).
     */
    record Failure<T, R>(int index, T item, Throwable error, int attempts) implements Result<T, R> {
        public Failure {
            Objects.requireNonNull(error, "error");
        }

        /** "item 17 (photo.jpg): what went wrong"; an array item is shown by its type and length. */
        public String describe() {
            String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
            String shown = item != null && item.getClass().isArray()
                    ? item.getClass().getComponentType().getSimpleName() + "[" + java.lang.reflect.Array.getLength(item) + "]"
                    : String.valueOf(item);
            return "item " + index + " (" + shown + "): " + message;
        }
    }

    /** The batch's journal recorded this item as done by an earlier run, so it was not run again. */
    record Skipped<T, R>(int index, T item) implements Result<T, R> {
    }
}
