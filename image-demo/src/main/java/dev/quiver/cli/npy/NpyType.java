package dev.quiver.cli.npy;

import java.util.Optional;

/** The element types Quiver reads and writes in .npy files: all four bytes wide, little-endian. */
public enum NpyType {
    FLOAT32("<f4"),
    INT32("<i4"),
    /** Packed ARGB pixels are most natural as {@code np.uint32}; stored like int32. */
    UINT32("<u4"),
    /** Only written, for the result of a reduction. */
    FLOAT64("<f8");

    private final String descr;

    NpyType(String descr) {
        this.descr = descr;
    }

    /** NumPy's type string, as in the header's {@code 'descr'}. */
    public String descr() {
        return descr;
    }

    public int size() {
        return this == FLOAT64 ? 8 : 4;
    }

    static Optional<NpyType> of(String descr) {
        String d = descr.startsWith("=") ? "<" + descr.substring(1) : descr;
        for (NpyType t : values()) {
            if (t.descr.equals(d) && t != FLOAT64) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Why a type string cannot be read, with the NumPy call that converts it. */
    static String unsupported(String descr) {
        String kind = descr.length() > 1 ? descr.substring(1) : descr;
        if (descr.startsWith(">")) {
            return "big-endian data ('" + descr + "') is not supported: save it little-endian, e.g. a.astype('<" + kind + "')";
        }
        return switch (kind) {
            case "f8" -> "float64 data is not supported: Quiver computes in float32; convert with a.astype(np.float32)";
            case "f2" -> "float16 data is not supported: convert with a.astype(np.float32)";
            default -> "dtype '" + descr + "' is not supported: Quiver reads float32 ('<f4') arrays and int32/uint32 ('<i4', '<u4') pixels";
        };
    }
}
