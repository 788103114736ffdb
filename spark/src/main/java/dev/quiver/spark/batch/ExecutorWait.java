package dev.quiver.spark.batch;

import org.apache.spark.api.java.JavaSparkContext;

/** Waits for a new application's executors to register, which on a cluster takes some seconds after it starts. */
final class ExecutorWait {
    /** How long to wait for the first executor. */
    private static final long FIRST_MILLIS = 60_000;
    /** How long the count must stay the same to be taken as all. */
    private static final long STEADY_MILLIS = 3_000;

    private ExecutorWait() {
    }

    /**
     * The number of executors registered once the count has stopped growing (0 in {@code local[N]}, where the
     * driver runs the tasks).
     */
    static int executors(JavaSparkContext sc) {
        if (sc.master().startsWith("local")) {
            return 0;
        }
        long start = System.currentTimeMillis();
        int seen = count(sc);
        long steadySince = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < FIRST_MILLIS + STEADY_MILLIS) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            int now = count(sc);
            if (now != seen) {
                seen = now;
                steadySince = System.currentTimeMillis();
            } else if (seen > 0 && System.currentTimeMillis() - steadySince >= STEADY_MILLIS) {
                break;
            }
        }
        return seen;
    }

    /** Executors other than the driver. */
    private static int count(JavaSparkContext sc) {
        return Math.max(0, sc.statusTracker().getExecutorInfos().length - 1);
    }
}
