package dev.quiver.decompress;

import dev.quiver.decompress.DecompressionException.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * bzip2 through commons-compress, where libbz2 does not load ({@link LibBz2}; {@link LibBz2Stream} keeps the
 * same contract): every stream of a multi-stream file ({@code cat a.bz2 b.bz2}, and what
 * pbzip2 writes). It checks every block's CRC and every stream's combined CRC, always; bytes after the last
 * stream that are not another stream are an error here, where {@code bzip2 -dc} warns and ignores them.
 */
final class Bzip2Decoder implements Decoder {

    @Override
    public InputStream open(CompressedInput input, Limits limits, boolean verify) throws IOException {
        return new BZip2CompressorInputStream(input, true);
    }

    @Override
    public DecompressionException explain(Exception failure, long consumed) {
        // commons-compress says what went wrong only in its messages; CorruptTest, TruncatedTest and
        // TrailingDataTest pin the ones relied on here
        String m = String.valueOf(failure.getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        if (failure instanceof EOFException || lower.contains("unexpected end of stream") || lower.contains("unexpected eof")) {
            return new DecompressionException(Kind.TRUNCATED, Codec.BZIP2,
                    "truncated input: it ends inside a bzip2 stream, after " + ByteText.count(consumed) + " bytes", failure);
        }
        if (lower.contains("crc")) {
            return new DecompressionException(Kind.CHECKSUM, Codec.BZIP2, "a block or stream CRC does not match: the data is corrupt (" + m + ")", failure);
        }
        if (lower.contains("unexpected data after a valid bzip2 stream")) {
            return new DecompressionException(Kind.TRAILING_DATA, Codec.BZIP2,
                    "unexpected data after the last bzip2 stream: it is not another bzip2 stream (bzip2 -dc ignores it with a warning)", failure);
        }
        return new DecompressionException(Kind.CORRUPT, Codec.BZIP2, "corrupt data (" + m + ")", failure);
    }
}
