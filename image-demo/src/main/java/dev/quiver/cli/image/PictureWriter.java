package dev.quiver.cli.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;

/**
 * Writes {@link Picture}s as PNG, JPEG, BMP or TIFF, through {@link AtomicOutput}: never half-written,
 * never over an existing file unless asked to replace it.
 *
 * <ul>
 *   <li>PNG and TIFF keep alpha when the picture has any (8-bit RGBA), else are 8-bit RGB; TIFF is LZW-compressed.
 *   <li>JPEG and BMP have no alpha here (JPEG has none at all; BMP readers disagree on it): transparent and
 *       translucent pixels are composited on white, {@code c * a + 255 * (1 - a)}, as a viewer shows them on
 *       a white page. Opaque pictures are written unchanged.
 *   <li>JPEG is written at {@code quality} (1 to 100) with 4:2:0 chroma subsampling, by libjpeg-turbo
 *       ({@link TurboJpeg}) where it is installed, else by ImageIO. Both are libjpeg with its standard tables,
 *       and give the same pixels on reading back, give or take a level.
 *   <li>Gray pictures (every pixel opaque, after compositing, with r = g = b, as {@code grayscale} makes)
 *       are written as one-channel JPEGs and 8-bit gray PNGs, as ImageMagick and libvips write them: a
 *       third of the samples to encode, the same pixels on reading back (PNG exactly).
 * </ul>
 *
 * <p>No metadata is written: no EXIF (the pixels are already upright), no colour profile (the pixels are sRGB).
 * Immutable and thread-safe.
 */
public final class PictureWriter {
    /** The colour transparent pixels are composited on for formats without alpha. */
    public static final int BACKGROUND = 0xFFFFFF;

    private final ImageFormat format;
    private final int quality;
    private final Supplier<Optional<TurboJpeg>> turboJpeg;

    /**
     * @param quality JPEG quality 1..100 (ignored by the other formats)
     * @throws IllegalArgumentException for a format that cannot be written or a quality outside 1..100
     */
    public PictureWriter(ImageFormat format, int quality) {
        this(format, quality, TurboJpeg::shared);
    }

    /** As above, encoding JPEGs with {@code turboJpeg}, or with ImageIO if it is empty. */
    PictureWriter(ImageFormat format, int quality, Optional<TurboJpeg> turboJpeg) {
        this(format, quality, () -> turboJpeg);
    }

    private PictureWriter(ImageFormat format, int quality, Supplier<Optional<TurboJpeg>> turboJpeg) {
        if (!format.writable()) {
            throw new IllegalArgumentException("cannot write " + format + "; the formats written are " + ImageFormat.writableNames());
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1 to 100, got " + quality);
        }
        this.format = format;
        this.quality = quality;
        this.turboJpeg = turboJpeg;
    }

    public ImageFormat format() {
        return format;
    }

