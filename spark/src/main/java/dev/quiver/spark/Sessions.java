package dev.quiver.spark;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Connects to a Spark master for Quiver's command-line batches. Executors outside this JVM need Quiver's
 * classes: unless {@code spark.jars} is set already (as {@code spark-submit} sets it), the application jar
 * that holds this class is sent to them, which is {@code spark/target/quiver-spark.jar} (Quiver and its
 * image and codec libraries, without Spark), or the jar named by the system property
 * {@value #JAR_PROPERTY}.
 */
public final class Sessions {
    /** The system property naming the jar to send to executors, where this class was not loaded from one. */
    public static final String JAR_PROPERTY = "quiver.spark.jar";

    private Sessions() {
    }

    /** A Spark session, and whether closing it stops it (not when it was running before, as in a test or a notebook). */
    public record Session(SparkSession spark, boolean owned) implements AutoCloseable {
        public JavaSparkContext context() {
            return JavaSparkContext.fromSparkContext(spark.sparkContext());
        }

        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    /**
     * The running session if there is one for this master, else a new one.
     *
     * @throws IllegalArgumentException if a session for another master runs in this JVM, or no jar can be
     *                                  found for executors that need one
     */
    public static Session open(String master, String appName) {
        var running = SparkSession.getDefaultSession();
        if (running.isDefined() && !running.get().sparkContext().isStopped()) {
            String current = running.get().sparkContext().master();
            if (!current.equals(master)) {
                throw new IllegalArgumentException("--spark-master " + master + ": this JVM already runs a Spark session on " + current);
            }
            return new Session(running.get(), false);
        }
        SparkConf conf = new SparkConf().setMaster(master).setAppName(appName);
        if (!master.startsWith("local") && !conf.contains("spark.jars")) {
            conf.setJars(new String[] {applicationJar().toString()});
        }
        return new Session(SparkSession.builder().config(conf).getOrCreate(), true);
    }

    /**
     * The jar of Quiver's classes for executors.
     *
     * @throws IllegalArgumentException if none can be found
     */
    public static Path applicationJar() {
        String named = System.getProperty(JAR_PROPERTY);
        if (named != null) {
            Path jar = Path.of(named);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException("-D" + JAR_PROPERTY + "=" + named + ": no such file");
            }
            return jar;
        }
        try {
            Path source = Path.of(Sessions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source) && source.toString().endsWith(".jar")) {
                return source;
            }
            throw new IllegalArgumentException("Quiver's classes come from " + source + ", not a jar, so executors of another JVM cannot "
                    + "load them: build spark/target/quiver-spark.jar (mvn package) and run from it, or name it with -D" + JAR_PROPERTY);
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IllegalArgumentException("cannot tell which jar holds Quiver's classes; name it with -D" + JAR_PROPERTY, e);
        }
    }
}
