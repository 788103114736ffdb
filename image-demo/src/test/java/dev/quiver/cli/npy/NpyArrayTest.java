package dev.quiver.cli.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files NumPy wrote, writing files NumPy would write, and one test per malformed file. */
class NpyArrayTest {

    static Path fixture(String name) {
        try {
            return Path.of(NpyArrayTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NpyArray read(String name, Arena arena) throws IOException {
        return NpyArray.read(fixture(name), arena);
    }

    private static void rejects(String name, String expected) {
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(NpyFormatException.class, () -> read(name, arena));
            assertTrue(e.getMessage().contains(name + ": " + expected), e.getMessage());
        }
    }

    @Test
    void readsFloat32Vectors() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            NpyArray a = read("floats10.npy", arena);
            assertEquals(NpyType.FLOAT32, a.type());
            assertArrayEquals(new long[] {10}, a.shape());
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, a.data().toArray(ValueLayout.JAVA_FLOAT));
        }
    }

    @Test
    void readsMatricesPixelsAndEveryFormatVersion() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            assertArrayEquals(new long[] {3, 4}, read("matrix3x4.npy", arena).shape());
            assertEquals(NpyType.UINT32, read("pixels.npy", arena).type());
            assertEquals(NpyType.INT32, read("pixels_int32.npy", arena).type());
            assertEquals(0x80C86432, read("pixels.npy", arena).data().getAtIndex(ValueLayout.JAVA_INT, 0));
            for (String v : new String[] {"version2.npy", "version3.npy"}) {
                assertArrayEquals(new float[] {0, 1, 2, 3, 4}, read(v, arena).data().toArray(ValueLayout.JAVA_FLOAT), v);
            }
            assertEquals(0, read("empty.npy", arena).length());
            assertEquals(1, read("scalar0d.npy", arena).length());
        }
    }

    @Test
    void writesTheHeaderNumPyWrites() throws IOException {
        for (var c : new Object[][] {{"floats10.npy", NpyType.FLOAT32, new long[] {10}}, {"matrix3x4.npy", NpyType.FLOAT32, new long[] {3, 4}},
            {"pixels.npy", NpyType.UINT32, new long[] {3}}, {"scalar0d.npy", NpyType.FLOAT32, new long[0]}}) {
            byte[] numpy = Files.readAllBytes(fixture((String) c[0]));
            byte[] ours = NpyArray.header((NpyType) c[1], (long[]) c[2]);
            assertArrayEquals(Arrays.copyOf(numpy, ours.length), ours, (String) c[0]);
        }
    }

    @Test
    void writerReplacesTheTargetOnlyOnCommit(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("out.npy");
        Files.writeString(target, "old");
        try (var w = new NpyWriter(target, NpyType.FLOAT32, new long[] {2})) {
            w.data().setAtIndex(ValueLayout.JAVA_FLOAT, 0, 1.5f);
        }
        assertEquals("old", Files.readString(target));
        try (var w = new NpyWriter(target, NpyType.FLOAT32, new long[] {2})) {
            w.data().setAtIndex(ValueLayout.JAVA_FLOAT, 1, 2.5f);
            w.commit();
        }
        try (Arena arena = Arena.ofConfined()) {
            assertArrayEquals(new float[] {0, 2.5f}, NpyArray.read(target, arena).data().toArray(ValueLayout.JAVA_FLOAT));
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void badMagic() {
        rejects("badmagic.npy", "not a .npy file");
    }

    @Test
    void notAnArrayAtAll() {
        rejects("notnpy.npy", "not a .npy file");
    }

    @Test
    void truncatedData() {
        rejects("truncated.npy", "truncated: shape (10,) needs 40 bytes of data but only 34 follow the header");
    }

    @Test
    void float64() {
        rejects("float64.npy", "float64 data is not supported: Quiver computes in float32; convert with a.astype(np.float32)");
    }

    @Test
    void bigEndian() {
        rejects("bigendian.npy", "big-endian data ('>f4') is not supported");
    }

    @Test
    void fortranOrder() {
        rejects("fortran.npy", "Fortran-ordered arrays are not supported");
    }
}
