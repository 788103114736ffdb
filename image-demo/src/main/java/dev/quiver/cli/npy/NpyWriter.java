package dev.quiver.cli.npy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a .npy file safely: into a temporary file beside the target, whose data is memory-mapped for
 * the caller to fill, then renamed over the target only once complete. A failure before
 * {@link #commit()} leaves the target as it was and removes the temporary file.
 */
public final class NpyWriter implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private boolean committed;

    /** Creates the temporary file of the right size with its header written. */
    public NpyWriter(Path target, NpyType type, long[] shape) throws IOException {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        this.temporary = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            byte[] header = NpyArray.header(type, shape);
            long bytes = Math.multiplyExact(NpyArray.elements(shape), (long) type.size());
            channel.write(ByteBuffer.wrap(header), 0);
            channel.truncate(header.length + bytes);
            if (bytes > 0) {
                channel.write(ByteBuffer.allocate(1), header.length + bytes - 1);
            }
            this.data = bytes == 0 ? MemorySegment.NULL.reinterpret(0) : channel.map(FileChannel.MapMode.READ_WRITE, header.length, bytes, arena);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** The data to fill, in native (little-endian on x86 and ARM) order. */
    public MemorySegment data() {
        return data;
    }

    /** Flushes the data and renames the temporary file to the target, replacing any file there. */
    public void commit() throws IOException {
        if (data.byteSize() > 0) {
            data.force();
        }
        arena.close();
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            if (arena.scope().isAlive()) {
                arena.close();
            }
            Files.deleteIfExists(temporary);
        }
    }
}
