package dev.quiver.cli.image;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A file name pattern as shells write them, expanded by Quiver itself so that quoting it works the same
 * in every shell: {@code *} any characters within a name, {@code ?} one character, {@code [abc]} and
 * {@code [!a-z]} one of a set, {@code {jpg,png}} alternatives, and {@code **} any number of directories,
 * none included ({@code **}{@code /*.png} matches {@code a.png} and {@code x/y/a.png}).
 *
 * <p>A pattern splits into a base directory, its leading part without wildcards ({@code photos/2024} in
 * {@code photos/2024/*}{@code /*.jpg}), and the rest, matched against paths relative to the base, with
 * {@code /} between names.
 */
record Glob(String text, Path base, Pattern relative, boolean crossesDirectories, int depth) {

    /** Whether the argument has wildcard characters. */
    static boolean isPattern(String argument) {
        for (char c : argument.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    static Glob of(String text) {
        String normalized = text.replace('\\', '/');
        String[] parts = normalized.split("/", -1);
        int fixed = 0;
        while (fixed < parts.length - 1 && !isPattern(parts[fixed])) {
            fixed++;
        }
        String basePart = String.join("/", java.util.Arrays.copyOf(parts, fixed));
        Path base = Path.of(basePart.isEmpty() ? (normalized.startsWith("/") ? "/" : ".") : basePart);
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, fixed, parts.length));
        boolean deep = rest.contains("**");
        return new Glob(text, base, Pattern.compile(regex(rest)), deep, parts.length - fixed);
    }

    /** Whether a path relative to {@link #base}, names separated by {@code /}, matches. */
    boolean matches(String relativePath) {
        return relative.matcher(relativePath).matches();
    }

    private static String regex(String glob) {
        var re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                        re.append(slash ? "(?:[^/]*/)*" : ".*");
                        i += slash ? 2 : 1;
                    } else {
                        re.append("[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, end);
                        boolean negate = set.startsWith("!") || set.startsWith("^");
                        re.append('[').append(negate ? "^/" : "").append(set.substring(negate ? 1 : 0).replace("\\", "\\\\")).append(']');
                        i = end;
                    }
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces > 0) {
                        braces--;
                        re.append(')');
                    } else {
                        re.append("\\}");
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> re.append("\\.[]{}()*+-?^$|".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c));
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("pattern '" + glob + "' has a '{' that is never closed");
        }
        return re.toString();
    }
}
