package dev.quiver.cli.image;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a JPEG's marker segments before its image data say, read from the file's bytes in memory: here,
 * whether it embeds an ICC colour profile. Such a file is left to ImageIO, which converts its colours to
 * sRGB by the profile; libjpeg-turbo returns the stored values as they are.
 */
final class JpegMarkers {
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int APP2 = 0xE2;
    private static final byte[] ICC = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private JpegMarkers() {
    }

    /**
     * Whether an APP2 segment before the first scan holds an ICC profile. A file whose segments cannot be
     * walked (damaged, truncated) answers false: the decoder reports what is wrong with it.
     */
    static boolean hasIccProfile(MemorySegment jpeg) {
        long size = jpeg.byteSize();
        long at = 2;
        while (at + 4 <= size) {
            if (u8(jpeg, at) != 0xFF) {
                return false;
            }
            int marker = u8(jpeg, at + 1);
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == SOS || marker == EOI) {
                return false;
            }
            int length = u8(jpeg, at + 2) << 8 | u8(jpeg, at + 3);
            if (length < 2) {
                return false;
            }
            if (marker == APP2 && length - 2 >= ICC.length && at + 4 + ICC.length <= size
                    && MemorySegment.mismatch(jpeg, at + 4, at + 4 + ICC.length, MemorySegment.ofArray(ICC), 0, ICC.length) < 0) {
                return true;
            }
            at += 2 + length;
        }
        return false;
    }

    private static int u8(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    }
}
