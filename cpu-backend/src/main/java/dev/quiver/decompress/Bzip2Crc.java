package dev.quiver.decompress;

/**
 * bzip2's CRC-32: the polynomial of {@link java.util.zip.CRC32}, 0x04c11db7, but most significant bit
 * first (CRC-32/BZIP2), which the JDK does not have. Table-driven, eight bytes a step. Not thread-safe.
 */
final class Bzip2Crc {
    /** {@code TABLE[k][b]}: the CRC change of byte {@code b} followed by {@code k} zero bytes. */
    private static final int[][] TABLE = new int[8][256];

    static {
        for (int b = 0; b < 256; b++) {
            int c = b << 24;
            for (int i = 0; i < 8; i++) {
                c = c << 1 ^ (c < 0 ? 0x04c11db7 : 0);
            }
            TABLE[0][b] = c;
        }
        for (int k = 1; k < 8; k++) {
            for (int b = 0; b < 256; b++) {
                int prev = TABLE[k - 1][b];
                TABLE[k][b] = prev << 8 ^ TABLE[0][prev >>> 24];
            }
        }
    }

    private int crc = -1;

    void reset() {
        crc = -1;
    }

    /** The CRC of the bytes so far. */
    int value() {
        return ~crc;
    }

    void update(byte[] b, int off, int len) {
        int c = crc;
        int i = off;
        int end = off + len;
        int[] t0 = TABLE[0];
        int[] t1 = TABLE[1];
        int[] t2 = TABLE[2];
        int[] t3 = TABLE[3];
        int[] t4 = TABLE[4];
        int[] t5 = TABLE[5];
        int[] t6 = TABLE[6];
        int[] t7 = TABLE[7];
        for (; i + 8 <= end; i += 8) {
            int hi = c ^ ((b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff));
            c = t7[hi >>> 24] ^ t6[(hi >>> 16) & 0xff] ^ t5[(hi >>> 8) & 0xff] ^ t4[hi & 0xff]
                    ^ t3[b[i + 4] & 0xff] ^ t2[b[i + 5] & 0xff] ^ t1[b[i + 6] & 0xff] ^ t0[b[i + 7] & 0xff];
        }
        for (; i < end; i++) {
            c = c << 8 ^ t0[(c >>> 24) ^ (b[i] & 0xff)];
        }
        crc = c;
    }
}
