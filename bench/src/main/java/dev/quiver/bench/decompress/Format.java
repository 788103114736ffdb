package dev.quiver.bench.decompress;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * A compressed format of the batch: how its items are made (at the level the tools use by default) and
 * the best native parallel tool that decompresses it, with its arguments for {@code threads} threads.
 */
public enum Format {
    BZIP2("bzip2", "bz2", "lbzip2"),
    GZIP("gzip", "gz", "pigz"),
    ZSTD("zstd", "zst", "zstd");

    private final String label;
    private final String suffix;
    private final String tool;

    Format(String label, String suffix, String tool) {
        this.label = label;
        this.suffix = suffix;
        this.tool = tool;
    }

    public String label() {
        return label;
    }

    public String suffix() {
        return suffix;
    }

    /** The Python module whose {@code decompress} the classic workload maps over the buffers. */
    public String pythonModule() {
        return switch (this) {
            case BZIP2 -> "bz2";
            case GZIP -> "gzip";
            case ZSTD -> "compression.zstd";
        };
    }

    /** The native tool's name on the PATH. */
    public String tool() {
        return tool;
    }

    /** The native tool's options to decompress to standard output on {@code threads} threads, as the issue names them. */
    public List<String> toolArgs(int threads) {
        return switch (this) {
            case BZIP2 -> List.of("-d", "-c", "-n", Integer.toString(threads));
            case GZIP -> List.of("-d", "-c", "-p", Integer.toString(threads));
            case ZSTD -> List.of("-d", "-c", "-q", "-T" + threads);
        };
    }

    /** bzip2 -9, gzip -6, zstd -3: each tool's default. */
    public byte[] compress(byte[] data) {
        try {
            return switch (this) {
                case BZIP2 -> stream(data, out -> new BZip2CompressorOutputStream(out, 9));
                case GZIP -> stream(data, out -> new GZIPOutputStream(out, 1 << 16) {
                    {
                        def.setLevel(Deflater.DEFAULT_COMPRESSION);
                    }
                });
                case ZSTD -> Zstd.compress(data, 3);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Wrap {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] stream(byte[] data, Wrap wrap) throws IOException {
        var bytes = new ByteArrayOutputStream(data.length / 3);
        try (OutputStream out = wrap.wrap(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException naming the format and those there are */
    public static Format named(String name) {
        return Optional.ofNullable(switch (name.toLowerCase(Locale.ROOT)) {
            case "bzip2", "bz2" -> BZIP2;
            case "gzip", "gz" -> GZIP;
            case "zstd", "zst" -> ZSTD;
            default -> null;
        }).orElseThrow(() -> new IllegalArgumentException("no format '" + name + "': there are bzip2, gzip and zstd"));
    }
}
