package dev.quiver.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.quiver.ParallelMap;
import dev.quiver.testing.ReadmeExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch example in README.md, line for line between the markers, so that it keeps compiling and working. */
class ReadmeBatchExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeShowsThisExample() throws IOException {
        ReadmeExample.assertShown(ReadmeBatchExampleTest.class);
    }

    @Test
    void theReadmeExampleRuns() throws IOException {
        List<String> words = List.of("quiver", "arrow", "bow");
        List<String> urls = List.of("https://example.org/a", "https://example.org/b");
        Function<String, String> fetch = url -> "page at " + url;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.add(Files.writeString(dir.resolve("f" + i + ".txt"), "x".repeat(i)));
        }
        Function<Path, Long> size = f -> {
            try {
                return Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Path journal = dir.resolve("batch.journal");
        List<String> failures = new ArrayList<>();
        long[] bytes = {0};
        // README begin
        ParallelMap cpu = ParallelMap.auto();                              // a work-stealing pool, one thread per core
        List<Integer> lengths = cpu.map(words, String::length);             // in input order
        Optional<Integer> letters = cpu.mapReduce(words, String::length, Integer::sum);

        List<Result<String, String>> pages = ParallelMap.io().withThreads(100) // virtual threads, 100 at once
                .withTimeout(Duration.ofSeconds(10))
                .withRetry(Retry.on(IOException.class).withAttempts(4))   // backoff 100 ms, 200 ms, 400 ms, jittered
                .mapResults(urls, fetch);
        for (Result<String, String> r : pages) {
            if (r instanceof Result.Failure<String, String> f) {
                failures.add(f.describe());                                 // "item 3 (https://...): timed out..."
            }
        }

        try (Stream<Result<Path, Long>> sizes = cpu.mapUnordered(files, size)) {   // as they finish
            sizes.forEach(r -> bytes[0] += r instanceof Result.Success<Path, Long> s ? s.value() : 0);
        }

        cpu.withProgress(p -> System.err.println(p))                       // "412/1000 done, 3 failed, ..."
                .forEach(files, f -> size.apply(f), Checkpoint.of(journal, Path::toString));  // a re-run skips what is done

        Progress run = Pipeline.from(files)                                 // decode -> compute -> encode, overlapped
                .then("read", 2, size)
                .then("double", 1, n -> n * 2)
                .ordered()
                .run(r -> System.out.println(r));
        // README end
        assertEquals(List.of(6, 5, 3), lengths);
        assertEquals(14, letters.orElseThrow());
        assertEquals("page at https://example.org/b", ((Result.Success<String, String>) pages.get(1)).value());
        assertEquals(List.of(), failures);
        assertEquals(10, bytes[0]);
        assertEquals(6, Files.readAllLines(journal).size());
        assertEquals(5, run.done());
    }
}
