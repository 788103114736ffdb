package dev.quiver.cli.image;

import java.nio.file.Path;

/**
 * What became of one input of a batch: written, skipped, or failed with a reason. A batch reports one
 * outcome per input, so that one bad file never stops the others.
 */
public sealed interface Outcome {
    /** The input file (for a pattern that matched nothing, the pattern). */
    Path input();

    /** A line for the user: the input and what happened to it. */
    String describe();

    /**
     * The input was processed and its output written. Holds no pixels, so that a batch's outcomes
     * take little memory.
     *
     * @param width      the output's width (after any EXIF turn)
     * @param height     the output's height
     * @param bitDepth   bits per sample of the input; over 8 were rounded to 8
     * @param flattened  whether transparency was composited on white for a format without alpha
     */
    record Written(Path input, Path output, int width, int height, int bitDepth, boolean flattened, Timings timings)
            implements Outcome {
        /** The pixels processed. */
        public long pixels() {
            return (long) width * height;
        }

        @Override
        public String describe() {
            return input + " -> " + output + " (" + width + "x" + height + ")";
        }
    }

    /** Nanoseconds spent on each stage of one file. */
    record Timings(long decodeNanos, long computeNanos, long encodeNanos) {
    }

    /** The output exists and was left alone: a re-run resumes a batch. {@code --force} replaces it. */
    record Skipped(Path input, Path output) implements Outcome {
        @Override
        public String describe() {
            return input + ": skipped, " + output + " exists (--force replaces it)";
        }
    }

    /** The input could not be processed. */
    record Failed(Path input, Problem problem, String reason) implements Outcome {
        static Failed of(ImageFileException e) {
            return new Failed(e.file(), e.problem(), e.reason());
        }

        @Override
        public String describe() {
            return input + ": " + reason;
        }
    }
}
