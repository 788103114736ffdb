package dev.quiver.decompress;

import java.util.Locale;

/** How messages show bytes and sizes: the first bytes of an input in hex, sizes in exact units. */
final class ByteText {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteText() {
    }

    /** Up to 8 of the first {@code length} bytes in hex, with their printable ASCII: {@code 50 4b 03 04 ("PK..")}. */
    static String head(byte[] bytes, int length) {
        int shown = Math.min(length, 8);
        var hex = new StringBuilder();
        var ascii = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            hex.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", b));
            ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return hex + " (\"" + ascii + "\")" + (length > shown ? " ..." : "");
    }

    /** A size as people read it: {@code 10 MiB} when that is exact, otherwise {@code 10,485,761 bytes}. */
    static String size(long bytes) {
        long value = bytes;
        int unit = -1;
        while (value >= 1024 && value % 1024 == 0 && unit + 1 < UNITS.length) {
            value /= 1024;
            unit++;
        }
        return unit < 0 ? String.format(Locale.ROOT, "%,d bytes", bytes) : String.format(Locale.ROOT, "%,d %s", value, UNITS[unit]);
    }

    /** A byte count with separators: {@code 1,234}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
