package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** bzip2's CRC-32 gives the check value of CRC-32/BZIP2, however the bytes are split between updates. */
class Bzip2CrcTest {
    @Test
    void theCheckValue() {
        var crc = new Bzip2Crc();
        byte[] digits = "123456789".getBytes(StandardCharsets.US_ASCII);
        crc.update(digits, 0, digits.length);
        assertEquals(0xfc891918, crc.value());
        crc.reset();
        assertEquals(0, crc.value());
    }

    @Test
    void agreesWithTheBitwiseDefinition() {
        var random = new SplittableRandom(153);
        for (int length : new int[] {1, 7, 8, 9, 63, 64, 65, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 9, 100_003}) {
            byte[] data = TestData.random(length, random.nextLong());
            var crc = new Bzip2Crc();
            crc.update(data, 0, data.length);
            assertEquals(bitwise(data), crc.value(), length + " bytes");
        }
    }

    /** CRC-32/BZIP2 as its definition reads: one bit at a time, most significant first. */
    private static int bitwise(byte[] data) {
        int c = -1;
        for (byte b : data) {
            c ^= (b & 0xff) << 24;
            for (int i = 0; i < 8; i++) {
                c = c << 1 ^ (c < 0 ? 0x04c11db7 : 0);
            }
        }
        return ~c;
    }

    @Test
    void piecesAgreeWithTheWhole() {
        byte[] data = TestData.random(1000, 151);
        var whole = new Bzip2Crc();
        whole.update(data, 0, data.length);
        var random = new SplittableRandom(152);
        var pieces = new Bzip2Crc();
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, random.nextInt(20));
            pieces.update(data, at, n);
            at += n;
        }
        assertEquals(whole.value(), pieces.value());
        var bytes = new Bzip2Crc();
        for (int i = 0; i < data.length; i++) {
            bytes.update(data, i, 1);
        }
        assertEquals(whole.value(), bytes.value());
    }
}
