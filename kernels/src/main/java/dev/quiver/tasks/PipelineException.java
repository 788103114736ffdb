package dev.quiver.tasks;

/** A {@link Pipeline} shut down because its source, its sink or one of its stages failed as a whole. */
public final class PipelineException extends RuntimeException {

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }

    PipelineException(Throwable cause) {
        super(cause instanceof PipelineException p ? p.getMessage() : "the pipeline failed: " + cause, cause instanceof PipelineException p ? p.getCause() : cause);
    }
}
