package dev.quiver.spark.batch;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiFunction;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a job whose every partition gives a list of results, and hands each partition's list to the
 * caller as soon as that partition's task has succeeded, on the caller's thread, so that a batch can report
 * progress while the cluster works. A task that fails (or whose executor dies) is retried by Spark; only the
 * successful attempt's results arrive, so no result is lost or delivered twice.
 */
final class PartitionResults {
    private PartitionResults() {
    }

    /** What a task computes from its partition's items: its results, in item order. */
    interface Work<T, R> extends BiFunction<TaskContext, Iterator<T>, List<R>>, Serializable {
    }

    /** Receives one partition's results. */
    interface Sink<R> {
        void accept(List<R> results);
    }

    /** A partition's results, or the job's failure, or the end. */
    private record Message<R>(List<R> results, Throwable failure) {
    }

    /**
     * Runs {@code work} over every partition of {@code rdd}, giving each partition's results to {@code sink}
     * as they come, and returns when all have come.
     *
     * @throws SparkJobException if the job fails (a task failed on every attempt Spark allows)
     */
    static <T, R> void run(JavaRDD<T> rdd, Work<T, R> work, Sink<R> sink) {
        int partitions = rdd.getNumPartitions();
        BlockingQueue<Message<R>> queue = new LinkedBlockingQueue<>();
        var partitionIds = new ArrayList<Object>();
        for (int i = 0; i < partitions; i++) {
            partitionIds.add(i);
        }
        Thread job = Thread.ofPlatform().name("quiver-spark-job").daemon().start(() -> {
            try {
                rdd.context().runJob(rdd.rdd(), new TaskFunction<>(work), CollectionConverters.asScala(partitionIds).toSeq(),
                        new Handler<>(queue), ClassTag.apply(List.class));
            } catch (Throwable e) {
                queue.add(new Message<>(null, e));
            }
        });
        try {
            for (int received = 0; received < partitions; received++) {
                Message<R> m = queue.take();
                if (m.failure() != null) {
                    throw new SparkJobException(m.failure());
                }
                sink.accept(m.results());
            }
            job.join();
        } catch (InterruptedException e) {
            rdd.context().cancelAllJobs();
            Thread.currentThread().interrupt();
            throw new SparkJobException(e);
        }
    }

    /** The task: {@code work} on the executor. */
    private static final class TaskFunction<T, R> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, List<R>>
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Work<T, R> work;

        TaskFunction(Work<T, R> work) {
            this.work = work;
        }

        @Override
        public List<R> apply(TaskContext context, scala.collection.Iterator<T> items) {
            return new ArrayList<>(work.apply(context, CollectionConverters.asJava(items)));
        }
    }

    /** On the driver, as each task succeeds. */
    private static final class Handler<R> extends AbstractFunction2<Object, List<R>, BoxedUnit> {
        private final BlockingQueue<Message<R>> queue;

        Handler(BlockingQueue<Message<R>> queue) {
            this.queue = queue;
        }

        @Override
        public BoxedUnit apply(Object partition, List<R> results) {
            queue.add(new Message<>(results, null));
            return BoxedUnit.UNIT;
        }
    }
}
