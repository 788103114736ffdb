package dev.quiver.decompress;

import dev.quiver.decompress.DecompressionException.Kind;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The magic numbers that start each codec's data, and what detection concludes from the first bytes. */
final class Magic {
    /** How many bytes detection looks at: every magic number, and the header of a small skippable frame. */
    static final int HEAD_BYTES = 64;

    private static final byte[] GZIP = {0x1f, (byte) 0x8b};
    private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    private static final byte[] ZSTD = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    private static final byte[] LZ4 = {0x04, 0x22, 0x4d, 0x18};
    private static final byte[] BZIP2 = {'B', 'Z', 'h'};
    private static final byte[] SKIPPABLE_REST = {0x2a, 0x4d, 0x18};
    /** Tried in this order; zlib last, as its two-byte header check is the weakest. */
    private static final List<Codec> ORDER = List.of(Codec.GZIP, Codec.XZ, Codec.ZSTD, Codec.LZ4, Codec.BZIP2, Codec.ZLIB);

    /** Formats people mistake for compressed streams, so that "no codec detected" can say what the input is. */
    private record Known(byte[] magic, String what) {
    }

    private static final List<Known> UNSUPPORTED = List.of(
            new Known(new byte[] {'P', 'K', 3, 4}, "a zip archive: it holds files, not one compressed stream"),
            new Known(new byte[] {0x1f, (byte) 0x9d}, "the .Z format of compress (LZW), which is not supported"),
            new Known(new byte[] {0x02, 0x21, 0x4c, 0x18}, "lz4's legacy format (lz4 -l); only lz4 frames are supported"),
            new Known(new byte[] {0x5d, 0, 0}, "the legacy .lzma format; only .xz is supported"),
            new Known(new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c}, "a 7-Zip archive, which is not supported"));

    /** How the start of an input relates to a codec's magic number. */
    enum Match {
        /** The input starts with the magic number. */
        YES,
        /** The input is shorter than the magic number and is a start of it: a truncated file, most likely. */
        PREFIX,
        NO
    }

    private Magic() {
    }

    static Match match(Codec codec, byte[] head, int length) {
        return switch (codec) {
            case GZIP -> starts(head, length, GZIP);
            case XZ -> starts(head, length, XZ);
            case ZSTD -> either(starts(head, length, ZSTD), skippable(head, 0, length));
            case LZ4 -> either(starts(head, length, LZ4), skippable(head, 0, length));
            case BZIP2 -> bzip2(head, length);
            case ZLIB -> zlib(head, length);
            case DEFLATE -> Match.YES;
        };
    }

    /**
     * The codec whose magic number starts {@code head[0, length)}. An input shorter than a magic number, of
     * at least two bytes that start it, counts as that codec, so that a cut-off file is reported as
     * truncated rather than unknown. Skippable frames, which zstd and lz4 share, are looked past where the
     * head holds them; a head that ends inside one counts as zstd.
     */
    static Optional<Codec> detect(byte[] head, int length) {
        for (Codec c : ORDER) {
            Match m = match(c, head, length);
            if (m == Match.YES && c != Codec.ZSTD && c != Codec.LZ4) {
                return Optional.of(c);
            }
            if (m == Match.YES) {
                return Optional.of(pastSkippableFrames(head, length));
            }
        }
        if (length >= 2) {
            for (Codec c : ORDER) {
                if (match(c, head, length) == Match.PREFIX) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The codec that {@code head[0, length)} starts, or the failure detection reports: {@link Kind#EMPTY}
     * for no bytes, {@link Kind#UNKNOWN_FORMAT} for bytes no codec starts with.
     */
    static Codec require(byte[] head, int length) throws DecompressionException {
        if (length == 0) {
            throw new DecompressionException(Kind.EMPTY, null, "empty input, no codec detected");
        }
        Optional<Codec> found = detect(head, length);
        if (found.isPresent()) {
            return found.get();
        }
        throw new DecompressionException(Kind.UNKNOWN_FORMAT, null, "no codec detected: the input starts with "
                + ByteText.head(head, length) + ", " + whatElse(head, length).orElse("which is not the magic number of "
                + names() + " (raw deflate has none, and must be forced)"));
    }

    /** The failure for a forced codec whose magic number the input does not start with. */
    static DecompressionException wrongMagic(Codec codec, byte[] head, int length) {
        String looks = detect(head, length).map(c -> "which is " + c.id() + "'s magic number")
                .or(() -> whatElse(head, length))
                .orElse("which is not " + codec.id() + "'s magic number");
        return new DecompressionException(Kind.WRONG_MAGIC, codec, "not " + codec.id() + " data: the input starts with "
                + ByteText.head(head, length) + ", " + looks);
    }

    private static Optional<String> whatElse(byte[] head, int length) {
        return UNSUPPORTED.stream().filter(k -> starts(head, length, k.magic()) == Match.YES).map(k -> "which looks like " + k.what()).findFirst();
    }

    private static String names() {
        List<String> ids = ORDER.stream().map(Codec::id).toList();
        return ids.subList(0, ids.size() - 1).stream().collect(Collectors.joining(", ")) + " or " + ids.getLast();
    }

    private static Codec pastSkippableFrames(byte[] head, int length) {
        long at = 0;
        while (at + 8 <= length && skippable(head, (int) at, length) == Match.YES) {
            at += 8 + (le32(head, (int) at + 4) & 0xffffffffL);
        }
        if (at + 4 <= length && starts(head, (int) at, length, LZ4) == Match.YES) {
            return Codec.LZ4;
        }
        return Codec.ZSTD;
    }

    private static Match skippable(byte[] head, int at, int length) {
        // 0x184D2A50 to 0x184D2A5F, little-endian: a byte 0x5X, then 2a 4d 18
        if (length - at < 1 || (head[at] & 0xf0) != 0x50) {
            return Match.NO;
        }
        return length - at == 1 ? Match.PREFIX : starts(head, at + 1, length, SKIPPABLE_REST);
    }

    private static Match bzip2(byte[] head, int length) {
        Match m = starts(head, length, BZIP2);
        if (m != Match.YES) {
            return m;
        }
        if (length == BZIP2.length) {
            return Match.PREFIX;
        }
        return head[3] >= '1' && head[3] <= '9' ? Match.YES : Match.NO;
    }

    /** RFC 1950: method 8 (deflate), a window of at most 32 KiB, and a header that is a multiple of 31. */
    private static Match zlib(byte[] head, int length) {
        if (length < 2) {
            return Match.NO;
        }
        int cmf = head[0] & 0xff;
        int flg = head[1] & 0xff;
        return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0 ? Match.YES : Match.NO;
    }

    private static Match starts(byte[] head, int length, byte[] magic) {
        return starts(head, 0, length, magic);
    }

    /** How {@code head[at, length)} relates to {@code magic}. */
    private static Match starts(byte[] head, int at, int length, byte[] magic) {
        int n = Math.min(length - at, magic.length);
        if (n <= 0) {
            return Match.NO;
        }
        for (int i = 0; i < n; i++) {
            if (head[at + i] != magic[i]) {
                return Match.NO;
            }
        }
        return n == magic.length ? Match.YES : Match.PREFIX;
    }

    private static Match either(Match a, Match b) {
        return a == Match.YES || b == Match.YES ? Match.YES : a == Match.PREFIX || b == Match.PREFIX ? Match.PREFIX : Match.NO;
    }

    private static int le32(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
