package dev.quiver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quiver decompress as users run it, on files made by the real compressors, its outputs against their {@code -dc}. */
class DecompressCommandTest {
    /** Each tool's compressing and decompressing command (stdin to stdout), and its suffix. */
    private static final List<List<String>> TOOLS = List.of(
            List.of(".gz", "gzip -c", "gzip -dc"), List.of(".zst", "zstd -q -c", "zstd -q -dc"), List.of(".bz2", "bzip2 -c", "bzip2 -dc"),
            List.of(".xz", "xz -c", "xz -dc"), List.of(".lz4", "lz4 -q -c", "lz4 -q -dc"), List.of(".zz", "pigz -z -c", "pigz -dz -c"));

    @TempDir
    Path dir;

    /** Runs quiver with {@code @} standing for the temporary directory. */
    private CliRun quiver(String... args) {
        return CliRun.in(dir, args);
    }

    /** Runs a shell command in the temporary directory, {@code stdin} to its standard input; its standard output. */
    private byte[] sh(String command, byte[] stdin) throws IOException, InterruptedException {
        Path in = Files.createTempFile(dir, ".stdin", "");
        Path out = Files.createTempFile(dir, ".stdout", "");
        Files.write(in, stdin);
        Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), command);
        assertEquals(0, p.exitValue(), command + " failed (the test needs gzip zstd bzip2 xz-utils lz4 pigz installed)");
        byte[] bytes = Files.readAllBytes(out);
        Files.delete(in);
        Files.delete(out);
        return bytes;
    }

    private static byte[] text(int lines, int seed) {
        var b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append("line ").append(i).append(" of file ").append(seed).append(": ").append(Integer.toHexString(i * 31 + seed * 7)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private Path compressed(String name, int tool, byte[] data) throws IOException, InterruptedException {
        Path p = dir.resolve(name + TOOLS.get(tool).get(0));
        Files.createDirectories(p.getParent());
        return Files.write(p, sh(TOOLS.get(tool).get(1), data));
    }

    @BeforeEach
    void inputs() throws IOException, InterruptedException {
        for (int t = 0; t < TOOLS.size(); t++) {
            compressed("in/file" + t + ".txt", t, text(2000 + t * 1000, t));
        }
        Files.writeString(dir.resolve("in/notes.txt"), "not compressed, not taken from a directory");
    }

    @Test
    void everyCodecGivesWhatItsToolGives() throws IOException, InterruptedException {
        CliRun r = quiver("decompress", "@in", "--out-dir", "@out");
        assertEquals(0, r.code(), r.err());
        for (int t = 0; t < TOOLS.size(); t++) {
            Path in = dir.resolve("in/file" + t + ".txt" + TOOLS.get(t).get(0));
            assertArrayEquals(sh(TOOLS.get(t).get(2), Files.readAllBytes(in)), Files.readAllBytes(dir.resolve("out/file" + t + ".txt")), in.toString());
        }
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            assertEquals(TOOLS.size(), s.count(), "one output per compressed file, notes.txt not taken, no temporary file left");
        }
        assertTrue(r.err().contains("6 files: 6 decompressed, 0 skipped, 0 failed;"), r.err());
        assertTrue(r.err().matches("(?s).* MB in, .* MB out in [0-9.]+ s \\([0-9.]+ MB/s out\\)\\s*"), r.err());
        assertTrue(Files.exists(dir.resolve("in/file0.txt.gz")), "inputs are kept");
    }

    @Test
    void oneBzip2FileIsDecodedOnEveryThreadAndFailsAsOnOne() throws IOException, InterruptedException {
        byte[] data = text(60_000, 9); // 1.7 MB: 17 blocks of bzip2 -1
        Path in = dir.resolve("big.txt.bz2");
        Files.write(in, sh("bzip2 -1 -c", data));
        CliRun r = quiver("decompress", "@big.txt.bz2", "--out-dir", "@out", "--threads", "3");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out/big.txt")));

        byte[] bz2 = Files.readAllBytes(in);
        bz2[bz2.length * 3 / 4] ^= 0x08;
        Files.write(dir.resolve("bad.txt.bz2"), bz2);
        CliRun one = quiver("decompress", "@bad.txt.bz2", "--out-dir", "@out1", "--threads", "1");
        CliRun three = quiver("decompress", "@bad.txt.bz2", "--out-dir", "@out3", "--threads", "3");
        assertEquals(1, one.code(), one.err());
        assertEquals(1, three.code(), three.err());
        String reason = one.err().substring(one.err().indexOf("failed:"));
        assertEquals(reason, three.err().substring(three.err().indexOf("failed:")));
        assertFalse(Files.exists(dir.resolve("out3/bad.txt")));
    }

    @Test
    void progressShowsALineThatEndsAtTheLastFile() {
        CliRun r = quiver("decompress", "@in", "--out-dir", "@out", "--progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("\r[6/6] 6 ok, 0 skipped, 0 failed; "), r.err());
        r = quiver("decompress", "@in", "--out-dir", "@out2", "--no-progress");
        assertFalse(r.err().contains("\r"), r.err());
    }

    @Test
    void existingOutputsAreSkippedUnlessForced() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/file0.txt"), "precious");
        CliRun r = quiver("decompress", "@in", "--out-dir", "@out", "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("6 files: 5 decompressed, 1 skipped, 0 failed"), r.err());
        assertTrue(r.err().contains("1 output exists and was left alone (--force replaces them): " + dir.resolve("out/file0.txt")), r.err());
        assertEquals("precious", Files.readString(dir.resolve("out/file0.txt")));

        r = quiver("decompress", "@in", "--out-dir", "@out", "--keep");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("6 files: 0 decompressed, 6 skipped, 0 failed"), r.err());

        r = quiver("decompress", "@in/file0.txt.gz", "--out-dir", "@out", "--force");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(text(2000, 0), Files.readAllBytes(dir.resolve("out/file0.txt")));
    }

    @Test
    void aCorruptFileInTheMiddleFailsAloneWithItsReason() throws IOException {
        byte[] gz = Files.readAllBytes(dir.resolve("in/file0.txt.gz"));
        Files.write(dir.resolve("in/broken.txt.gz"), Arrays.copyOf(gz, gz.length - 20));
        CliRun r = quiver("decompress", "@in", "--out-dir", "@out", "--threads", "2");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("7 files: 6 decompressed, 0 skipped, 1 failed"), r.err());
        assertTrue(r.err().contains("failed:\n  " + dir.resolve("in/broken.txt.gz") + ": gzip: truncated input"), r.err());
        assertFalse(Files.exists(dir.resolve("out/broken.txt")));
        assertTrue(Files.exists(dir.resolve("out/file4.txt")));
    }

    @Test
    void twoInputsWithOneOutputNameFailTheSecond() throws IOException, InterruptedException {
        compressed("in/file0.txt", 1, text(5, 5));   // file0.txt.zst beside file0.txt.gz
        CliRun r = quiver("decompress", "@in/file0.txt.gz", "@in/file0.txt.zst", "--out-dir", "@out", "--threads", "1");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("2 files: 1 decompressed, 0 skipped, 1 failed"), r.err());
        assertTrue(r.err().contains(": its output " + dir.resolve("out/file0.txt") + " was written from another input of this batch"), r.err());
    }

    @Test
    void aMissingFileFailsAndTheOthersAreWritten() {
        CliRun r = quiver("decompress", "@in/file0.txt.gz", "@in/nothing.gz", "@in/file1.txt.zst", "--out-dir", "@out");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("  " + dir.resolve("in/nothing.gz") + ": no such file"), r.err());
        assertTrue(Files.exists(dir.resolve("out/file0.txt")) && Files.exists(dir.resolve("out/file1.txt")));
    }

    @Test
    void aDirectoryGivesItsCompressedFilesAndRecursiveThoseBelow() throws IOException, InterruptedException {
        compressed("in/deep/er/x", 1, text(10, 9));
        CliRun r = quiver("decompress", "@in", "--out-dir", "@out");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(dir.resolve("out/deep")));
        r = quiver("decompress", "@in", "--out-dir", "@out", "--recursive");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("7 files: 1 decompressed, 6 skipped"), r.err());
        assertArrayEquals(text(10, 9), Files.readAllBytes(dir.resolve("out/deep/er/x")));
    }

    @Test
    void aPatternIsExpandedByQuiver() throws IOException {
        CliRun r = quiver("decompress", "@in/*.{gz,zst}", "--out-dir", "@out");
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("file0.txt", "file1.txt"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        r = quiver("decompress", "@in/*.nothing", "--out-dir", "@out");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("no file matches this pattern"), r.err());
    }

    @Test
    void aForcedCodecTakesOnlyItsFilesAndFailsOthersNamedOnTheCommandLine() {
        CliRun r = quiver("decompress", "@in", "@in/file1.txt.zst", "--out-dir", "@out", "--codec", "gzip", "--verify");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("2 files: 1 decompressed, 0 skipped, 1 failed"), r.err());
        assertTrue(r.err().contains(dir.resolve("in/file1.txt.zst") + ": gzip: "), r.err());
    }

    @Test
    void theLimitsFailFilesWithAHint() {
        CliRun r = quiver("decompress", "@in/file0.txt.gz", "--out-dir", "@out", "--max-output", "1Ki");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("(--max-output raises the limit"), r.err());
        r = quiver("decompress", "@in", "--out-dir", "@out2", "--max-total", "1Ki", "--threads", "1");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains(": batch limit: "), r.err());
        assertTrue(r.err().contains("(--max-total raises the limit"), r.err());
    }

    @Test
    void badCommandLinesExitWithTwoAndTouchNothing() {
        for (String[] args : new String[][] {{"decompress", "@in", "--out-dir", "@out", "--codec", "rar"},
            {"decompress", "@in", "--out-dir", "@out", "--threads", "0"}, {"decompress", "@in"}, {"decompress", "--out-dir", "@out"},
            {"decompress", "@in", "--out-dir", "@in/notes.txt"}, {"decompress", "@in", "--out-dir", "@out", "--max-total", "lots"}}) {
            CliRun r = quiver(args);
            assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err());
            assertTrue(r.err().startsWith("quiver decompress: "), r.err());
            assertFalse(Files.exists(dir.resolve("out")));
        }
    }

    @Test
    void helpShowsTheCodecsAndEveryExampleRuns() throws IOException, InterruptedException {
        CliRun help = quiver("decompress", "--help");
        assertEquals(0, help.code());
        for (String expected : List.of("gzip     .gz .tgz", "zstd     .zst .tzst", "xz       .xz .txz", "(never detected)", "--keep", "Exit codes: 0")) {
            assertTrue(help.out().contains(expected), expected + " in\n" + help.out());
        }
        assertTrue(quiver("--help").out().contains("decompress"), "listed among the commands");

        compressed("logs/a.log", 0, text(100, 1));
        compressed("dumps/2024/b", 1, text(100, 2));
        compressed("archive/sub/c", 3, text(100, 3));
        byte[] gz = sh("gzip -n -c", text(100, 4));
        Files.write(dir.resolve("data.raw"), Arrays.copyOfRange(gz, 10, gz.length - 8));
        List<String> examples = help.out().lines().map(String::strip).filter(l -> l.startsWith("quiver decompress ")).toList();
        assertEquals(4, examples.size(), examples.toString());
        for (String example : examples) {
            List<String> words = ImageCommandTest.shellWords(example);
            var args = new ArrayList<String>();
            args.add(words.get(1));
            for (int i = 2; i < words.size(); i++) {
                String w = words.get(i);
                boolean value = List.of("--codec", "--threads").contains(words.get(i - 1));
                args.add(w.startsWith("-") || value ? w : "@" + w);
            }
            CliRun r = quiver(args.toArray(String[]::new));
            assertEquals(0, r.code(), example + "\n" + r.err());
            assertFalse(r.err().contains(" 0 decompressed"), example + "\n" + r.err());
        }
        assertArrayEquals(text(100, 4), Files.readAllBytes(dir.resolve("out/data.raw.out")));
    }
}
