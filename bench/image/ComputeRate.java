import dev.quiver.ParallelMap;
import dev.quiver.cli.image.Ops;
import dev.quiver.cli.image.Picture;
import dev.quiver.cli.image.PictureReader;
import dev.quiver.cli.image.Recipe;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * quiver image's compute stage alone, warm: OPS over a decoded image into an output array made once, as
 * the JIT leaves it after warming (calls for at least WARM seconds), then RUNS timed calls; prints the best
 * and the median in ms and megapixels a second, and the bytes a second they move (4 read, 4 written a pixel).
 *   java --add-modules=jdk.incubator.vector -cp image-demo/target/quiver.jar bench/image/ComputeRate.java IMAGE OPS [RUNS] [BACKEND] [WARM]
 */
public class ComputeRate {
    public static void main(String[] args) throws Exception {
        Picture picture = PictureReader.forThisHeap().read(Path.of(args[0]));
        Recipe recipe = Ops.recipe(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        ParallelMap map = ParallelMap.on(args.length > 3 ? args[3] : "simd");
        double warm = args.length > 4 ? Double.parseDouble(args[4]) : 3;
        int[] in = picture.argb();
        int[] out = new int[in.length];
        long start = System.nanoTime();
        while (System.nanoTime() - start < warm * 1e9) {
            recipe.apply(map, in, picture.width(), picture.height(), out);
        }
        double[] t = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            recipe.apply(map, in, picture.width(), picture.height(), out);
            t[r] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        double px = in.length;
        System.out.printf(Locale.ROOT, "quiver %s %s %dx%d: best %.3f ms (%.1f Mpx/s, %.1f GB/s), median %.3f ms (%.1f Mpx/s, %.1f GB/s)%n",
                map.backend(), args[1], picture.width(), picture.height(), t[0] * 1e3, px / t[0] / 1e6, 8 * px / t[0] / 1e9,
                t[runs / 2] * 1e3, px / t[runs / 2] / 1e6, 8 * px / t[runs / 2] / 1e9);
    }
}
