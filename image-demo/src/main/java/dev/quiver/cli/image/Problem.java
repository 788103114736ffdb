package dev.quiver.cli.image;

/** Why one file of a batch could not be processed; each comes with a message naming the file and the reason. */
public enum Problem {
    /** The input does not exist (or a pattern matched nothing). */
    MISSING,
    /** The input exists but cannot be read: permission denied, a directory, an I/O error. */
    UNREADABLE,
    /** The input's first bytes are not those of a format Quiver reads. */
    NOT_AN_IMAGE,
    /** The input announces a known format but is damaged (truncated, bad CRC) or uses a variant the decoder lacks. */
    CORRUPT,
    /** The image is too large to decode in this JVM's memory; found from its header, before decoding. */
    TOO_LARGE,
    /** The kernel could not run (a backend failure). */
    COMPUTE,
    /** The output cannot be written: no permission, no space, not a directory. */
    UNWRITABLE
}
