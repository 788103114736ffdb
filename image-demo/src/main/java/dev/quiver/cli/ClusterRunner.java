package dev.quiver.cli;

import dev.quiver.cli.image.Job;
import dev.quiver.cli.image.Outcome;
import dev.quiver.decompress.Limits;
import dev.quiver.decompress.Options;
import dev.quiver.decompress.WrittenFile;
import dev.quiver.tasks.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Runs a command's batch on a cluster instead of in this JVM, for {@code --spark-master}. This module holds
 * only the seam: the quiver-spark module implements it and is found with {@link ServiceLoader}, so that the
 * command-line tool carries no cluster framework (Spark is some 300 MB of jars) unless it is asked to.
 * The cluster's nodes must share the file system that the inputs and outputs are on.
 */
public interface ClusterRunner {

    /** {@code quiver image}'s settings, as given on the command line. */
    record ImageSettings(String ops, String backend, Integer threads, int quality, boolean force) {
    }

    /**
     * Runs the jobs on the cluster at {@code master}, giving each outcome to {@code each} on the calling
     * thread as the cluster reports it, and returns them all, one per job: the same outcomes as
     * {@code BatchRunner} on one machine.
     */
    List<Outcome> images(String master, ImageSettings settings, List<Job> jobs, Consumer<Outcome> each);

    /** {@code Decompress.unordered} on the cluster: one result per input, as each is known. */
    Stream<Result<Path, WrittenFile>> decompress(String master, List<Path> inputs, Function<Path, Path> outDirOf, Limits limits,
            Options options, Integer threads);

    /** Lines describing each executor of the cluster and its backends, for {@code quiver devices}. */
    List<String> devices(String master);

    /**
     * The runner on the class path.
     *
     * @throws IllegalArgumentException if there is none, saying how to get one
     */
    static ClusterRunner find() {
        return ServiceLoader.load(ClusterRunner.class).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "--spark-master needs Quiver's Spark module, which is not on the class path: run quiver through ./quiver "
                        + "(it adds spark/target/quiver-spark.jar and Spark's jars when --spark-master is given), or with spark-submit "
                        + "and spark/target/quiver-spark.jar as README.md shows"));
    }
}
