package dev.quiver.tasks;

/** An item's failure in one stage of a {@link Pipeline}: the stage's name and what its function threw. */
public final class StageException extends RuntimeException {
    private final String stage;

    public StageException(String stage, Throwable cause) {
        super(stage + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }
}
