package dev.quiver.cli.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads image files into {@link Picture}s: PNG (1 to 16 bits, gray, palette, alpha, interlaced), JPEG
 * (baseline, progressive, CMYK and YCCK, turned upright by its EXIF orientation), BMP, GIF (the first
 * frame, placed on its logical screen), TIFF and WebP, through ImageIO and the TwelveMonkeys plug-ins.
 *
 * <p>JPEGs are decoded by libjpeg-turbo ({@link TurboJpeg}) where it is installed, several times faster:
 * baseline and progressive, YCbCr, RGB and gray, without an embedded ICC profile. ImageIO decodes the
 * rest (CMYK, YCCK, a colour profile to apply, anything libjpeg-turbo refuses without calling it damaged),
 * and all JPEGs where libjpeg-turbo is missing. Both give the pixels libjpeg gives (within one level where
 * their upsampling rounds differently), and both refuse a truncated or corrupt file.
 *
 * <p>The format is told by the file's first bytes, not its name. The image's size is read from its
 * header and checked against {@link #maxPixels()} before any pixel is decoded. Samples of more than 8
 * bits are rounded to 8 ({@link Argb}). Every failure is an {@link ImageFileException} naming the file
 * and the reason; no decoder exception escapes.
 *
 * <p>Immutable and thread-safe: each call opens its own stream and decoder.
 */
public final class PictureReader {
    /** Java arrays hold at most this many elements. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /**
     * Heap bytes per pixel while one image is processed: the decoder's raster (up to 8 for 16-bit RGBA),
     * the ARGB input and output (4 each) and a copy for formats without alpha (4).
     */
    static final int BYTES_PER_PIXEL = 20;

    private final long maxPixels;
    private final Supplier<Optional<TurboJpeg>> turboJpeg;

    /** A reader that refuses images of more than {@code maxPixels} pixels. */
    public PictureReader(long maxPixels) {
        this(maxPixels, TurboJpeg::shared);
    }

    /** As above, decoding JPEGs with {@code turboJpeg} where it can, or with ImageIO alone if it is empty. */
    PictureReader(long maxPixels, Optional<TurboJpeg> turboJpeg) {
        this(maxPixels, () -> turboJpeg);
    }

    private PictureReader(long maxPixels, Supplier<Optional<TurboJpeg>> turboJpeg) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
        }
        this.maxPixels = Math.min(maxPixels, MAX_ARRAY);
        this.turboJpeg = turboJpeg;
    }

    /** A reader whose limit is what this JVM's heap can hold while processing one image ({@link #heapLimit()}). */
    public static PictureReader forThisHeap() {
        return new PictureReader(heapLimit());
    }

    /** The most pixels one image may have so that it can be decoded and processed in the maximum heap. */
    public static long heapLimit() {
        return Math.min(MAX_ARRAY, Runtime.getRuntime().maxMemory() / BYTES_PER_PIXEL);
    }

    /**
     * What decodes and encodes JPEGs in this JVM, for {@code --explain}: libjpeg-turbo and its API, or
     * ImageIO and why libjpeg-turbo is not used.
     */
    public static String jpegCodec() {
        return TurboJpeg.shared().isPresent() ? TurboJpeg.status() + ", and ImageIO those in CMYK or YCCK or with an ICC profile"
                : "ImageIO: " + TurboJpeg.status();
    }

    /** The most pixels an image may have. */
    public long maxPixels() {
        return maxPixels;
    }

    /** An image's size from its header, without decoding it. */
    public record Size(int width, int height, ImageFormat format) {
        public long pixels() {
            return (long) width * height;
        }
    }

    /**
     * The image's size and format from its header alone (for a JPEG, as stored, before any EXIF turn).
     *
     * @throws ImageFileException for a missing, unreadable, unknown or damaged file
     */
    public Size size(Path file) throws ImageFileException {
        try (ImageInputStream in = open(file)) {
            ImageFormat format = sniff(file, in);
            ImageReader reader = reader(file, format, in, true);
            try {
                return new Size(reader.getWidth(0), reader.getHeight(0), format);
            } finally {
                reader.dispose();
            }
        } catch (ImageFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw decodeFailure(file, e);
        }
    }

    /**
     * Decodes the file's first image.
     *
     * @throws ImageFileException with {@link Problem#MISSING}, {@link Problem#UNREADABLE},
     *                            {@link Problem#NOT_AN_IMAGE}, {@link Problem#CORRUPT} or {@link Problem#TOO_LARGE}
     */
    public Picture read(Path file) throws ImageFileException {
        try (ImageInputStream in = open(file)) {
            ImageFormat format = sniff(file, in);
            FileIntegrity.check(format, in, file);
            ExifOrientation orientation = format == ImageFormat.JPEG ? ExifOrientation.read(in) : ExifOrientation.NORMAL;
            Optional<TurboJpeg> turbo = format == ImageFormat.JPEG ? turboJpeg.get() : Optional.empty();
            if (turbo.isPresent()) {
                Picture fast = readWithTurboJpeg(file, turbo.get());
                if (fast != null) {
                    return orientation.apply(fast);
                }
            }
            // GIF frames are placed by their metadata; other formats' metadata is not needed and costs time.
            ImageReader reader = reader(file, format, in, format != ImageFormat.GIF);
            try {
                var warnings = new ArrayList<String>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                Canvas canvas = format == ImageFormat.GIF ? Canvas.ofGif(reader, w, h) : new Canvas(w, h, 0, 0);
                checkSize(file, format, Math.max((long) w * h, canvas.pixels()));
                BufferedImage image = reader.read(0);
                checkWarnings(file, format, warnings);
                Picture picture = canvas.place(image, format, bitDepth(image));
                return orientation.apply(picture);
            } finally {
                reader.dispose();
            }
        } catch (ImageFileException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new ImageFileException(file, Problem.TOO_LARGE, "ran out of memory while decoding (the Java heap is "
                    + gib(Runtime.getRuntime().maxMemory()) + "); give Java more, e.g. QUIVER_JAVA_OPTS=-Xmx16g");
        } catch (IOException | RuntimeException e) {
            throw decodeFailure(file, e);
        }
    }

    /**
     * The JPEG decoded by libjpeg-turbo, or null where ImageIO is to decode it: CMYK and YCCK (whose Adobe
     * conventions and profiles ImageIO's plug-in handles), an embedded ICC profile, and anything TurboJPEG
     * fails on without calling the data damaged (ImageIO then gives its own verdict).
     *
     * @throws ImageFileException {@link Problem#CORRUPT} where TurboJPEG says the data is truncated or corrupt
     */
    private Picture readWithTurboJpeg(Path file, TurboJpeg turbo) throws IOException {
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file)) {
            // Read, not mapped: a file truncated by another process while mapped would crash the JVM inside the decoder.
            MemorySegment whole = arena.allocate(Math.max(1, channel.size()));
            ByteBuffer buffer = whole.asByteBuffer();
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // until full or at the end of the file
            }
            MemorySegment jpeg = whole.asSlice(0, buffer.position());
            if (JpegMarkers.hasIccProfile(jpeg)) {
                return null;
            }
            TurboJpeg.Header header;
            try {
                header = turbo.header(jpeg);
            } catch (TurboJpeg.Failure e) {
                return null;
            }
            int cs = header.colourSpace();
            if (header.width() < 1 || header.height() < 1 || cs != TurboJpeg.TJCS_YCBCR && cs != TurboJpeg.TJCS_GRAY && cs != TurboJpeg.TJCS_RGB) {
                return null;
            }
            checkSize(file, ImageFormat.JPEG, (long) header.width() * header.height());
            int[] argb = new int[header.width() * header.height()];
            try {
                turbo.decode(jpeg, header.width(), header.height(), argb);
            } catch (TurboJpeg.Failure e) {
                checkWarnings(file, ImageFormat.JPEG, List.of(e.getMessage()));
                if (e.getMessage().contains("more than") && e.getMessage().contains("scans")) {
                    // Decoding such a file takes minutes; ImageIO would do it all the same.
                    throw new ImageFileException(file, Problem.CORRUPT, "refused: " + e.getMessage() + " (a photo has at most a dozen)");
                }
                return null;
            }
            return new Picture(header.width(), header.height(), argb, false, ImageFormat.JPEG, 8);
        }
    }

    private static ImageInputStream open(Path file) throws ImageFileException {
        try {
            if (Files.isDirectory(file)) {
                throw new ImageFileException(file, Problem.UNREADABLE, "is a directory, not an image file");
            }
            // Opening a channel first gives the exact reason (missing, denied); ImageIO would return null for both.
            Files.newByteChannel(file).close();
            // What ImageIO.createImageInputStream makes for a file, without starting ImageIO's plug-in registry
            // (a quarter of a second), which a JPEG that libjpeg-turbo decodes never needs.
            return new FileImageInputStream(file.toFile());
        } catch (NoSuchFileException e) {
            throw new ImageFileException(file, Problem.MISSING, "no such file");
        } catch (AccessDeniedException e) {
            throw new ImageFileException(file, Problem.UNREADABLE, "permission denied");
        } catch (ImageFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageFileException(file, Problem.UNREADABLE, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static ImageFormat sniff(Path file, ImageInputStream in) throws IOException {
        byte[] head = new byte[12];
        int n = 0;
        while (n < head.length) {
            int read = in.read(head, n, head.length - n);
            if (read < 0) {
                break;
            }
            n += read;
        }
        in.seek(0);
        if (n == 0) {
            throw new ImageFileException(file, Problem.NOT_AN_IMAGE, "is empty (0 bytes)");
        }
        Optional<ImageFormat> format = ImageFormat.sniff(head, n);
        if (format.isEmpty()) {
            throw new ImageFileException(file, Problem.NOT_AN_IMAGE, "not an image: it starts with " + describe(head, n)
                    + ", which is none of PNG, JPEG, BMP, GIF, TIFF or WebP");
        }
        return format.get();
    }

    /** The first decoder registered for the format; the TwelveMonkeys plug-ins order themselves before the JDK's. */
    private static ImageReader reader(Path file, ImageFormat format, ImageInputStream in, boolean ignoreMetadata) throws ImageFileException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new ImageFileException(file, Problem.CORRUPT, "no " + format + " decoder is on the class path");
        }
        ImageReader reader = readers.next();
        reader.setInput(in, true, ignoreMetadata);
        return reader;
    }

    private void checkSize(Path file, ImageFormat format, long pixels) throws ImageFileException {
        if (pixels > maxPixels) {
            String limit = maxPixels == MAX_ARRAY ? "the most a Java array holds"
                    : "the most this JVM's heap of " + gib(Runtime.getRuntime().maxMemory()) + " can process at "
                    + BYTES_PER_PIXEL + " bytes a pixel; give Java more memory, e.g. QUIVER_JAVA_OPTS=-Xmx16g";
            throw new ImageFileException(file, Problem.TOO_LARGE, String.format(Locale.ROOT,
                    "too large: its %s header says %,d pixels (%.1f megapixels), over the limit of %,d (%s)",
                    format, pixels, pixels / 1e6, maxPixels, limit));
        }
    }

    /** Decoder warnings that mean the pixels are not all there; others (an odd but harmless marker) are let pass. */
    private static void checkWarnings(Path file, ImageFormat format, List<String> warnings) throws ImageFileException {
        for (String w : warnings) {
            String lower = w.toLowerCase(Locale.ROOT);
            if (lower.contains("truncat") || lower.contains("premature end")) {
                throw new ImageFileException(file, Problem.CORRUPT, "truncated: the " + format + " data ends early (the decoder says: " + w + ")");
            }
            if (lower.contains("corrupt")) {
                throw new ImageFileException(file, Problem.CORRUPT, "damaged: " + w);
            }
        }
    }

    private static ImageFileException decodeFailure(Path file, Throwable e) {
        if (e instanceof ImageFileException f) {
            return f;
        }
        var words = new ArrayList<String>();
        boolean endOfFile = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            endOfFile |= t instanceof java.io.EOFException;
            String message = t.getMessage();
            if (message != null && words.stream().noneMatch(w -> w.contains(message))) {
                words.add(message);
            }
        }
        String said = words.isEmpty() ? "" : " (the decoder says: " + String.join(": ", words) + ")";
        if (endOfFile) {
            return new ImageFileException(file, Problem.CORRUPT, "truncated: the file ends before the image data does" + said, e);
        }
        // Decoders report damage in their own words, some as runtime exceptions (an index out of bounds).
        return new ImageFileException(file, Problem.CORRUPT, "damaged, or a variant the decoder does not support"
                + (words.isEmpty() ? " (" + e.getClass().getSimpleName() + ")" : ": " + String.join(": ", words)), e);
    }

    private static int bitDepth(BufferedImage image) {
        int bits = 0;
        for (int b : image.getSampleModel().getSampleSize()) {
            bits = Math.max(bits, b);
        }
        return bits;
    }

    private static String describe(byte[] head, int n) {
        var hex = new StringBuilder();
        var text = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", head[i] & 0xFF));
            text.append(head[i] >= 0x20 && head[i] < 0x7F ? (char) head[i] : '.');
        }
        return "bytes " + hex + " ('" + text + "')";
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /** Where the decoded image goes: the whole picture, or a GIF frame on its logical screen. */
    private record Canvas(int width, int height, int left, int top) {
        long pixels() {
            return (long) width * height;
        }

        /**
         * A GIF's logical screen and the first frame's place on it. A first frame smaller than the screen
         * leaves the rest transparent, as browsers show it.
         */
        static Canvas ofGif(ImageReader reader, int frameWidth, int frameHeight) throws IOException {
            int width = frameWidth;
            int height = frameHeight;
            int left = 0;
            int top = 0;
            IIOMetadata stream = reader.getStreamMetadata();
            Element screen = stream == null ? null : child(stream.getAsTree("javax_imageio_gif_stream_1.0"), "LogicalScreenDescriptor");
            IIOMetadata image = reader.getImageMetadata(0);
            Element frame = image == null ? null : child(image.getAsTree("javax_imageio_gif_image_1.0"), "ImageDescriptor");
            if (frame != null) {
                left = Integer.parseInt(frame.getAttribute("imageLeftPosition"));
                top = Integer.parseInt(frame.getAttribute("imageTopPosition"));
            }
            if (screen != null) {
                width = Math.max(Integer.parseInt(screen.getAttribute("logicalScreenWidth")), left + frameWidth);
                height = Math.max(Integer.parseInt(screen.getAttribute("logicalScreenHeight")), top + frameHeight);
            }
            return new Canvas(width, height, left, top);
        }

        private static Element child(Node root, String name) {
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getNodeName().equals(name)) {
                    return e;
                }
            }
            return null;
        }

        Picture place(BufferedImage image, ImageFormat format, int bitDepth) {
            int[] argb = Argb.of(image);
            boolean alpha = image.getColorModel().hasAlpha();
            if (image.getWidth() == width && image.getHeight() == height) {
                return new Picture(width, height, argb, alpha, format, bitDepth);
            }
            int[] screen = new int[Math.toIntExact(pixels())];
            int w = image.getWidth();
            for (int y = 0; y < image.getHeight(); y++) {
                System.arraycopy(argb, y * w, screen, (top + y) * width + left, w);
            }
            return new Picture(width, height, screen, true, format, bitDepth);
        }
    }
}
