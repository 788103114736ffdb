package dev.quiver.decompress;

import java.util.Objects;
import java.util.Optional;

/**
 * How to decompress an item.
 *
 * @param codec     the codec to use; empty to detect it from the input's magic number (raw deflate, which
 *                  has none, is only ever used when forced)
 * @param verify    whether to check the checksums of the container that the decoder would otherwise skip:
 *                  gzip's CRC-32 (and header CRC-16) and xz's integrity check. The other codecs' libraries
 *                  check their checksums always; see {@link Codec#verifies()} and {@link Codec#alwaysChecks()}
 * @param overwrite whether an existing output file may be replaced; without it writing to an existing path
 *                  fails with {@link java.nio.file.FileAlreadyExistsException} and changes nothing
 */
public record Options(Optional<Codec> codec, boolean verify, boolean overwrite) {
    public Options {
        Objects.requireNonNull(codec, "codec");
    }

    /** Detect the codec, skip optional checksums, never overwrite. */
    public static Options defaults() {
        return new Options(Optional.empty(), false, false);
    }

    /** These options with the codec forced. */
    public Options withCodec(Codec forced) {
        return new Options(Optional.of(Objects.requireNonNull(forced, "codec")), verify, overwrite);
    }

    /** These options with the codec detected from the input. */
    public Options withDetection() {
        return new Options(Optional.empty(), verify, overwrite);
    }

    /** These options with checksum verification on or off. */
    public Options withVerify(boolean on) {
        return new Options(codec, on, overwrite);
    }

    /** These options allowing, or not, an existing output file to be replaced. */
    public Options withOverwrite(boolean allowed) {
        return new Options(codec, verify, allowed);
    }
}
