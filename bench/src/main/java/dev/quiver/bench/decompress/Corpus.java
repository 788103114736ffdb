package dev.quiver.bench.decompress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * English text to cut the batch's items from: the plain-text files under the paths given (by default the
 * machine's {@code /usr/share/doc} and {@code /usr/share/common-licenses}: READMEs, licences, changelogs),
 * concatenated in name order. A file counts as text when nearly all of its first bytes are printable ASCII.
 */
public final class Corpus {
    public static final List<Path> DEFAULT = List.of(Path.of("/usr/share/doc"), Path.of("/usr/share/common-licenses"));
    private static final long MAX_BYTES = 64L << 20;

    private Corpus() {
    }

    /**
     * @throws IllegalArgumentException if the paths hold less than {@code atLeast} bytes of text
     */
    public static byte[] read(List<Path> paths, long atLeast) throws IOException {
        var text = new java.io.ByteArrayOutputStream();
        for (Path root : paths) {
            if (!Files.exists(root)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).sorted().toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (Path f : files) {
                if (text.size() >= MAX_BYTES) {
                    break;
                }
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(f);
                } catch (IOException e) {
                    continue; // unreadable files are not text we can use
                }
                if (isText(bytes)) {
                    text.writeBytes(bytes);
                }
            }
        }
        if (text.size() < atLeast) {
            throw new IllegalArgumentException("the corpus " + paths + " holds " + text.size() + " bytes of plain text, less than one item of "
                    + atLeast + ": give --corpus DIR with more text, or a smaller --item-size");
        }
        return text.toByteArray();
    }

    static boolean isText(byte[] bytes) {
        int n = Math.min(bytes.length, 4096);
        if (n < 256) {
            return false;
        }
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '\n' || b == '\t' || b == '\r' || b >= 0x20 && b < 0x7F) {
                printable++;
            }
        }
        return printable >= n * 0.98;
    }

    /** {@code count} slices of {@code size} bytes, at offsets spread evenly over the text (they overlap if it is short). */
    public static List<byte[]> slices(byte[] text, int count, int size) {
        var items = new ArrayList<byte[]>(count);
        long room = text.length - (long) size;
        for (int i = 0; i < count; i++) {
            int from = (int) (count == 1 ? 0 : room * i / (count - 1));
            items.add(java.util.Arrays.copyOfRange(text, from, from + size));
        }
        return items;
    }
}
