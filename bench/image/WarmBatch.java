import dev.quiver.ParallelMap;
import dev.quiver.cli.image.BatchRunner;
import dev.quiver.cli.image.ImageFormat;
import dev.quiver.cli.image.Job;
import dev.quiver.cli.image.Ops;
import dev.quiver.cli.image.Outcome;
import dev.quiver.cli.image.PictureReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * quiver image's batch, run PASSES times in one JVM, each into a fresh temporary directory: the first
 * pass is what the command costs cold (the JIT compiling the kernel's loop as it goes), the later ones
 * what it costs once the loop is compiled. Prints each pass's wall time and its stages' times summed over files.
 *   java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp image-demo/target/quiver.jar \
 *       bench/image/WarmBatch.java OPS INPUT_DIR FORMAT [PASSES] [BACKEND]
 */
public class WarmBatch {
    public static void main(String[] args) throws Exception {
        var recipe = Ops.recipe(args[0]);
        ImageFormat format = ImageFormat.named(args[2]).orElseThrow();
        int passes = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ParallelMap map = ParallelMap.on(args.length > 4 ? args[4] : "simd");
        List<Path> files;
        try (var listing = Files.list(Path.of(args[1]))) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (int pass = 0; pass < passes; pass++) {
            Path out = Files.createTempDirectory("quiver-warm-batch-");
            List<Job> jobs = files.stream()
                    .map(f -> new Job(f, out.resolve(f.getFileName().toString().replaceAll("\\.[^.]+$", "") + "." + format.extension()), format))
                    .toList();
            var runner = new BatchRunner(PictureReader.forThisHeap(), recipe, map, 90, true);
            long t0 = System.nanoTime();
            List<Outcome> outcomes = runner.run(jobs, o -> { });
            double wall = (System.nanoTime() - t0) / 1e9;
            double decode = 0, compute = 0, encode = 0;
            int written = 0;
            for (Outcome o : outcomes) {
                if (o instanceof Outcome.Written w) {
                    written++;
                    decode += w.timings().decodeNanos() / 1e9;
                    compute += w.timings().computeNanos() / 1e9;
                    encode += w.timings().encodeNanos() / 1e9;
                }
            }
            System.out.printf(Locale.ROOT, "pass %d: %d of %d written in %.3f s; summed over files: decode %.3f s, compute %.3f s, encode %.3f s%n",
                    pass, written, jobs.size(), wall, decode, compute, encode);
            try (var written2 = Files.list(out)) {
                for (Path p : written2.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(out);
        }
    }
}
