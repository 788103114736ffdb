package dev.quiver.spark.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A retried task removes the temporary files its dead attempt left, and nothing else. */
class StaleTemporariesTest {
    @TempDir
    Path dir;

    @Test
    void onlyThisBatchsTemporariesOfThisTasksOutputsGo() throws Exception {
        long start = System.currentTimeMillis() - 1_000;
        for (String name : List.of("a.png", ".a.png.k3j9x.tmp", ".b.png.zz1.tmp", ".a.png.7f3a.part", "c.png", ".c.png.q.tmp", ".a.png.tmp")) {
            Files.writeString(dir.resolve(name), name);
        }
        Path old = Files.writeString(dir.resolve(".c.png.earlier.tmp"), "from a run before this batch");
        Files.setLastModifiedTime(old, FileTime.fromMillis(start - 60_000));

        StaleTemporaries.remove(List.of(dir.resolve("a.png"), dir.resolve("c.png")), ".tmp", start);

        try (var left = Files.list(dir)) {
            assertEquals(new TreeSet<>(List.of("a.png", ".b.png.zz1.tmp", ".a.png.7f3a.part", "c.png", ".a.png.tmp", ".c.png.earlier.tmp")),
                    new TreeSet<>(left.map(p -> p.getFileName().toString()).toList()));
        }
    }

    @Test
    void decompressionsTemporariesEndInPart() throws Exception {
        long start = System.currentTimeMillis() - 1_000;
        Files.writeString(dir.resolve(".log.txt.0a1b2c3d.part"), "half");
        StaleTemporaries.remove(List.of(dir.resolve("log.txt")), ".part", start);
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }
}
