package dev.quiver.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Element counts as people write them: {@code 4096}, {@code 64Ki}, {@code 16Mi}, {@code 1Gi}, {@code 1M}, {@code 2^20}. */
public final class SizeList {
    private SizeList() {
    }

    /**
     * @throws IllegalArgumentException naming the text, for anything that is not a size of at least 1
     */
    public static long parse(String text) {
        String t = text.strip();
        try {
            long n;
            if (t.contains("^")) {
                String[] parts = t.split("\\^", 2);
                n = java.math.BigInteger.valueOf(Long.parseLong(parts[0])).pow(Integer.parseInt(parts[1])).longValueExact();
            } else {
                long unit = 1;
                String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"K", "1000"}, {"M", "1000000"}, {"G", "1000000000"}};
                for (String[] s : suffixes) {
                    if (t.endsWith(s[0])) {
                        unit = Long.parseLong(s[1]);
                        t = t.substring(0, t.length() - s[0].length());
                        break;
                    }
                }
                n = Math.multiplyExact(Long.parseLong(t), unit);
            }
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write 4096, 64Ki, 16Mi, 1M or 2^20");
        }
    }

    /** Comma-separated sizes, in the order given. */
    public static List<Long> parseAll(String text) {
        var sizes = new ArrayList<Long>();
        for (String part : text.split(",")) {
            sizes.add(parse(part));
        }
        return sizes;
    }

    /** {@code 16Mi}, {@code 64Ki}, or the plain number. */
    public static String format(long n) {
        if (n >= 1 << 30 && n % (1 << 30) == 0) {
            return n / (1 << 30) + "Gi";
        }
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return n / (1 << 20) + "Mi";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return n / (1 << 10) + "Ki";
        }
        return String.format(Locale.ROOT, "%d", n);
    }
}
