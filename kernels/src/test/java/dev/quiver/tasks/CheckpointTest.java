package dev.quiver.tasks;

import static dev.quiver.tasks.TaskTesting.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quiver.ParallelMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void aBatchKilledHalfWayResumesWhereItStopped() throws Exception {
        Path journal = dir.resolve("batch.journal");
        Path effects = dir.resolve("effects.txt");
        int n = 60;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), JournalCrashChild.class.getName(),
                journal.toString(), effects.toString(), String.valueOf(n), "25")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(effects).size() < 15 && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(5);
        }
        child.destroyForcibly().waitFor();
        List<String> before = lines(effects);
        assertTrue(before.size() >= 15 && before.size() < n, "killed after " + before.size() + " items: " + Files.readString(dir.resolve("child.log")));
        List<String> recorded = lines(journal).stream().skip(1).toList();

        JournalCrashChild.run(journal, effects, n, 0);

        Map<String, Long> runs = lines(effects).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(n, runs.size(), "every item ran");
        long twice = runs.values().stream().filter(c -> c > 1).count();
        // only items that had finished their work but not yet their journal line when killed run again: at most one per thread
        assertTrue(twice <= 2, twice + " items ran twice");
        for (String key : recorded) {
            assertEquals(1, runs.get(key.substring("item-".length())), key + " was recorded, so it must not run again");
        }
        assertEquals(n, lines(journal).size() - 1);
    }

    @Test
    void skippedItemsAreReportedAsSkipped() {
        Path journal = dir.resolve("j");
        Checkpoint<Integer> checkpoint = Checkpoint.of(journal, String::valueOf);
        List<Result<Integer, Integer>> first = ParallelMap.auto().mapResults(range(10), i -> {
            if (i >= 5) {
                throw new IllegalStateException("not yet");
            }
            return i;
        }, checkpoint);
        assertEquals(5, first.stream().filter(Result::succeeded).count());
        List<Result<Integer, Integer>> second = ParallelMap.auto().mapResults(range(10), i -> i, checkpoint);
        for (int i = 0; i < 10; i++) {
            if (i < 5) {
                assertInstanceOf(Result.Skipped.class, second.get(i));
            } else {
                assertInstanceOf(Result.Success.class, second.get(i));
            }
        }
    }

    @Test
    void aKeyCutShortByACrashIsIgnoredAndItsItemRunsAgain() throws IOException {
        Path journal = dir.resolve("j");
        ParallelMap.auto().forEach(range(3), i -> { }, Checkpoint.of(journal, i -> "k" + i));
        Files.writeString(journal, "k3", java.nio.file.StandardOpenOption.APPEND); // no line break: torn
        var ran = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
        ParallelMap.auto().forEach(range(5), ran::add, Checkpoint.of(journal, i -> "k" + i));
        assertEquals(List.of(3, 4), ran.stream().sorted().toList());
        assertEquals(List.of("k0", "k1", "k2", "k3", "k4"), lines(journal).stream().skip(1).sorted().toList());
    }

    @Test
    void aFileThatIsNotAJournalIsRefused() throws IOException {
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "my shopping list\n");
        var e = assertThrows(IllegalArgumentException.class,
                () -> ParallelMap.auto().forEach(range(2), i -> { }, Checkpoint.of(notes, String::valueOf)));
        assertTrue(e.getMessage().contains("is not a quiver journal"), e.getMessage());
        assertEquals("my shopping list\n", Files.readString(notes));
    }

    @Test
    void duplicateKeysAreRefusedBeforeAnythingRuns() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ParallelMap.auto().forEach(range(4), i -> { }, Checkpoint.of(dir.resolve("j"), i -> "k" + i % 3)));
        assertEquals("items 0 and 3 have the same checkpoint key 'k0'", e.getMessage());
    }

    @Test
    void keysWithLineBreaksAreRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ParallelMap.auto().forEach(range(2), i -> { }, Checkpoint.of(dir.resolve("j"), i -> "a\nb")));
        assertTrue(e.getMessage().contains("must be a line of text"), e.getMessage());
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }
}
