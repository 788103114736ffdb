package dev.quiver.decompress;


/**
 * Finds where bzip2's 48-bit block magic ({@code 0x314159265359}) and end-of-stream magic
 * ({@code 0x177245385090}) occur in a file, at any bit offset, from its bytes fed in order: where blocks
 * may start, and where the blocks before them must then end. These are candidates only: compressed data
 * holds either magic by chance now and then (once in 2^48 bit offsets), and damaged data anywhere. Not
 * thread-safe.
 */
final class Bzip2BlockFinder {
    static final long BLOCK_MAGIC = 0x314159265359L;
    static final long END_MAGIC = 0x177245385090L;
    private static final long MASK_48 = (1L << 48) - 1;
    /**
     * Per value of two bytes: bit {@code s} set if a block magic at bit {@code s} of a byte has those as its
     * fourth and fifth bytes, bit {@code 8 + s} likewise for the end magic. Both lie inside the magic at
     * every shift, so they rule out all but one place in 4,000 before the whole magic is compared.
     */
    private static final short[] FOURTH_FIFTH = new short[1 << 16];

    static {
        for (int s = 0; s < 8; s++) {
            FOURTH_FIFTH[(int) (BLOCK_MAGIC >>> (8 + s)) & 0xffff] |= (short) (1 << s);
            FOURTH_FIFTH[(int) (END_MAGIC >>> (8 + s)) & 0xffff] |= (short) (1 << (8 + s));
        }
    }

    /** What was found: a magic starting at bit {@code bit} of the file. */
    interface Found {
        void magic(long bit, boolean block);
    }

    /** The last bytes fed, the latest lowest. */
    private long window;
    /** How many bytes of {@link #window} are the file's: up to 6, enough to find a magic with the next byte. */
    private int have;
    /** The offset in the file of the next byte to feed. */
    private long next;

    /** The offset in the file of the next byte to feed. */
    long next() {
        return next;
    }

    /** Starts again at byte {@code offset} of the file, as if nothing came before it. */
    void restart(long offset) {
        next = offset;
        window = 0;
        have = 0;
    }

    /** Feeds {@code b[from, to)}, the bytes of the file from {@link #next()} on, telling {@code found} of each magic that ends in them. */
    void feed(byte[] b, int from, int to, Found found) {
        long w = window;
        long at = next - from; // the file offset of b[0]
        int i = from;
        for (; i < to && have < 6; i++, have++) {
            w = w << 8 | (b[i] & 0xff);
        }
        for (; i < to; i++) {
            w = w << 8 | (b[i] & 0xff);
            look(w, at + i, found);
        }
        window = w;
        next += to - from;
    }

    /** Tells {@code found} of a magic in the 7 bytes that end at {@code w}'s lowest, byte {@code last} of the file. */
    private static void look(long w, long last, Found found) {
        // a magic at bit s of the first of the 7 bytes has its fourth and fifth bytes at the fourth and fifth
        int shifts = FOURTH_FIFTH[(int) (w >>> 16) & 0xffff];
        while (shifts != 0) {
            int k = Integer.numberOfTrailingZeros(shifts);
            shifts &= shifts - 1;
            int s = k & 7;
            boolean block = k < 8;
            if (((w >>> (8 - s)) & MASK_48) == (block ? BLOCK_MAGIC : END_MAGIC)) {
                found.magic(8 * (last - 6) + s, block);
            }
        }
    }
}
