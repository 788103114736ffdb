package dev.quiver.spark;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Real files for the batch tests: PNG and JPEG written by the JDK's encoders, gzip and zstd files by the tools, and the command line run in this JVM. */
public final class TestFiles {
    private TestFiles() {
    }

    /** A picture with gradients and noise, so that the operations and the encoders have work to do. */
    public static BufferedImage picture(int width, int height, long seed) {
        var r = new Random(seed);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = (x * 255 / Math.max(1, width - 1) + r.nextInt(16)) & 0xFF;
                int green = (y * 255 / Math.max(1, height - 1)) & 0xFF;
                int blue = (int) (seed * 37 + x * y) & 0xFF;
                image.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return image;
    }

    /** {@code count} images {@code img-NNN.png} (every fifth a JPEG) in {@code dir}. */
    public static List<Path> images(Path dir, int count, int width, int height) throws IOException {
        Files.createDirectories(dir);
        var files = new ArrayList<Path>();
        for (int i = 0; i < count; i++) {
            String format = i % 5 == 4 ? "jpg" : "png";
            Path file = dir.resolve(String.format("img-%03d.%s", i, format));
            ImageIO.write(picture(width, height, i), format, file.toFile());
            files.add(file);
        }
        return files;
    }

    /** A PNG cut short: its name and its first 200 bytes. */
    public static Path truncatedPng(Path dir, String name) throws IOException {
        Path whole = dir.resolve(name + ".whole");
        ImageIO.write(picture(64, 48, 99), "png", whole.toFile());
        Path cut = dir.resolve(name);
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(whole), 200));
        Files.delete(whole);
        return cut;
    }

    /** Runs a tool, failing the test if it fails. */
    public static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** Every regular file below {@code dir} but hidden ones, by relative name, with its bytes. */
    public static Map<String, byte[]> contents(Path dir) throws IOException {
        var out = new TreeMap<String, byte[]>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                out.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    /** What the command line printed and returned. */
    public record Run(int exitCode, String out, String err) {
    }

    /** The {@code quiver} command line, in this JVM. */
    public static Run quiver(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = dev.quiver.cli.Quiver.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }
}
