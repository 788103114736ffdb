package dev.quiver.decompress;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.quiver.decompress.DecompressionException.Kind;
import java.io.IOException;
import java.io.InputStream;

/**
 * zstd through zstd-jni (libzstd), every frame of a multi-frame file, skipping skippable frames. libzstd
 * checks each frame's content checksum where the frame has one, always. A frame whose window exceeds
 * {@link Limits#maxDecoderMemory()} (rounded down to a power of two) fails before it is allocated.
 */
final class ZstdDecoder implements Decoder {

    @Override
    public InputStream open(CompressedInput input, Limits limits, boolean verify, SpareThreads spare) throws IOException {
        // the largest window allowed, as a power of two: 128 MiB allows 2^27, zstd's own default
        int windowLog = Math.clamp(63 - Long.numberOfLeadingZeros(limits.maxDecoderMemory()), 10, 31);
        // the stream frees its native memory in close(), which DecodingStream calls at the first failure too
        return new ZstdInputStreamNoFinalizer(input).setLongMax(windowLog);
    }

    @Override
    public DecompressionException explain(Exception failure, long consumed) {
        long code = switch (failure) {
            case ZstdIOException e -> e.getErrorCode();
            case ZstdException e -> e.getErrorCode();
            default -> Zstd.errGeneric();
        };
        String m = String.valueOf(failure.getMessage());
        if (m.equals("Truncated source")) {
            return new DecompressionException(Kind.TRUNCATED, Codec.ZSTD,
                    "truncated input: it ends inside a zstd frame, after " + ByteText.count(consumed) + " bytes", failure);
        }
        if (code == Zstd.errChecksumWrong()) {
            return new DecompressionException(Kind.CHECKSUM, Codec.ZSTD, "a frame's content checksum does not match: the data is corrupt", failure);
        }
        if (code == Zstd.errPrefixUnknown()) {
            // the first frame's magic number was checked before decoding, so this is a later one
            return new DecompressionException(Kind.TRAILING_DATA, Codec.ZSTD, "unexpected data after a zstd frame: it is not another frame", failure);
        }
        if (code == Zstd.errFrameParameterWindowTooLarge()) {
            return new DecompressionException(Kind.MEMORY_LIMIT, Codec.ZSTD,
                    "a frame needs a larger window than the decoder memory limit allows (Limits.maxDecoderMemory; zstd -d would need --memory)", failure);
        }
        if (code == Zstd.errFrameParameterUnsupported() || code == Zstd.errVersionUnsupported()) {
            return new DecompressionException(Kind.UNSUPPORTED, Codec.ZSTD, "unsupported frame (" + m + ")", failure);
        }
        return new DecompressionException(Kind.CORRUPT, Codec.ZSTD, "corrupt data (" + m + ")", failure);
    }
}
