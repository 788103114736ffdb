package dev.quiver.cli.npy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A NumPy {@code .npy} array (format versions 1 to 3), memory-mapped: {@link #data()} is the file's
 * data as a native segment, so arrays larger than the Java heap are read without copying. Only C-order
 * arrays of 4-byte little-endian elements are read (one-dimensional Fortran-order arrays are the same
 * thing and are accepted).
 *
 * @param file  where it is
 * @param type  the element type
 * @param shape the dimensions
 * @param data  the elements, mapped from the file
 */
public record NpyArray(Path file, NpyType type, long[] shape, MemorySegment data) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public NpyArray {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public long length() {
        return elements(shape);
    }

    /** The shape as NumPy prints it: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
    public static String describe(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Maps a .npy file for reading; the mapping lives as long as {@code arena}.
     *
     * @throws NpyFormatException if it is not a .npy file, is truncated, or holds a layout or type
     *                            Quiver does not read
     */
    public static NpyArray read(Path file, Arena arena) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(size, 12)).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(prefix, 0);
            prefix.flip();
            if (prefix.remaining() < 10 || !Arrays.equals(Arrays.copyOf(prefix.array(), 6), MAGIC)) {
                throw new NpyFormatException(file, "not a .npy file (it does not start with \\x93NUMPY)");
            }
            int major = prefix.get(6) & 0xFF;
            long headerLength;
            int lengthBytes;
            if (major == 1) {
                headerLength = prefix.getShort(8) & 0xFFFF;
                lengthBytes = 2;
            } else if (major == 2 || major == 3) {
                if (prefix.remaining() < 12) {
                    throw new NpyFormatException(file, "truncated: the header ends before its length");
                }
                headerLength = prefix.getInt(8) & 0xFFFFFFFFL;
                lengthBytes = 4;
            } else {
                throw new NpyFormatException(file, ".npy format version " + major + " is not supported (versions 1 to 3 are)");
            }
            long dataOffset = 8 + lengthBytes + headerLength;
            if (dataOffset > size || headerLength > 1 << 20) {
                throw new NpyFormatException(file, "truncated: the header says it is " + headerLength + " bytes but the file has " + size);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            channel.read(header, 8 + lengthBytes);
            String dict = new String(header.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            String descr = find(DESCR, dict, file, "descr");
            NpyType type = NpyType.of(descr).orElseThrow(() -> new NpyFormatException(file, NpyType.unsupported(descr)));
            long[] shape = parseShape(find(SHAPE, dict, file, "shape"), file);
            if (find(FORTRAN, dict, file, "fortran_order").equals("True") && shape.length > 1) {
                throw new NpyFormatException(file, "Fortran-ordered arrays are not supported: save with np.save(f, np.ascontiguousarray(a))");
            }
            long bytes = Math.multiplyExact(elements(shape), 4L);
            if (size - dataOffset < bytes) {
                throw new NpyFormatException(file, String.format(Locale.ROOT,
                        "truncated: shape %s needs %,d bytes of data but only %,d follow the header", describe(shape), bytes, size - dataOffset));
            }
            MemorySegment data = bytes == 0 ? MemorySegment.NULL.reinterpret(0) : channel.map(FileChannel.MapMode.READ_ONLY, dataOffset, bytes, arena);
            return new NpyArray(file, type, shape, data);
        }
    }

    private static String find(Pattern p, String dict, Path file, String key) {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new NpyFormatException(file, "the header has no valid '" + key + "' entry: " + dict.strip());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, Path file) {
        String[] parts = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Long.parseLong(parts[i].replace("L", ""));
            } catch (NumberFormatException e) {
                throw new NpyFormatException(file, "the shape (" + text + ") is not a tuple of whole numbers");
            }
            if (shape[i] < 0) {
                throw new NpyFormatException(file, "the shape (" + text + ") has a negative dimension");
            }
        }
        return shape;
    }

    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * The header of a version 1.0 file (2.0 if the header needs more than 65535 bytes), padded with
     * spaces so that the data starts 64-byte aligned, as NumPy does.
     */
    public static byte[] header(NpyType type, long[] shape) {
        String dict = "{'descr': '" + type.descr() + "', 'fortran_order': False, 'shape': " + describe(shape) + ", }";
        int lengthBytes = dict.length() + 12 > 65535 ? 4 : 2;
        int unpadded = 6 + 2 + lengthBytes + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String padded = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(6 + 2 + lengthBytes + padded.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (lengthBytes == 2 ? 1 : 2)).put((byte) 0);
        if (lengthBytes == 2) {
            b.putShort((short) padded.length());
        } else {
            b.putInt(padded.length());
        }
        b.put(padded.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }
}
