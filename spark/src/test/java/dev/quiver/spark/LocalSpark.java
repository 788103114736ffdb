package dev.quiver.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test JVM, {@code local[2]}: a real Spark scheduler running tasks on two
 * threads of this JVM. Started on first use (about ten seconds) and shared by every test class; Spark's
 * shutdown hook stops it when the JVM ends. The command-line tests' {@code --spark-master local[2]} finds it
 * running and uses it.
 */
public final class LocalSpark {
    public static final String MASTER = "local[2]";
    private static SparkSession session;

    private LocalSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder().master(MASTER).appName("quiver-spark tests").config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        }
        return session;
    }

    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
