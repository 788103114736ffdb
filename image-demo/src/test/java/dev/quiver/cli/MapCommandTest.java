package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.cli.npy.NpyArray;
import dev.quiver.cli.npy.NpyType;
import dev.quiver.cli.npy.NpyWriter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quiver map on real .npy files: results, the exit codes, and one test per error. */
class MapCommandTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyFixtures() throws IOException, java.net.URISyntaxException {
        Path fixtures = Path.of(getClass().getResource("/npy").toURI());
        try (var files = Files.list(fixtures)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private CliRun quiver(String... args) {
        return CliRun.in(dir, args);
    }

    private float[] floats(String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return NpyArray.read(dir.resolve(name), arena).data().toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    private void noTemporaryFiles() throws IOException {
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "a temporary file was left behind");
        }
    }

    @Test
    void textKernelOverOneFile() throws IOException {
        CliRun r = quiver("map", "y = x * x", "--in", "@floats10.npy", "--out", "@y.npy");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new float[] {0, 1, 4, 9, 16, 25, 36, 49, 64, 81}, floats("y.npy"));
        assertTrue(r.err().contains("y = x * x: 10 elements"), r.err());
    }

    @Test
    void namedInputsAndParametersKeepTheShape() throws IOException {
        CliRun r = quiver("map", "y = a + b * s", "--in", "b=@ones3x4.npy", "--in", "a=@matrix3x4.npy", "--param", "s=2.5", "--out", "@y.npy");
        assertEquals(0, r.code(), r.err());
        float[] a = floats("matrix3x4.npy");
        float[] y = floats("y.npy");
        for (int i = 0; i < 12; i++) {
            assertEquals(a[i] + 2.5f, y[i]);
        }
        try (Arena arena = Arena.ofConfined()) {
            assertArrayEquals(new long[] {3, 4}, NpyArray.read(dir.resolve("y.npy"), arena).shape());
        }
    }

    @Test
    void builtinOnEveryBackend() throws IOException {
        for (String backend : new String[] {"simd", "threads", "reference", "simd:256"}) {
            CliRun r = quiver("map", "triad", "--in", "@floats10.npy", "--in", "@floats10.npy", "--param", "s=2", "--out", "@t.npy", "--backend", backend);
            assertEquals(0, r.code(), r.err());
            assertEquals(27f, floats("t.npy")[9], backend);
        }
    }

    @Test
    void reductionPrintsItsResult() {
        CliRun r = quiver("map", "sum(x * x)", "--in", "@floats10.npy");
        assertEquals(0, r.code(), r.err());
        assertEquals("285.0", r.out().strip());
    }

    @Test
    void pixelKernelsKeepTheDtype() throws IOException {
        CliRun r = quiver("map", "invert", "--in", "@pixels.npy", "--out", "@inverted.npy");
        assertEquals(0, r.code(), r.err());
        try (Arena arena = Arena.ofConfined()) {
            NpyArray out = NpyArray.read(dir.resolve("inverted.npy"), arena);
            assertEquals(NpyType.UINT32, out.type());
            assertArrayEquals(new int[] {0x80379BCD, 0xFFFFFFFF, 0x00000000}, out.data().toArray(ValueLayout.JAVA_INT));
        }
        CliRun text = quiver("map", "--pixels", "r = 255 - r; g = 255 - g; b = 255 - b", "--in", "@pixels_int32.npy", "--out", "@inverted2.npy");
        assertEquals(0, text.code(), text.err());
    }

    @Test
    void explainGoesToStandardError() {
        CliRun r = quiver("map", "square", "--in", "@floats10.npy", "--out", "@y.npy", "--explain");
        assertEquals(0, r.code());
        assertTrue(r.err().contains("kernel 'square' on 10 elements runs on simd"), r.err());
    }

    @Test
    void explainTellsOfTheCallOnTheMappedFiles() throws IOException {
        try (var writer = new NpyWriter(dir.resolve("big.npy"), NpyType.FLOAT32, new long[] {1 << 17})) {
            writer.data().fill((byte) 0);
            writer.commit();
        }
        // A sum runs simd's vector loop from its first call, so auto() measures the device for it at once.
        CliRun r = quiver("map", "sum(x)", "--in", "@big.npy", "--explain");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("kernel 'sum(x)' on 131,072 elements runs on"), r.err());
        boolean sharedMemoryDevice = ParallelMap.backends().stream().anyMatch(b -> b.name().equals("opencl") && b.usable()
                && b.detail().contains("(the host's)"));
        // The files are mapped, native memory: a device that shares the host's memory computes on them where they are.
        assertEquals(sharedMemoryDevice, r.err().contains("computes on these segments where they are"), r.err());
    }

    @Test
    void replacingAnInputNeedsForce() throws IOException {
        CliRun refused = quiver("map", "square", "--in", "@floats10.npy", "--out", "@floats10.npy");
        assertEquals(Quiver.USAGE, refused.code());
        assertTrue(refused.err().contains("is also an input; add --force"), refused.err());
        assertEquals(9f, floats("floats10.npy")[9]);
        CliRun forced = quiver("map", "square", "--in", "@floats10.npy", "--out", "@floats10.npy", "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(81f, floats("floats10.npy")[9]);
        noTemporaryFiles();
    }

    @Test
    void missingFile() throws IOException {
        CliRun r = quiver("map", "square", "--in", "@nope.npy", "--out", "@y.npy");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains("nope.npy: no such file"), r.err());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void malformedFile() throws IOException {
        CliRun r = quiver("map", "square", "--in", "@truncated.npy", "--out", "@y.npy");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains("truncated.npy: truncated"), r.err());
        noTemporaryFiles();
    }

    @Test
    void wrongDtypeForTheKernel() {
        CliRun r = quiver("map", "invert", "--in", "@floats10.npy", "--out", "@y.npy");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains("needs int32 or uint32 ARGB pixels"), r.err());
    }

    @Test
    void differentShapes() {
        CliRun r = quiver("map", "add", "--in", "@floats10.npy", "--in", "@matrix3x4.npy", "--out", "@y.npy");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains("shape (3, 4) differs from"), r.err());
    }

    @Test
    void kernelTextThatDoesNotParse() {
        CliRun r = quiver("map", "y = x +", "--in", "@floats10.npy", "--out", "@y.npy");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("column 8: expected a number"), r.err());
    }

    @Test
    void unknownInputName() {
        CliRun r = quiver("map", "triad", "--in", "q=@floats10.npy", "--out", "@y.npy");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("kernel 'triad' has no input 'q'; its inputs are b, c"), r.err());
    }

    @Test
    void missingInput() {
        CliRun r = quiver("map", "y = a * k", "--in", "@floats10.npy", "--out", "@y.npy");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("no --in for input k of kernel 'y = a * k'; if it is a parameter, give it with --param k=VALUE"), r.err());
    }

    @Test
    void tooManyInputs() {
        CliRun r = quiver("map", "square", "--in", "@floats10.npy", "--in", "@floats10.npy", "--out", "@y.npy");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("too many --in files"), r.err());
    }

    @Test
    void parameterThatIsNotANumber() {
        CliRun r = quiver("map", "triad", "--in", "@floats10.npy", "--in", "@floats10.npy", "--param", "s=two", "--out", "@y.npy");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("'two' is not a number"), r.err());
    }

    @Test
    void unknownBackend() {
        CliRun r = quiver("map", "square", "--in", "@floats10.npy", "--out", "@y.npy", "--backend", "cuda");
        assertEquals(Quiver.FAILED, r.code());
        assertTrue(r.err().contains("unknown backend 'cuda'"), r.err());
    }

    @Test
    void arrayKernelWithoutOut() {
        CliRun r = quiver("map", "square", "--in", "@floats10.npy");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("--out FILE is needed"), r.err());
    }

    @Test
    void unknownOption() {
        CliRun r = quiver("map", "square", "--frobnicate");
        assertEquals(Quiver.USAGE, r.code());
        assertTrue(r.err().contains("Try 'quiver map --help'"), r.err());
    }
}
