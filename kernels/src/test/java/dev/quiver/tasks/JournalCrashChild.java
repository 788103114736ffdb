package dev.quiver.tasks;

import dev.quiver.ParallelMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The process {@link CheckpointTest} kills: a checkpointed batch whose items each append their number
 * to an effects file, slowly enough to be killed half-way.
 *
 * <pre>JournalCrashChild JOURNAL EFFECTS ITEMS MILLIS_PER_ITEM</pre>
 */
public final class JournalCrashChild {
    private JournalCrashChild() {
    }

    public static void main(String[] args) {
        Path journal = Path.of(args[0]);
        Path effects = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        long millis = Long.parseLong(args[3]);
        run(journal, effects, n, millis);
    }

    static void run(Path journal, Path effects, int n, long millis) {
        List<Integer> items = IntStream.range(0, n).boxed().toList();
        ParallelMap.auto().withThreads(2).forEach(items, i -> {
            try {
                Thread.sleep(millis);
                Files.writeString(effects, i + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Checkpoint.of(journal, i -> "item-" + i));
    }
}
