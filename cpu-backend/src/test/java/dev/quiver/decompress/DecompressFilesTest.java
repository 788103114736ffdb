package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files into files: complete or absent, never over an existing file unless told, named without the codec's suffix. */
class DecompressFilesTest {
    private static final byte[] PRECIOUS = "an existing output, to be kept".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;
    Path out;

    @BeforeEach
    void outputDirectory() throws IOException {
        out = Files.createDirectory(dir.resolve("out"));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** The names in the output directory, temporary files included. */
    private List<String> outputs() throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void toFileWritesTheToolsOutput() throws IOException {
        byte[] text = TestData.text(2 << 20, 101);
        Path in = write("big.txt.xz", Tool.XZ.compress(dir, text));
        long n = Decompress.toFile(in, out.resolve("big.txt"), Limits.forStreams(), Options.defaults());
        assertEquals(text.length, n);
        assertArrayEquals(Tool.XZ.decompress(dir, Files.readAllBytes(in)), Files.readAllBytes(out.resolve("big.txt")));
        assertEquals(List.of("big.txt"), outputs());
    }

    @Test
    void anExistingOutputIsNotOverwritten() throws IOException {
        Path in = write("a.gz", Tool.GZIP.compress(dir, TestData.text(1000, 102)));
        Path target = Files.write(out.resolve("a"), PRECIOUS);
        var e = assertThrows(FileAlreadyExistsException.class, () -> Decompress.toFile(in, target, Limits.forStreams(), Options.defaults()));
        assertEquals(target + ": the output exists; overwrite it only if told to (--force)", e.getMessage());
        assertArrayEquals(PRECIOUS, Files.readAllBytes(target));
        assertEquals(List.of("a"), outputs(), "no temporary file left");
    }

    @Test
    void anExistingOutputIsOverwrittenWhenTold() throws IOException {
        byte[] text = TestData.text(1000, 103);
        Path in = write("a.gz", Tool.GZIP.compress(dir, text));
        Path target = Files.write(out.resolve("a"), PRECIOUS);
        Decompress.toFile(in, target, Limits.forStreams(), Options.defaults().withOverwrite(true));
        assertArrayEquals(text, Files.readAllBytes(target));
        assertEquals(List.of("a"), outputs());
    }

    @Test
    void aFailedItemLeavesNoOutputAndNoTemporaryFile() throws IOException {
        byte[] gz = Tool.GZIP.compress(dir, TestData.text(100_000, 104));
        Path in = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        var e = Failures.expect(Kind.TRUNCATED, Codec.GZIP, () -> Decompress.toFile(in, out.resolve("cut"), Limits.forStreams(), Options.defaults()));
        assertTrue(e.getMessage().startsWith(in + ": gzip: truncated input: "), e.getMessage());
        assertEquals(List.of(), outputs());
    }

    @Test
    void aFailedItemLeavesAnExistingOutputAsItWas() throws IOException {
        Path in = write("bomb.zst", Tools.shell(dir, "head -c 50000000 /dev/zero | zstd -q -c"));
        Path target = Files.write(out.resolve("bomb"), PRECIOUS);
        Failures.expect(Kind.OUTPUT_LIMIT, Codec.ZSTD, () -> Decompress.toFile(in, target, Limits.forStreams().withMaxOutputBytes(1 << 20),
                Options.defaults().withOverwrite(true)));
        assertArrayEquals(PRECIOUS, Files.readAllBytes(target));
        assertEquals(List.of("bomb"), outputs());
    }

    @Test
    void anOutputThatAppearsMeanwhileIsNotReplaced() throws IOException {
        Path target = out.resolve("raced");
        var e = assertThrows(FileAlreadyExistsException.class, () -> AtomicFile.write(target, false, sink -> {
            sink.write(1);
            Files.write(target, PRECIOUS); // another item of the batch, mapped to the same name, finished first
            return 1;
        }));
        assertEquals(target.toString(), e.getFile());
        assertArrayEquals(PRECIOUS, Files.readAllBytes(target));
        assertEquals(List.of("raced"), outputs());
    }

    @Test
    void aMissingInputIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> Decompress.toFile(dir.resolve("absent.gz"), out.resolve("absent"), Limits.forStreams(),
                Options.defaults()));
    }

    @Test
    void aMissingOutputDirectoryIsNoSuchFile() throws IOException {
        Path in = write("a.gz", Tool.GZIP.compress(dir, TestData.text(100, 105)));
        assertThrows(NoSuchFileException.class, () -> Decompress.toFile(in, dir.resolve("no/such/dir/a"), Limits.forStreams(), Options.defaults()));
    }

    @Test
    void toDirectoryDropsTheSuffix() throws IOException {
        byte[] tar = TestData.random(30_000, 106);
        Path in = write("backup.tgz", Tool.GZIP.compress(dir, tar));
        WrittenFile w = Decompress.toDirectory(in, out, Limits.forStreams(), Options.defaults());
        assertEquals(new WrittenFile(in, out.resolve("backup.tar"), Codec.GZIP, Files.size(in), tar.length), w);
        assertArrayEquals(tar, Files.readAllBytes(w.output()));
        assertTrue(w.ratio() > 0.99 && w.ratio() < 1, "random data does not compress: " + w.ratio());
    }

    @Test
    void toDirectoryDetectsTheCodecWhateverTheName() throws IOException {
        byte[] text = TestData.text(10_000, 107);
        Path in = write("data.gz", Tool.ZSTD.compress(dir, text));
        WrittenFile w = Decompress.toDirectory(in, out, Limits.forStreams(), Options.defaults());
        assertEquals(Codec.ZSTD, w.codec());
        assertEquals(out.resolve("data.gz.out"), w.output(), "not a .zst name, so .out is added");
        assertArrayEquals(text, Files.readAllBytes(w.output()));
    }

    @Test
    void toDirectoryOfAFileWithNoCodecNamesTheFile() throws IOException {
        Path in = write("notes.txt", "plain text".getBytes(StandardCharsets.US_ASCII));
        var e = Failures.expect(Kind.UNKNOWN_FORMAT, null, () -> Decompress.toDirectory(in, out, Limits.forStreams(), Options.defaults()));
        assertTrue(e.getMessage().startsWith(in + ": no codec detected: "), e.getMessage());
        assertEquals(List.of(), outputs());
    }

    @Test
    void toDirectoryWithAForcedCodec() throws IOException {
        byte[] text = TestData.text(10_000, 108);
        Path in = write("x.deflate", Tool.DEFLATE.compress(dir, text));
        WrittenFile w = Decompress.toDirectory(in, out, Limits.forStreams(), Options.defaults().withCodec(Codec.DEFLATE));
        assertEquals(out.resolve("x"), w.output());
        assertArrayEquals(text, Files.readAllBytes(w.output()));
    }

    @Test
    void anEmptyFileIsAnError() throws IOException {
        Path in = write("empty.gz", new byte[0]);
        var e = Failures.expect(Kind.EMPTY, null, () -> Decompress.toDirectory(in, out, Limits.forStreams(), Options.defaults()));
        assertEquals(in + ": empty input, no codec detected", e.getMessage());
        assertFalse(Files.exists(out.resolve("empty")));
    }
}
