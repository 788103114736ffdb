package dev.quiver.spark.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Spark's own jars, as the build lists them in {@code spark/target/spark-classpath.txt} (the file the system
 * property {@value #PROPERTY} names): what a Spark installation's {@code jars/} folder holds.
 */
public final class SparkClasspath {
    /** The system property naming the class path file. */
    public static final String PROPERTY = "quiver.spark.classpath";

    private SparkClasspath() {
    }

    /**
     * The jars.
     *
     * @throws IllegalStateException if the file is not named or cannot be read, saying how to make it
     */
    public static List<Path> jars() {
        String file = System.getProperty(PROPERTY);
        if (file == null) {
            throw new IllegalStateException("-D" + PROPERTY + " must name Spark's class path file (spark/target/spark-classpath.txt, "
                    + "which 'mvn package -pl spark -am' writes)");
        }
        try {
            String text = Files.readString(Path.of(file)).strip();
            return Arrays.stream(text.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Spark's class path file " + file + " (-D" + PROPERTY + ")", e);
        }
    }

    /**
     * A Spark home under {@code dir}: {@code jars/} with a link to each jar, which is where a Worker finds the
     * class path for the executors it starts.
     */
    public static Path home(Path dir) throws IOException {
        Path jars = Files.createDirectories(dir.resolve("jars"));
        for (Path jar : jars()) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        return dir;
    }
}
