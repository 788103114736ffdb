package dev.quiver.cli.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each input's output goes, and in which format:
 *
 * <ul>
 *   <li>{@code --out-dir DIR}: {@code DIR/} plus the input's {@linkplain Source#relative relative name};
 *       with {@code --format} its extension becomes the format's ({@code a.jpeg} to {@code a.png}),
 *       without, the name and format stay where the format can be written, and GIF, WebP and files
 *       without a known extension become PNG;
 *   <li>{@code -o FILE}: that file, for a single input; its extension names the format unless
 *       {@code --format} does.
 * </ul>
 *
 * <p>Planning refuses, with an {@link IllegalArgumentException} that names the files, a batch in which
 * two inputs would write one output, or an output would overwrite an input. The one exception: {@code -o}
 * naming the input itself, with {@code force}.
 */
public final class OutputNaming {
    private final Path directory;
    private final Path file;
    private final ImageFormat format;

    private OutputNaming(Path directory, Path file, ImageFormat format) {
        this.directory = directory;
        this.file = file;
        this.format = format;
    }

    /**
     * Outputs under {@code directory}, keeping relative names.
     *
     * @param format the output format, or null to keep each input's where it can be written
     */
    public static OutputNaming intoDirectory(Path directory, ImageFormat format) {
        checkWritable(format);
        return new OutputNaming(directory, null, format);
    }

    /**
     * The one output {@code file}.
     *
     * @param format the output format, or null to take it from the file's extension
     * @throws IllegalArgumentException if neither names a format that can be written, or they disagree
     */
    public static OutputNaming toFile(Path file, ImageFormat format) {
        checkWritable(format);
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("-o " + file + " is a directory; use --out-dir " + file + " to write into it");
        }
        Optional<ImageFormat> named = ImageFormat.byExtension(file);
        if (format == null && named.isEmpty()) {
            throw new IllegalArgumentException("-o " + file + ": the name has no image extension to tell the format;"
                    + " end it with ." + String.join(", .", ImageFormat.writableNames().split(", ")) + " or give --format");
        }
        if (format != null && named.isPresent() && named.get() != format) {
            throw new IllegalArgumentException("-o " + file + " names a " + named.get() + " file but --format is " + format.extension()
                    + "; make them agree");
        }
        ImageFormat chosen = format != null ? format : named.get();
        checkWritable(chosen);
        return new OutputNaming(null, file, chosen);
    }

    private static void checkWritable(ImageFormat format) {
        if (format != null && !format.writable()) {
            throw new IllegalArgumentException(format + " cannot be written; the output formats are " + ImageFormat.writableNames());
        }
    }

    /**
     * The jobs for these inputs, in their order.
     *
     * @param replaceInput whether {@code -o} may name the input ({@code --force})
     * @throws IllegalArgumentException for a batch that would lose data: two inputs to one output, an
     *                                  output over an input, several inputs for {@code -o}
     */
    public List<Job> plan(List<Source> sources, boolean replaceInput) {
        if (file != null && sources.size() > 1) {
            throw new IllegalArgumentException("-o names one output file, but the inputs are " + sources.size() + " files ("
                    + sources.get(0).file() + ", " + sources.get(1).file() + (sources.size() > 2 ? ", ..." : "") + "); use --out-dir DIR for several");
        }
        var jobs = new ArrayList<Job>();
        Map<Path, Path> outputs = new HashMap<>();
        Map<Path, Path> inputs = new HashMap<>();
        Map<Object, Path> inodes = new HashMap<>();
        for (Source s : sources) {
            inputs.put(key(s.file()), s.file());
            Object inode = inode(s.file());
            if (inode != null) {
                inodes.putIfAbsent(inode, s.file());
            }
        }
        for (Source s : sources) {
            Job job = job(s);
            Path earlier = outputs.putIfAbsent(key(job.output()), s.file());
            if (earlier != null) {
                throw new IllegalArgumentException("inputs " + earlier + " and " + s.file() + " would both be written to " + job.output()
                        + "; give them different names or directories");
            }
            Path overwritten = inputs.get(key(job.output()));
            if (overwritten == null) {
                Object inode = inode(job.output());
                overwritten = inode == null ? null : inodes.get(inode);
            }
            if (overwritten != null && !(file != null && replaceInput)) {
                throw new IllegalArgumentException(file != null
                        ? "-o " + file + " is the input; add --force to replace it with the result"
                        : "--out-dir " + directory + " would write " + job.output() + " over the input " + overwritten
                        + "; choose another directory, or a --format that changes the name");
            }
            jobs.add(job);
        }
        return jobs;
    }

    private Job job(Source s) {
        if (file != null) {
            return new Job(s.file(), file, format);
        }
        Optional<ImageFormat> own = ImageFormat.byExtension(s.file());
        Path relative = s.relative();
        if (format == null && own.isPresent() && own.get().writable()) {
            return new Job(s.file(), directory.resolve(relative), own.get());
        }
        ImageFormat chosen = format != null ? format : ImageFormat.PNG;
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String renamed = (dot > 0 ? name.substring(0, dot) : name) + "." + chosen.extension();
        return new Job(s.file(), directory.resolve(relative.resolveSibling(renamed)), chosen);
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /**
     * What identifies a file however it is named (device and inode on Unix), so that an output reached
     * through a link or another spelling is still seen to be an input; null if it does not exist.
     */
    private static Object inode(Path p) {
        try {
            return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
