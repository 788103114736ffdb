package dev.quiver.spark.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Removes the temporary files that a dead attempt of a task left beside its outputs: an executor killed while
 * writing leaves {@code .NAME.RANDOM.tmp} (images) or {@code .NAME.RANDOM.part} (decompression), which no one
 * else would remove. Only on a retried attempt, only files of this task's outputs made since the batch began,
 * and never while speculative execution may be writing the same outputs from a live attempt.
 */
final class StaleTemporaries {
    private StaleTemporaries() {
    }

    /** Whether this attempt may remove what earlier attempts left. */
    static boolean apply(TaskContext context) {
        SparkEnv env = SparkEnv.get();
        return context.attemptNumber() > 0 && (env == null || !env.conf().getBoolean("spark.speculation", false));
    }

    /**
     * Removes, beside each output, hidden files named {@code .OUTPUT.RANDOM} followed by {@code suffix} that were
     * changed at or after {@code sinceMillis}.
     */
    static void remove(Collection<Path> outputs, String suffix, long sinceMillis) {
        Map<Path, Set<String>> names = new HashMap<>();
        for (Path out : outputs) {
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null) {
                names.computeIfAbsent(dir, d -> new HashSet<>()).add(out.getFileName().toString());
            }
        }
        Pattern temporary = Pattern.compile("\\.(.+)\\.[0-9a-zA-Z]+" + Pattern.quote(suffix));
        names.forEach((dir, wanted) -> {
            try (var entries = Files.list(dir)) {
                for (Path f : entries.toList()) {
                    Matcher m = temporary.matcher(f.getFileName().toString());
                    if (m.matches() && wanted.contains(m.group(1)) && ImagePartition.writtenSince(f, sinceMillis)) {
                        Files.deleteIfExists(f);
                    }
                }
            } catch (IOException e) {
                // A folder that cannot be listed holds nothing this task can clean; its files report their own errors.
            }
        });
    }
}
