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
 * @param threads   the most threads decoding one item may use, the calling thread included, {@code >= 1}:
 *                  bzip2 decodes the blocks of a file ahead on the others, as {@code lbzip2} does (the
 *                  other codecs use one). 1, the default, decodes on the calling thread alone, so that
 *                  callers who run items on threads of their own get no more threads than they asked for.
 *                  It applies to {@link Decompress#open}, {@link Decompress#bytes(byte[], Limits, Options) bytes},
 *                  {@link Decompress#toFile toFile} and {@link Decompress#toDirectory toDirectory}; the batch
 *                  methods ({@link Decompress#files}, {@link Decompress#batch}, {@link Decompress#unordered})
 *                  ignore it, and lend an item the threads of their {@link dev.quiver.ParallelMap} that the
 *                  batch leaves idle instead (all of them for a single item, none while items wait for a thread)
 */
public record Options(Optional<Codec> codec, boolean verify, boolean overwrite, int threads) {
    public Options {
        Objects.requireNonNull(codec, "codec");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
    }

    /** The options without {@link #threads()}, which is 1. */
    public Options(Optional<Codec> codec, boolean verify, boolean overwrite) {
        this(codec, verify, overwrite, 1);
    }

    /** Detect the codec, skip optional checksums, never overwrite, one thread. */
    public static Options defaults() {
        return new Options(Optional.empty(), false, false, 1);
    }

    /** These options with the codec forced. */
    public Options withCodec(Codec forced) {
        return new Options(Optional.of(Objects.requireNonNull(forced, "codec")), verify, overwrite, threads);
    }

    /** These options with the codec detected from the input. */
    public Options withDetection() {
        return new Options(Optional.empty(), verify, overwrite, threads);
    }

    /** These options with checksum verification on or off. */
    public Options withVerify(boolean on) {
        return new Options(codec, on, overwrite, threads);
    }

    /** These options allowing, or not, an existing output file to be replaced. */
    public Options withOverwrite(boolean allowed) {
        return new Options(codec, verify, allowed, threads);
    }

    /**
     * These options decoding one item on up to {@code threads} threads (see {@link #threads()}).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Options withThreads(int threads) {
        return new Options(codec, verify, overwrite, threads);
    }
}
