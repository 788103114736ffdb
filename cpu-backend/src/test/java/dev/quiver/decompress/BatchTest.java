package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import dev.quiver.decompress.DecompressionException.Kind;
import dev.quiver.decompress.Tools.Tool;
import dev.quiver.tasks.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches of items made by the real tools: results in input order, one bad item never stops the others, the batch limit. */
class BatchTest {
    private static final int ITEMS = 1000;

    @TempDir
    static Path shared;
    /** The texts, and the same compressed: even items by gzip, odd ones by zstd; every 97th damaged. */
    static List<byte[]> texts;
    static List<byte[]> compressed;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeItems() throws IOException {
        // one shell for all thousand, so that the tools start a thousand times without a JVM fork each
        Tools.shell(shared, "for i in $(seq 0 " + (ITEMS - 1) + "); do "
                + "printf 'item %d: the quick brown fox jumps over the lazy dog %d times\\n' $i $((i * 7)) > t$i; "
                + "if [ $((i % 2)) = 0 ]; then gzip -c t$i > c$i; else zstd -q -c t$i > c$i; fi; done");
        texts = new ArrayList<>();
        compressed = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            texts.add(Files.readAllBytes(shared.resolve("t" + i)));
            byte[] c = Files.readAllBytes(shared.resolve("c" + i));
            compressed.add(corrupt(i) ? Arrays.copyOf(c, c.length / 2) : c);
        }
    }

    private static boolean corrupt(int i) {
        return i % 97 == 50;
    }

    @Test
    void aThousandMixedItemsComeBackInOrderAndTheCorruptOnesFailWithTheirReasons() {
        List<Result<byte[], byte[]>> results = Decompress.batch(compressed);
        assertEquals(ITEMS, results.size());
        int failed = 0;
        for (int i = 0; i < ITEMS; i++) {
            Result<byte[], byte[]> r = results.get(i);
            assertEquals(i, r.index());
            assertTrue(r.item() == compressed.get(i), "the result holds its own item");
            if (corrupt(i)) {
                failed++;
                var f = assertInstanceOf(Result.Failure.class, r);
                var e = assertInstanceOf(DecompressionException.class, f.error());
                assertEquals(Kind.TRUNCATED, e.kind(), e.getMessage());
                assertEquals(i % 2 == 0 ? Codec.GZIP : Codec.ZSTD, e.codec().orElseThrow());
                assertTrue(e.getMessage().startsWith("item " + i + ": " + e.codec().get().id() + ": "), e.getMessage());
            } else {
                var s = assertInstanceOf(Result.Success.class, r, () -> r instanceof Result.Failure<?, ?> f ? f.error().getMessage() : "");
                assertArrayEquals(texts.get(i), (byte[]) s.value(), "item " + i);
            }
        }
        assertEquals(10, failed);
    }

    @Test
    void theOutputsEqualTheTools() {
        List<Result<byte[], byte[]>> results = Decompress.batch(compressed.subList(0, 4));
        for (int i = 0; i < 4; i++) {
            Tool tool = i % 2 == 0 ? Tool.GZIP : Tool.ZSTD;
            assertArrayEquals(tool.decompress(dir, compressed.get(i)), ((Result.Success<byte[], byte[]>) results.get(i)).value());
        }
    }

    @Test
    void unorderedGivesEveryResultOnce() {
        List<Result<byte[], byte[]>> results;
        try (Stream<Result<byte[], byte[]>> s = Decompress.unordered(compressed, BatchLimits.forBytes(), Options.defaults(), ParallelMap.auto().withThreads(2))) {
            results = s.toList();
        }
        assertEquals(ITEMS, results.size());
        assertEquals(ITEMS, results.stream().map(Result::index).collect(Collectors.toSet()).size());
        for (var r : results) {
            assertEquals(!corrupt(r.index()), r.succeeded(), "item " + r.index());
            if (r instanceof Result.Success<byte[], byte[]> s) {
                assertArrayEquals(texts.get(r.index()), s.value());
            }
        }
    }

    @Test
    void aForcedCodecFailsTheOthersWithWrongMagic() {
        List<Result<byte[], byte[]>> results = Decompress.batch(compressed.subList(0, 2), BatchLimits.forBytes(),
                Options.defaults().withCodec(Codec.GZIP), ParallelMap.auto());
        assertTrue(results.get(0).succeeded());
        var e = (DecompressionException) ((Result.Failure<byte[], byte[]>) results.get(1)).error();
        assertEquals(Kind.WRONG_MAGIC, e.kind());
    }

    @Test
    void pastTheBatchLimitTheRemainingItemsFailAndTheFinishedOnesStay() {
        // one thread: the items run in order, so which ones finish is known
        long limit = texts.get(0).length + texts.get(1).length + texts.get(2).length + 10;
        List<Result<byte[], byte[]>> results = Decompress.batch(compressed.subList(0, 10),
                BatchLimits.forBytes().withMaxTotalOutputBytes(limit), Options.defaults(), ParallelMap.auto().withThreads(1));
        for (int i = 0; i < 3; i++) {
            assertTrue(results.get(i).succeeded(), "item " + i);
        }
        for (int i = 3; i < 10; i++) {
            var e = (DecompressionException) ((Result.Failure<byte[], byte[]>) results.get(i)).error();
            assertEquals(Kind.BATCH_LIMIT, e.kind());
            assertTrue(e.getMessage().startsWith("item " + i + ": batch limit: "), e.getMessage());
        }
        assertTrue(((Result.Failure<byte[], byte[]>) results.get(3)).error().getMessage().contains("stopped"));
        assertTrue(((Result.Failure<byte[], byte[]>) results.get(4)).error().getMessage().contains("not started"));
    }

    @Test
    void manySmallBombsEachUnderTheItemLimitStopAtTheBatchLimit() {
        byte[] bomb = Tool.ZSTD.compress(dir, new byte[8 << 20]);
        List<byte[]> bombs = java.util.Collections.nCopies(64, bomb);
        List<Result<byte[], byte[]>> results = Decompress.batch(bombs,
                BatchLimits.forBytes().withMaxTotalOutputBytes(32L << 20), Options.defaults(), ParallelMap.auto().withThreads(2));
        long ok = results.stream().filter(Result::succeeded).count();
        assertTrue(ok <= 4, ok + " items of 8 MiB passed a 32 MiB batch limit");
        assertTrue(results.stream().filter(r -> !r.succeeded()).allMatch(r ->
                ((Result.Failure<byte[], byte[]>) r).error() instanceof DecompressionException d && d.kind() == Kind.BATCH_LIMIT));
    }

    @Test
    void nullItemsAreRefused() {
        var items = new ArrayList<byte[]>(List.of(new byte[1]));
        items.add(null);
        assertThrows(NullPointerException.class, () -> Decompress.batch(items));
        assertThrows(IllegalArgumentException.class, () -> new BatchLimits(Limits.forBytes(), -1));
    }

    private List<Path> files(int n) throws IOException {
        var inputs = new ArrayList<Path>();
        for (int i = 0; i < n; i++) {
            inputs.add(Files.write(dir.resolve("f" + i + (i % 2 == 0 ? ".txt.gz" : ".txt.zst")), compressed.get(i)));
        }
        return inputs;
    }

    @Test
    void filesWithACorruptOneInTheMiddle() throws IOException {
        List<Path> inputs = files(60);
        assertTrue(corrupt(50));
        Path out = Files.createDirectory(dir.resolve("out"));
        List<Result<Path, WrittenFile>> results = Decompress.files(inputs, out);
        for (int i = 0; i < 60; i++) {
            Result<Path, WrittenFile> r = results.get(i);
            assertEquals(inputs.get(i), r.item());
            Path expected = out.resolve("f" + i + ".txt");
            if (i == 50) {
                var e = (DecompressionException) ((Result.Failure<Path, WrittenFile>) r).error();
                assertEquals(Kind.TRUNCATED, e.kind());
                assertTrue(e.getMessage().startsWith(inputs.get(i) + ": gzip: "), e.getMessage());
                assertFalse(Files.exists(expected));
            } else {
                var w = ((Result.Success<Path, WrittenFile>) r).value();
                assertEquals(expected, w.output());
                assertEquals(texts.get(i).length, w.outputBytes());
                assertArrayEquals(texts.get(i), Files.readAllBytes(expected));
            }
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(59, s.count(), "no temporary file is left");
        }
    }

    @Test
    void aMissingFileAndAnExistingOutputFailOnlyThemselves() throws IOException {
        List<Path> inputs = new ArrayList<>(files(3));
        inputs.add(1, dir.resolve("missing.gz"));
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(out.resolve("f2.txt"), "kept");
        List<Result<Path, WrittenFile>> results = Decompress.files(inputs, out);
        assertTrue(results.get(0).succeeded());
        assertInstanceOf(NoSuchFileException.class, ((Result.Failure<Path, WrittenFile>) results.get(1)).error());
        assertTrue(results.get(2).succeeded());
        assertInstanceOf(java.nio.file.FileAlreadyExistsException.class, ((Result.Failure<Path, WrittenFile>) results.get(3)).error());
        assertEquals("kept", Files.readString(out.resolve("f2.txt"), StandardCharsets.UTF_8));
        // with overwrite it is replaced
        results = Decompress.files(inputs.subList(3, 4), out, BatchLimits.forFiles(), Options.defaults().withOverwrite(true), ParallelMap.auto());
        assertTrue(results.getFirst().succeeded());
        assertArrayEquals(texts.get(2), Files.readAllBytes(out.resolve("f2.txt")));
    }

    @Test
    void filesPastTheBatchLimitFailAndLeaveNoOutput() throws IOException {
        List<Path> inputs = files(6);
        Path out = Files.createDirectory(dir.resolve("out"));
        long limit = texts.get(0).length + texts.get(1).length;
        List<Result<Path, WrittenFile>> results = Decompress.files(inputs, out,
                BatchLimits.forFiles().withMaxTotalOutputBytes(limit), Options.defaults(), ParallelMap.auto().withThreads(1));
        assertEquals(List.of(true, true, false, false, false, false), results.stream().map(Result::succeeded).toList());
        for (var r : results.subList(2, 6)) {
            var e = (DecompressionException) ((Result.Failure<Path, WrittenFile>) r).error();
            assertEquals(Kind.BATCH_LIMIT, e.kind());
            assertTrue(e.getMessage().startsWith(r.item() + ": batch limit: "), e.getMessage());
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(Set.of("f0.txt", "f1.txt"), s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
    }

    @Test
    void unorderedFilesStreamEveryResult() throws IOException {
        List<Path> inputs = files(20);
        Path out = Files.createDirectory(dir.resolve("out"));
        try (var s = Decompress.unordered(inputs, out, BatchLimits.forFiles(), Options.defaults(), ParallelMap.auto())) {
            assertEquals(20, s.filter(Result::succeeded).count());
        }
    }
}
