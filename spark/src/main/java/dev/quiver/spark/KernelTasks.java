package dev.quiver.spark;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Reduction;
import java.io.Serial;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function;
import scala.Tuple2;

/**
 * The functions {@link QuiverSpark} sends to executors. Each holds only a {@link KernelWire}; the kernel is
 * decoded, and compiled by the executor's backends, once per executor JVM ({@link OnExecutor}).
 */
final class KernelTasks {
    private KernelTasks() {
    }

    private static ParallelMap map() {
        return OnExecutor.map("auto");
    }

    /** A kernel of one float input over each chunk. */
    record MapOne(KernelWire wire) implements Function<float[], float[]> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public float[] call(float[] x) {
            float[] out = new float[x.length];
            map().map(wire.kernel(), x, out);
            return out;
        }
    }

    /** A kernel of two float inputs over each pair of chunks. */
    record MapTwo(KernelWire wire) implements Function<Tuple2<float[], float[]>, float[]> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public float[] call(Tuple2<float[], float[]> ab) {
            float[] out = new float[ab._1().length];
            map().map(wire.kernel(), ab._1(), ab._2(), out);
            return out;
        }
    }

    /** A pixel kernel over each chunk of packed ARGB pixels. */
    record MapPixels(KernelWire wire) implements Function<int[], int[]> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public int[] call(int[] pixels) {
            int[] out = new int[pixels.length];
            map().map(wire.kernel(), pixels, out);
            return out;
        }
    }

    /** A partition's partial result: the reduction of each chunk, combined in chunk order. */
    record ReduceOne(KernelWire wire) implements FlatMapFunction<Iterator<float[]>, Double> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Double> call(Iterator<float[]> chunks) {
            Kernel k = wire.kernel();
            Reduction r = k.program().reduction().orElseThrow();
            double partial = r.identity();
            while (chunks.hasNext()) {
                partial = r.combine(partial, map().reduce(k, chunks.next()));
            }
            return List.of(partial).iterator();
        }
    }

    /** As {@link ReduceOne}, for a reduction of two inputs such as {@code dot}. */
    record ReduceTwo(KernelWire wire) implements FlatMapFunction<Iterator<Tuple2<float[], float[]>>, Double> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<Double> call(Iterator<Tuple2<float[], float[]>> chunks) {
            Kernel k = wire.kernel();
            Reduction r = k.program().reduction().orElseThrow();
            double partial = r.identity();
            while (chunks.hasNext()) {
                Tuple2<float[], float[]> ab = chunks.next();
                partial = r.combine(partial, map().reduce(k, ab._1(), ab._2()));
            }
            return List.of(partial).iterator();
        }
    }
}
