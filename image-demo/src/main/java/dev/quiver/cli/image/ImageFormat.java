package dev.quiver.cli.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The image file formats {@code quiver image} knows: all are read, PNG, JPEG, BMP and TIFF are also
 * written. A file's format is told by its first bytes ({@link #sniff}), never by its name; names only
 * choose an output's format ({@link #byExtension}).
 */
public enum ImageFormat {
    PNG("png", "png", true, true, List.of("png")),
    JPEG("JPEG", "jpg", true, false, List.of("jpg", "jpeg", "jpe", "jfif")),
    BMP("bmp", "bmp", true, false, List.of("bmp", "dib")),
    GIF("gif", "gif", false, true, List.of("gif")),
    TIFF("tiff", "tif", true, true, List.of("tif", "tiff")),
    WEBP("webp", "webp", false, true, List.of("webp"));

    private final String imageIoName;
    private final String extension;
    private final boolean writable;
    private final boolean keepsAlpha;
    private final List<String> extensions;

    ImageFormat(String imageIoName, String extension, boolean writable, boolean keepsAlpha, List<String> extensions) {
        this.imageIoName = imageIoName;
        this.extension = extension;
        this.writable = writable;
        this.keepsAlpha = keepsAlpha;
        this.extensions = extensions;
    }

    /** The format name ImageIO's readers and writers are registered under. */
    String imageIoName() {
        return imageIoName;
    }

    /** The extension given to files written in this format, without the dot: {@code jpg}, {@code tif}. */
    public String extension() {
        return extension;
    }

    /** Every extension files of this format may have, lower case, the usual one first. */
    public List<String> extensions() {
        return extensions;
    }

    /** Whether {@code quiver image} can write this format (GIF and WebP are read only). */
    public boolean writable() {
        return writable;
    }

    /**
     * Whether files written in this format keep an alpha channel. JPEG has none, and BMP writers and
     * readers disagree on it, so {@link PictureWriter} composites transparent pixels on white for both.
     */
    public boolean keepsAlpha() {
        return keepsAlpha;
    }

    /** The format whose name or extension this is, any case: {@code png}, {@code jpg}, {@code jpeg}, {@code tiff}. */
    public static Optional<ImageFormat> named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            if (f.extensions.contains(n) || f.name().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format a file name's extension names, if any ({@code photo.JPG} is JPEG). */
    public static Optional<ImageFormat> byExtension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? Optional.empty() : named(name.substring(dot + 1));
    }

    /** The writable formats' extensions, for messages: {@code png, jpg, bmp, tif}. */
    public static String writableNames() {
        return String.join(", ", java.util.Arrays.stream(values()).filter(ImageFormat::writable).map(ImageFormat::extension).toList());
    }

    /**
     * The format a file's first bytes announce, or empty if they announce none of these. Twelve bytes
     * are enough for every format here (WebP's "RIFF....WEBP" is the longest).
     */
    public static Optional<ImageFormat> sniff(byte[] head, int length) {
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, length, 'G', 'I', 'F', '8') && length >= 6 && (head[4] == '7' || head[4] == '9') && head[5] == 'a') {
            return Optional.of(GIF);
        }
        if (startsWith(head, length, 'B', 'M')) {
            return Optional.of(BMP);
        }
        // Classic TIFF has 42 after the byte-order mark, BigTIFF 43; the TIFF plug-in reads both.
        if (startsWith(head, length, 'I', 'I', 42, 0) || startsWith(head, length, 'M', 'M', 0, 42)
                || startsWith(head, length, 'I', 'I', 43, 0) || startsWith(head, length, 'M', 'M', 0, 43)) {
            return Optional.of(TIFF);
        }
        if (startsWith(head, length, 'R', 'I', 'F', 'F') && length >= 12 && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
