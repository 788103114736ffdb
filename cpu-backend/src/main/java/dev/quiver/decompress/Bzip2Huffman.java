package dev.quiver.decompress;

import java.util.Arrays;

/**
 * One of a bzip2 block's Huffman tables, for decoding: a lookup of the next {@value #LOOKUP_BITS} bits
 * that resolves every code that short at once, and the canonical code ranges for the longer ones. bzip2
 * assigns codes canonically: by length, then by symbol, most significant bit first. Reused from block to
 * block; not thread-safe.
 */
final class Bzip2Huffman {
    /** Codes of up to this many bits, nearly all of them in text, take one lookup. */
    static final int LOOKUP_BITS = 10;
    /** The longest code bzip2 allows. */
    static final int MAX_LENGTH = 20;
    /** A lookup entry of a code longer than {@link #LOOKUP_BITS}, or of no code at all. */
    static final int LONG = -1;

    /** For each {@link #LOOKUP_BITS}-bit prefix: {@code symbol << 5 | length}, or {@link #LONG}. */
    final int[] lookup = new int[1 << LOOKUP_BITS];
    /** For each length: its first code, and one past its last. */
    private final int[] first = new int[MAX_LENGTH + 1];
    private final int[] end = new int[MAX_LENGTH + 1];
    /** Where each length's symbols start in {@link #symbols}. */
    private final int[] offset = new int[MAX_LENGTH + 1];
    private final int[] symbols = new int[Bzip2Block.MAX_ALPHABET];
    private int maxLength;

    /**
     * Makes this the table of the code lengths {@code lengths[0, alphabet)}, each from 1 to {@link #MAX_LENGTH}.
     *
     * @return false if the lengths are not those of a prefix code (more codes of some length than there is room for)
     */
    boolean build(byte[] lengths, int alphabet) {
        int[] counts = new int[MAX_LENGTH + 1];
        maxLength = 0;
        for (int s = 0; s < alphabet; s++) {
            counts[lengths[s]]++;
            maxLength = Math.max(maxLength, lengths[s]);
        }
        int code = 0;
        int at = 0;
        for (int len = 1; len <= MAX_LENGTH; len++) {
            first[len] = code;
            end[len] = code + counts[len];
            offset[len] = at;
            code = end[len];
            at += counts[len];
            if (code > 1 << len) {
                return false;
            }
            code <<= 1;
        }
        int[] next = Arrays.copyOf(offset, offset.length);
        for (int s = 0; s < alphabet; s++) {
            symbols[next[lengths[s]]++] = s;
        }
        Arrays.fill(lookup, LONG);
        for (int len = 1; len <= LOOKUP_BITS; len++) {
            for (int c = first[len]; c < end[len]; c++) {
                int sym = symbols[offset[len] + c - first[len]];
                int from = c << (LOOKUP_BITS - len);
                Arrays.fill(lookup, from, from + (1 << (LOOKUP_BITS - len)), sym << 5 | len);
            }
        }
        return true;
    }

    /**
     * The symbol of the code longer than {@link #LOOKUP_BITS} that starts {@code next}, the next
     * {@link #MAX_LENGTH} bits, as {@code symbol << 5 | length}; -1 if they start no code.
     */
    int decodeLong(int next) {
        for (int len = LOOKUP_BITS + 1; len <= maxLength; len++) {
            int c = next >>> (MAX_LENGTH - len);
            if (c < end[len] && c >= first[len]) {
                return symbols[offset[len] + c - first[len]] << 5 | len;
            }
        }
        return -1;
    }
}
