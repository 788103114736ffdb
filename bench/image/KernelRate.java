import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The point operations' time a pixel on ONE thread of one backend, on 1 Mi random pixels: the best of CALLS
 * calls (default 400, enough for simd's vector loop to be warm by the end; add
 * -Dquiver.simd.coldStart=vector to time it from the first call).
 *   java --add-modules=jdk.incubator.vector -cp image-demo/target/quiver.jar bench/image/KernelRate.java BACKEND [CALLS]
 */
public class KernelRate {
    public static void main(String[] args) {
        ParallelMap map = ParallelMap.on(args[0]).withThreads(1);
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int n = 1 << 20;
        int[] pixels = new int[n];
        var random = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            pixels[i] = random.nextInt();
        }
        int[] out = new int[n];
        for (Kernel k : List.of(Kernels.invert(), Kernels.grayscale(), Kernels.contrast(1.2f), Kernels.gamma(2.2f),
                Kernels.grayscale().then(Kernels.gamma(2.2f)).then(Kernels.contrast(1.2f)))) {
            long best = Long.MAX_VALUE;
            for (int c = 0; c < calls; c++) {
                long t0 = System.nanoTime();
                map.map(k, pixels, out);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf(Locale.ROOT, "%-8s %-26s %7.2f ns a pixel%n", args[0], k.name(), best / (double) n);
        }
    }
}
