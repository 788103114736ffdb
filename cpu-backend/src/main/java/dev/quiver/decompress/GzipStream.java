package dev.quiver.decompress;

import dev.quiver.decompress.DecompressionException.Kind;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The output of every member of a gzip file (RFC 1952), one after another, as {@code gzip -dc} writes it.
 *
 * <p>Our own loop over {@link Inflater} rather than {@link java.util.zip.GZIPInputStream}, which ends the
 * output silently at anything after a member that is not a complete member header: trailing garbage, and a
 * second member cut off inside its header, would both pass as success. Here, as in gzip, zero bytes after
 * the last member are padding and ignored; anything else is {@link Kind#TRAILING_DATA}, or
 * {@link Kind#TRUNCATED} where it is the start of a member header that the input ends inside.
 *
 * <p>Always checked: each header, each member's length (ISIZE, mod 2^32), that the deflate data is
 * well-formed. With {@code verify}: each member's CRC-32, and its header CRC-16 where it has one.
 */
final class GzipStream extends BulkInputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xe0;

    private final CompressedInput in;
    private final boolean verify;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    /** Members started so far; the current one while {@link #inMember}. */
    private int member;
    private long memberOutput;
    private boolean inMember;
    private boolean done;

    GzipStream(CompressedInput in, boolean verify) {
        this.in = Objects.requireNonNull(in, "in");
        this.verify = verify;
    }

    @Override
    protected int readSome(byte[] b, int off, int len) throws IOException {
        while (!done) {
            if (!inMember && !startMember()) {
                done = true;
                break;
            }
            int n = inflate(b, off, len);
            if (n > 0) {
                if (verify) {
                    crc.update(b, off, n);
                }
                memberOutput += n;
                return n;
            }
            if (inflater.finished()) {
                endMember();
            } else if (inflater.needsDictionary()) {
                throw corrupt("member " + member + " asks for a preset dictionary, which gzip has no way to supply");
            } else if (inflater.needsInput() && !in.feed(inflater)) {
                throw truncated("it ends inside member " + member + "'s compressed data");
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    private int inflate(byte[] b, int off, int len) throws DecompressionException {
        int n;
        try {
            n = inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            in.consumedBy(inflater);
            throw corrupt("invalid deflate data in member " + member + " (" + e.getMessage() + "), near byte " + ByteText.count(in.consumed()), e);
        }
        in.consumedBy(inflater);
        return n;
    }

    /** Reads the next member's header; false at a clean end of the input (only after a member). */
    private boolean startMember() throws IOException {
        long start = in.consumed();
        int first = in.read();
        if (member > 0) {
            if (first < 0) {
                return false;
            }
            if (first == 0) {
                return skipZeroPadding();
            }
        }
        member++;
        headerCrc.reset();
        headerCrc.update(first);
        if (first != 0x1f || next() != 0x8b) {
            if (member == 1) {
                throw new DecompressionException(Kind.WRONG_MAGIC, Codec.GZIP, "not gzip data: it does not start with 1f 8b");
            }
            throw new DecompressionException(Kind.TRAILING_DATA, Codec.GZIP, "unexpected data after member " + (member - 1)
                    + ", at byte " + ByteText.count(start) + ": it is not another gzip member (gzip -dc ignores it with a warning)");
        }
        int method = next();
        if (method != 8) {
            throw new DecompressionException(Kind.UNSUPPORTED, Codec.GZIP,
                    "member " + member + " uses compression method " + method + "; gzip defines only 8, deflate");
        }
        int flags = next();
        if ((flags & RESERVED) != 0) {
            throw new DecompressionException(Kind.UNSUPPORTED, Codec.GZIP,
                    String.format(Locale.ROOT, "member %d sets reserved header flags (0x%02x)", member, flags & RESERVED));
        }
        skip(6); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) {
            int extra = next() | next() << 8;
            skip(extra);
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated();
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xffff;
            int stored = next() | next() << 8;
            if (verify && stored != expected) {
                throw new DecompressionException(Kind.CHECKSUM, Codec.GZIP,
                        String.format(Locale.ROOT, "member %d's header CRC-16 is %04x, but the header says %04x", member, expected, stored));
            }
        }
        inflater.reset();
        crc.reset();
        memberOutput = 0;
        inMember = true;
        // fed at once, so that every inflate() reads from the buffer that consumedBy() accounts for
        if (!in.feed(inflater)) {
            throw truncated("it ends after member " + member + "'s header");
        }
        return true;
    }

    private void endMember() throws IOException {
        inMember = false;
        long storedCrc = trailerInt();
        long storedSize = trailerInt();
        if (storedSize != (memberOutput & 0xffffffffL)) {
            throw corrupt("member " + member + " decompresses to " + ByteText.count(memberOutput) + " bytes, but its trailer says "
                    + ByteText.count(storedSize) + " (mod 2^32)");
        }
        if (verify && storedCrc != crc.getValue()) {
            throw new DecompressionException(Kind.CHECKSUM, Codec.GZIP, String.format(Locale.ROOT,
                    "member %d's CRC-32 is %08x, but its trailer says %08x: the data is corrupt", member, crc.getValue(), storedCrc));
        }
    }

    /** Zero bytes after a member: padding, as gzip treats them, if nothing else follows. */
    private boolean skipZeroPadding() throws IOException {
        int b;
        do {
            b = in.read();
        } while (b == 0);
        if (b < 0) {
            return false;
        }
        throw new DecompressionException(Kind.TRAILING_DATA, Codec.GZIP, "unexpected data after member " + member + " and zero padding, at byte "
                + ByteText.count(in.consumed() - 1) + ": it is not another gzip member");
    }

    private long trailerInt() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw truncated("it ends inside member " + member + "'s trailer");
            }
            v |= (long) b << (8 * i);
        }
        return v;
    }

    private int next() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw truncated("it ends inside member " + member + "'s header");
        }
        headerCrc.update(b);
        return b;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            next();
        }
    }

    private void skipZeroTerminated() throws IOException {
        while (next() != 0) {
            // a file name or comment, of any length
        }
    }

    private DecompressionException truncated(String where) {
        return new DecompressionException(Kind.TRUNCATED, Codec.GZIP, "truncated input: " + where + ", at byte " + ByteText.count(in.consumed()));
    }

    private DecompressionException corrupt(String what) {
        return new DecompressionException(Kind.CORRUPT, Codec.GZIP, what);
    }

    private DecompressionException corrupt(String what, Throwable cause) {
        return new DecompressionException(Kind.CORRUPT, Codec.GZIP, what, cause);
    }
}
