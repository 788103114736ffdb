package dev.quiver.spark.cluster;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs a Spark daemon's main class ({@code ParentWatch MAIN ARGS...}) and ends the JVM when its standard
 * input closes, which happens when the process that started it dies, however it dies: a test JVM killed
 * by a timeout leaves no Master or Worker behind. Ending runs Spark's shutdown hooks, in which a Worker
 * kills the executors it started.
 */
public final class ParentWatch {
    /** How long the daemon's shutdown hooks get before the JVM is halted. */
    private static final long HOOKS_MILLIS = 10_000;

    private ParentWatch() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length == 0) {
            System.err.println("usage: ParentWatch MAIN-CLASS [ARGS...]");
            System.exit(2);
        }
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Nothing is sent; only the end of the stream matters.
                }
            } catch (IOException e) {
                // A broken pipe means the same: the parent is gone.
            }
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(HOOKS_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                Runtime.getRuntime().halt(1);
            });
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
