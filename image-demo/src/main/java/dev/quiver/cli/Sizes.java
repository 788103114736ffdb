package dev.quiver.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Element counts on the command line: {@code 4096}, {@code 1Mi}, {@code 16Mi}, {@code 64Ki}, {@code 1M}, {@code 2^20}. */
final class Sizes implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        return parse(text);
    }

    static long parse(String text) {
        String t = text.strip();
        try {
            if (t.contains("^")) {
                String[] parts = t.split("\\^");
                return Math.multiplyExact(1L, (long) Math.pow(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
            }
            long unit = 1;
            for (var suffix : new Object[][] {{"Ki", 1L << 10}, {"Mi", 1L << 20}, {"Gi", 1L << 30}, {"K", 1_000L}, {"M", 1_000_000L}, {"G", 1_000_000_000L}}) {
                String s = (String) suffix[0];
                if (t.endsWith(s) || t.endsWith(s.toLowerCase(Locale.ROOT)) && s.length() == 2) {
                    unit = (Long) suffix[1];
                    t = t.substring(0, t.length() - s.length());
                    break;
                }
            }
            long n = Math.multiplyExact(Long.parseLong(t), unit);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a size: write 4096, 64Ki, 16Mi, 1M or 2^20");
        }
    }

    static String format(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return n / (1 << 20) + "Mi";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return n / (1 << 10) + "Ki";
        }
        return Long.toString(n);
    }
}
