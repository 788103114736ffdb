package dev.quiver.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The file behind a {@link Checkpoint}: a header line, then one completed key per line, UTF-8.
 * {@link #record} is thread-safe.
 */
final class Journal implements AutoCloseable {
    private static final String HEADER = "# quiver journal v1: keys of completed items, one per line";

    private final Path file;
    private final Set<String> done;
    private final FileChannel channel;

    private Journal(Path file, Set<String> done, FileChannel channel) {
        this.file = file;
        this.done = done;
        this.channel = channel;
    }

    /**
     * Reads the keys already recorded, cuts off a last line that a crash left without its line break,
     * and opens the file for appending (creating it with its header if missing).
     */
    static Journal open(Path file) {
        try {
            Set<String> done = new HashSet<>();
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                byte[] bytes = Files.readAllBytes(file);
                int complete = lastLineBreak(bytes) + 1;
                String text = new String(bytes, 0, complete, StandardCharsets.UTF_8);
                if (complete > 0 && !text.startsWith(HEADER + "\n")) {
                    throw new IllegalArgumentException("'" + file + "' is not a quiver journal (its first line should be '" + HEADER + "')");
                }
                text.lines().skip(1).forEach(done::add);
                channel.truncate(complete);
                channel.position(complete);
                if (complete == 0) {
                    channel.write(ByteBuffer.wrap((HEADER + "\n").getBytes(StandardCharsets.UTF_8)));
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new Journal(file, done, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal '" + file + "': " + e.getMessage(), e);
        }
    }

    private static int lastLineBreak(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Whether an earlier run completed this key. Safe to call while others record. */
    synchronized boolean contains(String key) {
        return done.contains(key);
    }

    /** Appends {@code key} in one write. */
    synchronized void record(String key) {
        try {
            ByteBuffer line = ByteBuffer.wrap((key + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            done.add(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal '" + file + "': " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the journal '" + file + "': " + e.getMessage(), e);
        }
    }
}
