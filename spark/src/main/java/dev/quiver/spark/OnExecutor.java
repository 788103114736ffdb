package dev.quiver.spark;

import dev.quiver.ParallelMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * What each Spark executor JVM keeps between tasks: one {@link ParallelMap} per backend name, so that
 * every task of the JVM shares the backends' compiled-code caches (a kernel is compiled once per JVM,
 * not once per task), and the ImageIO plug-ins registered once.
 */
public final class OnExecutor {
    private static final Map<String, ParallelMap> MAPS = new ConcurrentHashMap<>();
    private static volatile boolean imageIoReady;

    private OnExecutor() {
    }

    /**
     * The parallel map for {@code backend} ({@code auto} lets each call choose: SIMD on a CPU node, what
     * its dispatch finds fastest where there is a device).
     *
     * @throws IllegalArgumentException if this JVM cannot run the backend, naming the host
     */
    public static ParallelMap map(String backend) {
        return MAPS.computeIfAbsent(backend, name -> {
            try {
                return ParallelMap.on(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " (on " + ExecutorReport.where() + ")", e);
            }
        });
    }

    /**
     * Registers the ImageIO readers and writers of the jars Spark gave this task (Quiver's JPEG, TIFF, BMP
     * and WebP plug-ins come in the application jar, which the JVM's own class path does not hold, so
     * ImageIO's start-up scan cannot see them).
     */
    public static void imageIo() {
        if (!imageIoReady) {
            synchronized (OnExecutor.class) {
                if (!imageIoReady) {
                    Thread t = Thread.currentThread();
                    ClassLoader before = t.getContextClassLoader();
                    t.setContextClassLoader(OnExecutor.class.getClassLoader());
                    try {
                        ImageIO.scanForPlugins();
                    } finally {
                        t.setContextClassLoader(before);
                    }
                    imageIoReady = true;
                }
            }
        }
    }
}
