package dev.quiver.bench;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Stencil;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A Gaussian blur of a random image on the named backends, best of N: the compute alone, to set beside
 * {@code convert noise.mpc -blur 0xSIGMA null:} (ImageMagick reading its own pixel cache).
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar dev.quiver.bench.BlurRun [SIGMA] [WIDTH] [HEIGHT] [RUNS] [BACKENDS]
 * </pre>
 */
public final class BlurRun {
    private BlurRun() {
    }

    public static void main(String[] args) {
        double sigma = args.length > 0 ? Double.parseDouble(args[0]) : 2;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int height = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String[] backends = (args.length > 4 ? args[4] : "simd,threads").split(",");
        int[] in = new int[width * height];
        int[] out = new int[in.length];
        var random = new SplittableRandom(1);
        for (int i = 0; i < in.length; i++) {
            in[i] = random.nextInt();
        }
        Stencil blur = Stencil.gaussian(sigma);
        for (String backend : backends) {
            ParallelMap map = ParallelMap.on(backend);
            double best = Double.MAX_VALUE;
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                map.map(blur, in, width, height, out);
                best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            }
            System.out.printf(Locale.ROOT, "%-8s %s on %dx%d: best of %d %.1f ms, %.0f Mpx/s%n",
                    backend, blur, width, height, runs, best, width * (double) height / best / 1e3);
        }
    }
}
