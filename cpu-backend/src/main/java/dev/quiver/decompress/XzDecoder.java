package dev.quiver.decompress;

import dev.quiver.decompress.DecompressionException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.tukaani.xz.CorruptedInputException;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZFormatException;
import org.tukaani.xz.XZInputStream;

/**
 * xz through XZ for Java, every stream of a multi-stream file, with the stream padding the format allows.
 * The CRC-32s of headers and index are checked always, the integrity check of each block (CRC-32, CRC-64
 * or SHA-256) with {@code verify}. A dictionary larger than {@link Limits#maxDecoderMemory()} fails before
 * it is allocated.
 */
final class XzDecoder implements Decoder {

    @Override
    public InputStream open(CompressedInput input, Limits limits, boolean verify, SpareThreads spare) throws IOException {
        int kib = (int) Math.clamp(limits.maxDecoderMemory() / 1024, 1, Integer.MAX_VALUE);
        return new XZInputStream(input, kib, verify);
    }

    @Override
    public DecompressionException explain(Exception failure, long consumed) {
        String m = String.valueOf(failure.getMessage());
        return switch (failure) {
            case MemoryLimitException e -> new DecompressionException(Kind.MEMORY_LIMIT, Codec.XZ, "decoding needs "
                    + ByteText.size(e.getMemoryNeeded() * 1024L) + " of memory, over the limit of " + ByteText.size(e.getMemoryLimit() * 1024L)
                    + " (Limits.maxDecoderMemory)", e);
            case XZFormatException e -> new DecompressionException(Kind.WRONG_MAGIC, Codec.XZ, "not xz data (" + m + ")", e);
            case UnsupportedOptionsException e -> new DecompressionException(Kind.UNSUPPORTED, Codec.XZ, "unsupported options (" + m + ")", e);
            case CorruptedInputException e when m.startsWith("Garbage after") -> new DecompressionException(Kind.TRAILING_DATA, Codec.XZ,
                    "unexpected data after the last xz stream: it is neither another stream nor stream padding", e);
            case CorruptedInputException e when m.startsWith("Integrity check") -> new DecompressionException(Kind.CHECKSUM, Codec.XZ,
                    "a block's integrity check does not match: the data is corrupt (" + m + ")", e);
            case CorruptedInputException e -> new DecompressionException(Kind.CORRUPT, Codec.XZ, "corrupt data (" + m + ")", e);
            case EOFException e -> new DecompressionException(Kind.TRUNCATED, Codec.XZ,
                    "truncated input: it ends inside an xz stream, after " + ByteText.count(consumed) + " bytes", e);
            default -> new DecompressionException(Kind.CORRUPT, Codec.XZ, "corrupt data (" + failure + ")", failure);
        };
    }
}
