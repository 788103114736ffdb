package dev.quiver.decompress;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.SoftReference;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes one bzip2 block, from the bits after its magic number and CRC up to its end: the Huffman-coded
 * symbols, the move-to-front and zero-run decoding they encode, and the inverse Burrows-Wheeler
 * transform, into {@link #output()}: the block's bytes before bzip2's first run-length encoding is undone.
 *
 * <p>The inverse transform is a walk along a permutation of the block, each step a load that depends on
 * the one before and often misses the cache: libbz2 takes one step per byte. Here the permutation is
 * first raised to its fourth power, in two passes whose loads do not depend on each other (so they
 * overlap), with the four bytes each row leads to; the walk then takes one step per four bytes, and goes
 * from both ends of the text at once, along the fourth power and its inverse.
 *
 * <p>Holds 15 bytes per byte of the largest block decoded (13.5 MB for a 900 kB block of {@code bzip2 -9}),
 * reused from block to block and, through {@link #take}, from stream to stream on a thread; not thread-safe.
 */
final class Bzip2Block {
    static final int MAX_GROUPS = 6;
    /** 256 byte values, RUNA, RUNB and the end of the block. */
    static final int MAX_ALPHABET = 258;
    private static final int GROUP_SIZE = 50;
    private static final int MAX_SELECTORS = 18002;
    private static final int RUNA = 0;
    private static final int RUNB = 1;
    /**
     * Each thread's spare decoder, so that a batch of streams allocates its arrays once per thread rather
     * than once per item; softly held, as it is large.
     */
    private static final ThreadLocal<SoftReference<Bzip2Block>> SPARE = new ThreadLocal<>();
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** A block that is malformed, or whose input ends inside it. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean truncated;

        Malformed(String what, boolean truncated) {
            super(what, null, false, false);
            this.truncated = truncated;
        }
    }

    private final int capacity;
    /**
     * The symbols' bytes after move-to-front decoding: the last column of the sorted rotations; then the
     * block's bytes, {@link #output()}. At least {@link #capacity} + 8 long: runs are stored 8 bytes at a time.
     */
    private byte[] last;
    /**
     * Per row of the sorted rotations: the next row in the text's order {@code << 8 |} the row's first
     * byte; then the row four steps on.
     */
    private int[] rows = new int[0];
    /** Per row: the row two steps on. */
    private int[] twoOn = new int[0];
    /** Per row: its first byte and the next row's, {@code << 8 |}. */
    private short[] two = new short[0];
    /** Per row: its first byte and the next three rows', most significant first. */
    private int[] four = new int[0];
    private final Bzip2Huffman[] tables = new Bzip2Huffman[MAX_GROUPS];
    private final byte[] selectors = new byte[MAX_SELECTORS];
    private final byte[] lengths = new byte[MAX_ALPHABET];
    private final int[] counts = new int[256];

    /** A decoder for blocks of up to {@code capacity} bytes: 100,000 times the stream's level. */
    Bzip2Block(int capacity) {
        this.capacity = capacity;
        last = new byte[capacity + 8];
        for (int t = 0; t < MAX_GROUPS; t++) {
            tables[t] = new Bzip2Huffman();
        }
    }

    /** A decoder for blocks of up to {@code capacity} bytes: the thread's spare one if it has one that large. */
    static Bzip2Block take(int capacity) {
        SoftReference<Bzip2Block> ref = SPARE.get();
        Bzip2Block spare = ref == null ? null : ref.get();
        if (spare != null && spare.capacity >= capacity) {
            SPARE.remove();
            return spare;
        }
        return new Bzip2Block(capacity);
    }

    /** Keeps this decoder as the thread's spare, unless it has a larger one; it must not be used after. */
    void giveBack() {
        SoftReference<Bzip2Block> ref = SPARE.get();
        Bzip2Block spare = ref == null ? null : ref.get();
        if (spare == null || spare.capacity < capacity) {
            SPARE.set(new SoftReference<>(this));
        }
    }

    /** The largest block this decoder takes. */
    int capacity() {
        return capacity;
    }

    /** The block's bytes, {@code [0, length)} as {@link #decode} returned it; valid until the next block is decoded. */
    byte[] output() {
        return last;
    }

    /**
     * Hands over {@link #output()}, for a thread that takes the block's bytes on while this decoder goes
     * on to another block, and decodes into {@code fresh} from now on.
     *
     * @param fresh an array of at least {@link #capacity()} + 8 bytes that nothing else uses
     */
    byte[] swapOutput(byte[] fresh) {
        if (fresh.length < capacity + 8) {
            throw new IllegalArgumentException("an output array of " + fresh.length + " bytes for blocks of up to " + capacity);
        }
        byte[] out = last;
        last = fresh;
        return out;
    }

    /**
     * Reads a block of at most {@code maxLength} bytes (the stream's level times 100,000, at most
     * {@link #capacity()}) from {@code in}, just after its CRC, and decodes it.
     *
     * @return the number of bytes in {@link #output()}
     */
    int decode(Bzip2Bits in, int maxLength) throws IOException, Malformed {
        boolean randomised = bits(in, 1) == 1;
        int origin = bits(in, 24);
        if (origin >= maxLength) {
            throw new Malformed("a block's original row is " + ByteText.count(origin) + ", past the stream's blocks of "
                    + ByteText.count(maxLength) + " bytes", false);
        }
        byte[] alphabet = new byte[256];
        int inUse = readAlphabet(in, alphabet);
        int alphabetSize = inUse + 2;
        int groups = bits(in, 3);
        if (groups < 2 || groups > MAX_GROUPS) {
            throw new Malformed("a block has " + groups + " Huffman tables, where bzip2 has 2 to 6", false);
        }
        int selectorCount = readSelectors(in, groups);
        for (int t = 0; t < groups; t++) {
            readLengths(in, alphabetSize);
            if (!tables[t].build(lengths, alphabetSize)) {
                throw new Malformed("a block's Huffman table " + (t + 1) + " is not a prefix code", false);
            }
        }
        int length = readSymbols(in, alphabet, inUse, selectorCount, maxLength);
        if (origin >= length) {
            throw new Malformed("a block's original row is " + ByteText.count(origin) + ", past its " + ByteText.count(length) + " bytes", false);
        }
        invert(length, origin);
        if (randomised) {
            Bzip2Randomisation.undo(last, length);
        }
        return length;
    }

    /** The byte values the block uses, in order, into {@code alphabet}; their number. */
    private int readAlphabet(Bzip2Bits in, byte[] alphabet) throws IOException, Malformed {
        int ranges = bits(in, 16);
        int n = 0;
        for (int r = 0; r < 16; r++) {
            if ((ranges & (0x8000 >>> r)) != 0) {
                int used = bits(in, 16);
                for (int b = 0; b < 16; b++) {
                    if ((used & (0x8000 >>> b)) != 0) {
                        alphabet[n++] = (byte) (r * 16 + b);
                    }
                }
            }
        }
        if (n == 0) {
            throw new Malformed("a block uses no byte values", false);
        }
        return n;
    }

    /** Which table each group of 50 symbols uses, move-to-front coded in unary; their number. */
    private int readSelectors(Bzip2Bits in, int groups) throws IOException, Malformed {
        int count = bits(in, 15);
        if (count < 1) {
            throw new Malformed("a block has no table selectors", false);
        }
        byte[] order = {0, 1, 2, 3, 4, 5};
        for (int i = 0; i < count; i++) {
            int j = 0;
            while (bits(in, 1) == 1) {
                if (++j >= groups) {
                    throw new Malformed("a block's table selector is past its " + groups + " tables", false);
                }
            }
            byte t = order[j];
            System.arraycopy(order, 0, order, 1, j);
            order[0] = t;
            // libbz2 1.0.8 reads and ignores selectors past the 18,002 a 900 kB block can use
            if (i < MAX_SELECTORS) {
                selectors[i] = t;
            }
        }
        return Math.min(count, MAX_SELECTORS);
    }

    /** A table's code lengths, delta coded, into {@link #lengths}. */
    private void readLengths(Bzip2Bits in, int alphabetSize) throws IOException, Malformed {
        int len = bits(in, 5);
        for (int s = 0; s < alphabetSize; s++) {
            while (true) {
                if (len < 1 || len > Bzip2Huffman.MAX_LENGTH) {
                    throw new Malformed("a block's Huffman code length is " + len + ", outside 1 to 20", false);
                }
                if (bits(in, 1) == 0) {
                    break;
                }
                len += bits(in, 1) == 0 ? 1 : -1;
            }
            lengths[s] = (byte) len;
        }
    }

    /**
     * Decodes the symbols up to the end of the block into {@link #last}, undoing the move-to-front and
     * zero-run coding, and counts the bytes into {@link #counts}; returns how many there are.
     */
    private int readSymbols(Bzip2Bits in, byte[] alphabet, int inUse, int selectorCount, int maxLength) throws IOException, Malformed {
        // The move-to-front list: its first 8 bytes in a register, least significant first (most symbols of
        // text move one of them, and a register does not wait for the store of the symbol before), the rest
        // in front[8, 256).
        byte[] front = Arrays.copyOf(alphabet, 256);
        long head = (long) LONG_LE.get(front, 0);
        Arrays.fill(counts, 0);
        int endOfBlock = inUse + 1;
        int n = 0;
        int run = 0;
        int runWeight = 1;
        int group = 0;
        int left = 0;
        int[] lookup = null;
        Bzip2Huffman table = null;
        long bits = in.bits;
        int count = in.count;
        while (true) {
            if (left == 0) {
                if (group == selectorCount) {
                    throw new Malformed("a block has more symbols than its table selectors cover", false);
                }
                table = tables[selectors[group++]];
                lookup = table.lookup;
                left = GROUP_SIZE;
            }
            left--;
            if (count < Bzip2Huffman.MAX_LENGTH) {
                in.bits = bits;
                in.count = count;
                if (!in.has(Bzip2Huffman.MAX_LENGTH)) {
                    // the shortest valid ending after any symbol is the end-of-stream marker and CRC: 80 bits
                    throw new Malformed("it ends inside a bzip2 block", true);
                }
                bits = in.bits;
                count = in.count;
            }
            int e = lookup[(int) (bits >>> (count - Bzip2Huffman.LOOKUP_BITS)) & ((1 << Bzip2Huffman.LOOKUP_BITS) - 1)];
            if (e == Bzip2Huffman.LONG) {
                e = table.decodeLong((int) (bits >>> (count - Bzip2Huffman.MAX_LENGTH)) & ((1 << Bzip2Huffman.MAX_LENGTH) - 1));
                if (e < 0) {
                    throw new Malformed("a block holds a bit sequence that is no Huffman code of its table", false);
                }
            }
            count -= e & 31;
            int sym = e >>> 5;
            if (sym <= RUNB) {
                // runs of the front byte, in bijective base 2: RUNA adds the weight, RUNB twice it
                if (runWeight > maxLength) {
                    throw new Malformed("a block's run of bytes is longer than the block", false);
                }
                run += runWeight << sym;
                runWeight <<= 1;
                continue;
            }
            if (run > 0) {
                if (run > maxLength - n) {
                    throw new Malformed("a block holds more than its " + maxLength + " bytes", false);
                }
                byte b = (byte) head;
                if (run <= 8) {
                    // most runs are short: one store, into the slack past the block if need be
                    LONG_LE.set(last, n, (b & 0xffL) * 0x0101010101010101L);
                } else {
                    Arrays.fill(last, n, n + run, b);
                }
                counts[b & 0xff] += run;
                n += run;
                run = 0;
                runWeight = 1;
            }
            if (sym == endOfBlock) {
                in.bits = bits;
                in.count = count;
                return n;
            }
            if (n == maxLength) {
                throw new Malformed("a block holds more than its " + maxLength + " bytes", false);
            }
            int index = sym - 1; // from 1: the front byte is coded by RUNA and RUNB
            byte b;
            if (index < 8) {
                int shift = index << 3;
                b = (byte) (head >>> shift);
                head = head & ~(-1L >>> (56 - shift)) | (head & (1L << shift) - 1) << 8 | b & 0xffL;
            } else {
                b = front[index];
                System.arraycopy(front, 8, front, 9, index - 8);
                front[8] = (byte) (head >>> 56);
                head = head << 8 | b & 0xffL;
            }
            last[n++] = b;
            counts[b & 0xff]++;
        }
    }

    /** The inverse Burrows-Wheeler transform of {@link #last}{@code [0, n)}, whose original is row {@code origin}, into {@link #last}. */
    private void invert(int n, int origin) {
        if (rows.length < n) {
            // as large as the block needs, not the stream's level: small items stay small
            rows = new int[n];
            twoOn = new int[n];
            two = new short[n];
            four = new int[n];
        }
        linkRows(n);
        linkFourOn(n);
        linkFourBack(n);
        walk(n, origin);
    }

    /** {@link #rows}: each row's successor in the text, from the last column, as a counting sort of it. */
    private void linkRows(int n) {
        int[] start = new int[256];
        for (int b = 0, sum = 0; b < 256; b++) {
            start[b] = sum;
            sum += counts[b];
        }
        byte[] l = last;
        int[] next = rows;
        for (int i = 0; i < n; i++) {
            int b = l[i] & 0xff;
            next[start[b]++] = i << 8 | b;
        }
    }

    /** {@link #rows} four steps on, and {@link #four}; through {@link #twoOn} and {@link #two}. */
    private void linkFourOn(int n) {
        int[] next = rows;
        int[] nextTwo = twoOn;
        short[] bytesTwo = two;
        for (int r = 0; r < n; r++) {
            int v = next[r];
            int w = next[v >>> 8];
            nextTwo[r] = w >>> 8;
            bytesTwo[r] = (short) (v << 8 | w & 0xff);
        }
        int[] bytesFour = four;
        for (int r = 0; r < n; r++) {
            int s = nextTwo[r];
            next[r] = nextTwo[s];
            bytesFour[r] = bytesTwo[r] << 16 | bytesTwo[s] & 0xffff;
        }
    }

    /**
     * {@link #twoOn}, no longer needed: per row, the row four steps back, the inverse of {@link #rows}. A pass
     * of stores that do not depend on each other, which lets {@link #walk} follow two chains at once.
     */
    private void linkFourBack(int n) {
        int[] nextFour = rows;
        int[] backFour = twoOn;
        for (int r = 0; r < n; r++) {
            backFour[nextFour[r]] = r;
        }
    }

    /**
     * The text into {@link #last}, four bytes a step, from both ends at once: forwards from row
     * {@code origin} (the text's first four bytes), and backwards from the row four steps before it (the
     * last four bytes, as the text is a cycle). The two chains of loads do not depend on each other, so their
     * cache misses overlap, and the walk takes half as long as one chain would.
     */
    private void walk(int n, int origin) {
        byte[] out = last;
        int[] nextFour = rows;
        int[] backFour = twoOn;
        int[] bytesFour = four;
        int p = origin;
        int q = backFour[origin];
        int front = 0;
        int back = n - 4;
        for (; front + 4 <= back; front += 4, back -= 4) {
            INT_BE.set(out, front, bytesFour[p]);
            INT_BE.set(out, back, bytesFour[q]);
            p = nextFour[p];
            q = backFour[q];
        }
        // what is left between the two, fewer than 8 bytes (all of a block under 8 bytes), forwards
        for (int end = back + 4; front < end; p = nextFour[p]) {
            for (int k = 0, c = bytesFour[p]; k < 4 && front < end; k++, c <<= 8) {
                out[front++] = (byte) (c >>> 24);
            }
        }
    }

    private static int bits(Bzip2Bits in, int n) throws IOException, Malformed {
        long v = in.read(n);
        if (v < 0) {
            throw new Malformed("it ends inside a bzip2 block", true);
        }
        return (int) v;
    }
}
