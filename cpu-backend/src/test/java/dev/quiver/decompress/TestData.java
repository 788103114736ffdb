package dev.quiver.decompress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Inputs to compress: text that compresses as prose does, random bytes that do not compress, zeros that compress best. */
final class TestData {
    private static final String[] WORDS = ("the of and to in a is that for it as was with be by on not he this are or his from at which but have an they "
            + "you were their one all we can her has there been if more when will would who so no decompress batch codec stream frame member "
            + "checksum gzip bzip2 zstd lz4 xz deflate quiver kernel vector lane core thread").split(" ");

    private TestData() {
    }

    /** {@code bytes} bytes of word salad in lines, the same for the same seed. */
    static byte[] text(int bytes, long seed) {
        var random = new SplittableRandom(seed);
        var out = new ByteArrayOutputStream(bytes + 64);
        int line = 0;
        while (out.size() < bytes) {
            byte[] w = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(w);
            line += w.length + 1;
            if (line > 72) {
                out.write('\n');
                line = 0;
            } else {
                out.write(random.nextInt(12) == 0 ? ',' : ' ');
            }
        }
        return Arrays.copyOf(out.toByteArray(), bytes);
    }

    /** {@code bytes} random bytes, the same for the same seed. */
    static byte[] random(int bytes, long seed) {
        byte[] b = new byte[bytes];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code data} with byte {@code at} XORed with {@code mask}. */
    static byte[] flip(byte[] data, int at, int mask) {
        byte[] b = data.clone();
        b[at] ^= (byte) mask;
        return b;
    }

    /** A zstd/lz4 skippable frame (magic 0x184D2A5X, little-endian length, payload) holding {@code payload}. */
    static byte[] skippableFrame(int nibble, byte[] payload) {
        int n = payload.length;
        byte[] header = {(byte) (0x50 | nibble), 0x2a, 0x4d, 0x18, (byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >>> 24)};
        return concat(header, payload);
    }

    /** Everything {@code in} gives, read in pieces of random sizes: 1 to 7 bytes, or up to 70,000. */
    static byte[] inPieces(InputStream in, SplittableRandom random) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[70_000];
        for (int n; (n = in.read(buffer, 0, 1 + random.nextInt(random.nextBoolean() ? 7 : buffer.length))) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A new temporary directory for a property's files, made when its class loads. */
    static Path newDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and the files in it. */
    static void deleteDirectory(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }
}
