package dev.quiver.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The image fixtures (src/test/resources/images, made by make-fixtures.sh), the patterns they hold, and
 * files the tests make themselves: with ImageIO, and damaged copies.
 */
final class Fixtures {
    static final int W = 16;
    static final int H = 12;

    private Fixtures() {
    }

    /** Copies every fixture into {@code dir}. */
    static void copyAll(Path dir) throws IOException {
        try (var files = Files.list(resources())) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    static Path resources() {
        try {
            return Path.of(Fixtures.class.getResource("/images").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 8-bit pattern of make_pattern.py, packed ARGB. */
    static int rgba8(int x, int y) {
        int r = (x * 16 + y * 3) & 255;
        int g = (y * 21 + x * 5) & 255;
        int b = (x * y * 3 + 40) & 255;
        int a = x == 0 ? 255 : x == W - 1 ? 0 : (x * 17 + y * 11 + 30) & 255;
        return a << 24 | r << 16 | g << 8 | b;
    }

    /** The pattern, opaque. */
    static int rgb8(int x, int y) {
        return rgba8(x, y) | 0xFF000000;
    }

    /** The 16-bit pattern of make_pattern.py: {r, g, b, a}. */
    static int[] rgba16(int x, int y) {
        return new int[] {(x * 4111 + y * 1237 + 129) & 0xFFFF, (y * 5003 + x * 777 + 200) & 0xFFFF,
            (x * y * 389 + 65535 - x * 100) & 0xFFFF, ((x * 4369) ^ (y * 97)) & 0xFFFF};
    }

    /** A 16-bit sample rounded to 8 bits, computed independently of Argb: nearest of k * 257. */
    static int to8(int v16) {
        return (int) Math.round(v16 / 257.0);
    }

    /** The 16-bit pattern as Quiver should read it, packed ARGB; {@code alpha} false makes it opaque. */
    static int rgba16As8(int x, int y, boolean alpha) {
        int[] v = rgba16(x, y);
        return (alpha ? to8(v[3]) : 255) << 24 | to8(v[0]) << 16 | to8(v[1]) << 8 | to8(v[2]);
    }

    /** The palette.png and GIF pattern: the 8-bit colours, alpha 0 where (x + y) % 4 == 0, else 255. */
    static int binaryAlpha(int x, int y) {
        return ((x + y) % 4 == 0 ? 0 : 0xFF000000) | rgba8(x, y) & 0xFFFFFF;
    }

    /** A whole picture of a pattern. */
    static int[] pattern(int width, int height, IntBinaryOperator pixel) {
        int[] out = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = pixel.applyAsInt(x, y);
            }
        }
        return out;
    }

    /** Exactly equal pixels, except that colours of fully transparent pixels do not matter. */
    static void assertPixels(int[] expected, Picture actual) {
        assertPixelsWithin(0, expected, actual.argb(), actual.width());
    }

    /**
     * Pixels equal within {@code tolerance} levels per channel; where both are fully transparent, only
     * alpha is compared (a format may keep any colour there).
     */
    static void assertPixelsWithin(int tolerance, int[] expected, int[] actual, int width) {
        assertEquals(expected.length, actual.length, "pixel count");
        for (int i = 0; i < expected.length; i++) {
            int e = expected[i];
            int a = actual[i];
            boolean bothClear = e >>> 24 == 0 && a >>> 24 == 0;
            for (int shift = bothClear ? 24 : 0; shift <= 24; shift += 8) {
                if (Math.abs((e >>> shift & 0xFF) - (a >>> shift & 0xFF)) > tolerance) {
                    fail(String.format("pixel (%d, %d): expected %08x, got %08x (tolerance %d)", i % width, i / width, e, a, tolerance));
                }
            }
        }
    }

    /** The pixels of an image file as another decoder left them (a *.ref.png), ARGB. */
    static int[] reference(String name) throws IOException {
        BufferedImage image = ImageIO.read(resources().resolve(name).toFile());
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** A copy of the file with only its first {@code bytes} bytes. */
    static Path truncated(Path file, int bytes, Path to) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Files.write(to, java.util.Arrays.copyOf(all, bytes));
    }

    /** A copy with one byte changed (inverted). */
    static Path flipped(Path file, int at, Path to) throws IOException {
        byte[] all = Files.readAllBytes(file);
        all[at] ^= (byte) 0xFF;
        return Files.write(to, all);
    }

    /** The offset of a PNG chunk's type, such as "IDAT". */
    static int chunk(byte[] png, String type) {
        for (int i = 8; i + 8 <= png.length; ) {
            int length = ByteBuffer.wrap(png, i, 4).getInt();
            if (new String(png, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals(type)) {
                return i + 4;
            }
            i += 12 + length;
        }
        throw new IllegalArgumentException("no " + type + " chunk");
    }

    /** A copy of a PNG with one byte of its IDAT data changed and the chunk's CRC made to match: damage only zlib sees. */
    static Path damagedIdatWithValidCrc(Path png, Path to) throws IOException {
        byte[] all = Files.readAllBytes(png);
        int type = chunk(all, "IDAT");
        int length = ByteBuffer.wrap(all, type - 4, 4).getInt();
        all[type + 4 + 2] ^= 0x55;
        var crc = new CRC32();
        crc.update(all, type, 4 + length);
        ByteBuffer.wrap(all, type + 4 + length, 4).putInt((int) crc.getValue());
        return Files.write(to, all);
    }

    /** A valid PNG header of a huge image: IHDR of width x height 8-bit RGBA, one empty IDAT, IEND, every CRC right. */
    static Path pngHeader(int width, int height, Path to) throws IOException {
        var out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        writeChunk(out, "IHDR", ihdr.array());
        writeChunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        writeChunk(out, "IEND", new byte[0]);
        return Files.write(to, out.toByteArray());
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        var crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Writes an image with ImageIO, progressive (interlaced PNG, progressive JPEG) if asked. */
    static Path write(BufferedImage image, String format, boolean progressive, Path to) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(to))) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            if (progressive) {
                p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), p);
        } finally {
            writer.dispose();
        }
        return to;
    }

    /** An image of the given type holding the pattern (converted as Java2D converts, so read it back for exact values). */
    static BufferedImage image(int type, IntBinaryOperator pixel) {
        var image = new BufferedImage(W, H, type);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                image.setRGB(x, y, pixel.applyAsInt(x, y));
            }
        }
        return image;
    }

    /**
     * A JPEG with an APP1 EXIF segment holding only an Orientation tag, inserted after SOI: the same
     * compressed pixels as {@code jpeg}, so that only the orientation differs.
     */
    static Path withOrientation(Path jpeg, int orientation, boolean littleEndian, Path to) throws IOException {
        byte[] all = Files.readAllBytes(jpeg);
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        tiff.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M')).putShort((short) 42).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        var out = new ByteArrayOutputStream();
        out.write(all, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xFF);
        out.writeBytes(exif);
        out.write(all, 2, all.length - 2);
        return Files.write(to, out.toByteArray());
    }
}