    /**
     * Writes the picture to {@code target}.
     *
     * @param replace whether an existing target may be replaced
     * @return whether transparency was composited on {@link #BACKGROUND} (for JPEG and BMP)
     * @throws FileAlreadyExistsException if the target exists and {@code replace} is false
     * @throws ImageFileException         {@link Problem#UNWRITABLE}, naming the target and the reason
     */
    public boolean write(Picture picture, Path target, boolean replace) throws IOException {
        boolean alpha = hasTransparency(picture);
        boolean flatten = alpha && !format.keepsAlpha();
        boolean keepAlpha = alpha && format.keepsAlpha();
        int[] pixels = flatten ? Argb.flatten(picture.argb(), BACKGROUND) : picture.argb();
        byte[] gray = !keepAlpha && (format == ImageFormat.JPEG || format == ImageFormat.PNG) ? Argb.graySamples(pixels) : null;
        Optional<TurboJpeg> turbo = format == ImageFormat.JPEG ? turboJpeg.get() : Optional.empty();
        int w = picture.width();
        int h = picture.height();
        AtomicOutput.Content content = turbo.isPresent() ? withTurboJpeg(turbo.get(), pixels, gray, w, h)
                : withImageIo(target, gray != null ? wrapGray(w, h, gray) : wrap(w, h, pixels, keepAlpha));
        try {
            AtomicOutput.write(target, replace, content);
            return flatten;
        } catch (FileAlreadyExistsException | ImageFileException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new ImageFileException(target, Problem.UNWRITABLE, "cannot be written: directory " + target.toAbsolutePath().getParent()
                    + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ImageFileException(target, Problem.UNWRITABLE, "cannot be written: permission denied", e);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (Files.isDirectory(target)) {
                why = "it is a directory";
            } else if (!Files.isDirectory(target.toAbsolutePath().getParent())) {
                why = target.toAbsolutePath().getParent() + " is not a directory";
            }
            throw new ImageFileException(target, Problem.UNWRITABLE, "cannot be written: " + why, e);
        }
    }

    /** The JPEG made by libjpeg-turbo: one channel for gray pixels, else YCbCr 4:2:0. */
    private AtomicOutput.Content withTurboJpeg(TurboJpeg turbo, int[] pixels, byte[] gray, int width, int height) {
        return file -> {
            TurboJpeg.Sink sink = jpeg -> {
                var channel = file.getChannel();
                var bytes = jpeg.asByteBuffer();
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            };
            try {
                if (gray != null) {
                    turbo.encodeGray(gray, width, height, quality, sink);
                } else {
                    turbo.encodeRgb(pixels, width, height, quality, sink);
                }
            } catch (TurboJpeg.Failure e) {
                throw new IOException("libjpeg-turbo could not encode it: " + e.getMessage(), e);
            }
        };
    }

    /** The file made by ImageIO's writer for the format. */
    private AtomicOutput.Content withImageIo(Path target, BufferedImage image) throws ImageFileException {
        ImageWriter writer = writer(target, image);
        return file -> {
            try {
                // Not closed here: closing it would close the file, which AtomicOutput still has to flush to disk.
                var out = new FileImageOutputStream(file);
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), parameters(writer));
                out.flush();
            } finally {
                writer.dispose();
            }
        };
    }

    private static boolean hasTransparency(Picture picture) {
        if (picture.hasAlpha()) {
            return true;
        }
        // An opaque source can still gain transparency from a kernel that assigns a.
        for (int p : picture.argb()) {
            if (p >>> 24 != 255) {
                return true;
            }
        }
        return false;
    }

    /** Gray samples, one byte a pixel, as an 8-bit gray image (written as a one-channel JPEG or PNG). */
    static BufferedImage wrapGray(int width, int height, byte[] gray) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(gray, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, gray.length);
        return image;
    }

    /** The pixels as an image without copying: ARGB, or RGB reading the same ints and ignoring their top byte. */
    static BufferedImage wrap(int width, int height, int[] argb, boolean alpha) {
        var data = new DataBufferInt(argb, argb.length);
        int[] masks = alpha ? new int[] {0xFF0000, 0xFF00, 0xFF, 0xFF000000} : new int[] {0xFF0000, 0xFF00, 0xFF};
        WritableRaster raster = Raster.createPackedRaster(data, width, height, width, masks, null);
        ColorModel cm = alpha ? ColorModel.getRGBdefault() : new DirectColorModel(24, 0xFF0000, 0xFF00, 0xFF);
        return new BufferedImage(cm, raster, false, null);
    }

    private ImageWriter writer(Path target, BufferedImage image) throws ImageFileException {
        Iterator<ImageWriter> writers = ImageIO.getImageWriters(ImageTypeSpecifier.createFromRenderedImage(image), format.imageIoName());
        if (!writers.hasNext()) {
            throw new ImageFileException(target, Problem.UNWRITABLE, "no " + format + " encoder for "
                    + (image.getColorModel().hasAlpha() ? "RGBA" : "RGB") + " images is on the class path");
        }
        return writers.next();
    }

    private ImageWriteParam parameters(ImageWriter writer) {
        ImageWriteParam p = writer.getDefaultWriteParam();
        switch (format) {
            case JPEG -> {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
            }
            case TIFF -> {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionType("LZW");
            }
            default -> {
            }
        }
        return p;
    }

    @Override
    public String toString() {
        return format + (format == ImageFormat.JPEG ? String.format(Locale.ROOT, " quality %d", quality) : "");
    }
}
