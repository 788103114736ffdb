package dev.quiver.tasks;

import java.util.List;

/**
 * Thrown by the batch calls that return plain values ({@code map}, {@code mapReduce}, {@code forEach})
 * when at least one item failed. Every item has been finished or cancelled by then; {@link #results()}
 * holds each item's outcome, in input order, and the cause is the first failure's exception.
 */
public final class BatchException extends RuntimeException {
    private final transient List<Result<?, ?>> results;
    private final transient List<Result.Failure<?, ?>> failures;

    public BatchException(List<Result<?, ?>> results) {
        this(results, failuresOf(results));
    }

    private BatchException(List<Result<?, ?>> results, List<Result.Failure<?, ?>> failures) {
        super(message(results.size(), failures), failures.isEmpty() ? null : failures.getFirst().error());
        this.results = List.copyOf(results);
        this.failures = failures;
    }

    /** Every item's outcome, in input order. */
    public List<Result<?, ?>> results() {
        return results;
    }

    /** The failed items, in input order. */
    public List<Result.Failure<?, ?>> failures() {
        return failures;
    }

    private static List<Result.Failure<?, ?>> failuresOf(List<Result<?, ?>> results) {
        return results.stream().<Result.Failure<?, ?>>mapMulti((r, sink) -> {
            if (r instanceof Result.Failure<?, ?> f) {
                sink.accept(f);
            }
        }).toList();
    }

    private static String message(int total, List<Result.Failure<?, ?>> failures) {
        if (failures.isEmpty()) {
            return "no item failed";
        }
        return failures.size() + " of " + total + " items failed; the first: " + failures.getFirst().describe();
    }
}
