package dev.quiver.cli.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks what the decoders do not, before they run, so that a damaged file is reported rather than
 * decoded without complaint into wrong pixels:
 *
 * <ul>
 *   <li>PNG: every chunk's CRC, and that the file does not end before its IEND chunk (the JDK's reader
 *       checks neither). Costs one read of the compressed bytes.
 *   <li>WebP: that the file is as long as its RIFF header says (the WebP decoder reads zeros past the end).
 *   <li>TIFF: that the first image directory starts inside the file (the decoder reports "0 images").
 * </ul>
 *
 * The other formats' decoders report truncation themselves (JPEG as a warning, which
 * {@link PictureReader} turns into a failure).
 */
final class FileIntegrity {
    private static final int SIGNATURE = 8;

    private FileIntegrity() {
    }

    /**
     * Checks the file, then seeks the stream back to its start.
     *
     * @throws ImageFileException {@link Problem#CORRUPT}, saying where and what is wrong
     */
    static void check(ImageFormat format, ImageInputStream in, Path file) throws IOException {
        switch (format) {
            case PNG -> checkPng(in, file);
            case WEBP -> checkRiff(in, file);
            case TIFF -> checkTiff(in, file);
            default -> {
            }
        }
        in.seek(0);
    }

    private static void checkRiff(ImageInputStream in, Path file) throws IOException {
        in.seek(4);
        in.setByteOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
        long declared = in.readUnsignedInt() + 8;
        in.setByteOrder(java.nio.ByteOrder.BIG_ENDIAN);
        long actual = java.nio.file.Files.size(file);
        if (actual < declared) {
            throw corrupt(file, "truncated: its RIFF header says " + declared + " bytes, but the file has " + actual);
        }
    }

    private static void checkTiff(ImageInputStream in, Path file) throws IOException {
        in.seek(0);
        boolean little = in.readUnsignedByte() == 'I';
        in.setByteOrder(little ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        try {
            // Classic TIFF (42) has a 4-byte offset at byte 4; BigTIFF (43) an 8-byte one at byte 8.
            in.seek(2);
            boolean big = in.readUnsignedShort() == 43;
            if (big) {
                in.seek(8);
            }
            long first = big ? in.readLong() : in.readUnsignedInt();
            long size = java.nio.file.Files.size(file);
            if (first < 0 || first + 2 > size) {
                throw corrupt(file, "truncated: its first image directory is at byte " + first + ", past the end of the file (" + size + " bytes)");
            }
        } finally {
            in.setByteOrder(java.nio.ByteOrder.BIG_ENDIAN);
        }
    }

    private static void checkPng(ImageInputStream in, Path file) throws IOException {
        in.seek(SIGNATURE);
        byte[] buffer = new byte[64 * 1024];
        var crc = new CRC32();
        long at = SIGNATURE;
        boolean first = true;
        while (true) {
            long length;
            byte[] type = new byte[4];
            try {
                length = in.readUnsignedInt();
                in.readFully(type);
            } catch (java.io.EOFException e) {
                throw corrupt(file, "truncated: the file ends after " + at + " bytes, before the IEND chunk that closes a PNG");
            }
            String name = new String(type, StandardCharsets.ISO_8859_1);
            if (length > Integer.MAX_VALUE || !isChunkName(type)) {
                throw corrupt(file, "damaged: no valid PNG chunk at byte " + at + " (length " + length + ", type '" + printable(name) + "')");
            }
            if (first && !name.equals("IHDR")) {
                throw corrupt(file, "damaged: the first chunk is '" + printable(name) + "', not IHDR");
            }
            first = false;
            crc.reset();
            crc.update(type);
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw corrupt(file, "truncated: chunk " + name + " at byte " + at + " holds " + length + " bytes, but the file ends "
                            + left + " bytes short of them");
                }
                crc.update(buffer, 0, n);
                left -= n;
            }
            long stored;
            try {
                stored = in.readUnsignedInt();
            } catch (java.io.EOFException e) {
                throw corrupt(file, "truncated: the file ends inside the CRC of chunk " + name + " at byte " + at);
            }
            if (stored != crc.getValue()) {
                throw corrupt(file, String.format("damaged: chunk %s at byte %d fails its CRC check (stored %08x, computed %08x)",
                        name, at, stored, crc.getValue()));
            }
            if (name.equals("IEND")) {
                break;
            }
            at += 12 + length;
        }
    }

    private static boolean isChunkName(byte[] type) {
        for (byte b : type) {
            if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z')) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static ImageFileException corrupt(Path file, String reason) {
        return new ImageFileException(file, Problem.CORRUPT, reason);
    }
}
