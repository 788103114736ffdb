package dev.quiver.decompress;

import dev.quiver.decompress.DecompressionException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

/**
 * The lz4 frame format, every frame of a multi-frame file, skipping skippable frames, through lz4-java
 * (native LZ4). lz4-java does not decode frames of linked blocks ({@code lz4 -BD}); an item whose first
 * frame has them goes to commons-compress instead, which does, about 35 times slower. Both check every
 * frame's header checksum, and its content and block checksums where it has them, always.
 */
final class Lz4Decoder implements Decoder {
    private static final int INDEPENDENT_BLOCKS = 0x20;

    @Override
    public InputStream open(CompressedInput input, Limits limits, boolean verify, SpareThreads spare) throws IOException {
        byte[] head = new byte[5];
        int n = input.peek(head, head.length);
        boolean linked = n == 5 && head[0] == 0x04 && (head[4] & INDEPENDENT_BLOCKS) == 0;
        return linked ? new FramedLZ4CompressorInputStream(input, true) : new LZ4FrameInputStream(input);
    }

    @Override
    public DecompressionException explain(Exception failure, long consumed) {
        // the two libraries say what went wrong only in their messages; CorruptTest, TruncatedTest and
        // TrailingDataTest pin the ones relied on here
        String m = String.valueOf(failure.getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("ended prematurely") || lower.contains("premature end")) {
            return new DecompressionException(Kind.TRUNCATED, Codec.LZ4,
                    "truncated input: it ends inside an lz4 frame, after " + ByteText.count(consumed) + " bytes", failure);
        }
        if (lower.contains("checksum mismatch") || lower.contains("descriptor corrupted")) {
            return new DecompressionException(Kind.CHECKSUM, Codec.LZ4, "a checksum does not match: the data is corrupt (" + m + ")", failure);
        }
        if (lower.equals("stream unsupported") || lower.contains("followed by garbage")) {
            // the first frame's magic number was checked before decoding, so this is after a frame
            return new DecompressionException(Kind.TRAILING_DATA, Codec.LZ4, "unexpected data after an lz4 frame: it is not another frame", failure);
        }
        if (lower.contains("unsupported frame descriptor")) {
            return new DecompressionException(Kind.UNSUPPORTED, Codec.LZ4, "a frame descriptor that is corrupt or unsupported (" + m
                    + "); frames of linked blocks (lz4 -BD) are decoded only when the first frame has them", failure);
        }
        return new DecompressionException(Kind.CORRUPT, Codec.LZ4, "corrupt data (" + m + ")", failure);
    }
}
