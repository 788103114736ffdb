package dev.quiver.kernel;

/** The type of a value inside a kernel. */
public enum Type {
    /** An IEEE 754 binary32 number: one element of a {@code float[]} input or output. */
    FLOAT,
    /** The result of a comparison; only {@code select}, {@code &&}, {@code ||} and {@code !} take it. */
    BOOL,
    /** A packed 8-bit ARGB pixel ({@code 0xAARRGGBB}): one element of an {@code int[]} image. */
    PIXEL;

    /** What a user calls an array of this type in messages. */
    public String arrayName() {
        return switch (this) {
            case FLOAT -> "float32";
            case PIXEL -> "int32 ARGB pixel";
            case BOOL -> "boolean";
        };
    }
}
