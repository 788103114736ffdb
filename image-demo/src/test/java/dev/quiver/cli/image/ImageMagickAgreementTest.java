package dev.quiver.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Quiver's point operations against ImageMagick's matching ones, on the same random opaque image: every
 * channel of every pixel within ±1 (ImageMagick computes in 16-bit quanta, Quiver in float, and each
 * rounds once). Runs where ImageMagick's {@code convert} is installed (it is on the CI machines);
 * skipped, saying so, elsewhere.
 *
 * <p>Where ImageMagick's operation of the same name computes something else, the matching ImageMagick
 * expression is used and named here: sepia is {@code -color-matrix} with the classic matrix
 * ({@code -sepia-tone} is another algorithm); contrast is {@code -fx} ({@code -contrast} and
 * {@code -brightness-contrast} are other curves); brightness is {@code -evaluate Add}. Pipelines are not
 * compared: a level of rounding difference in one step grows in the next (near black, gamma 2.2 makes one
 * level four), while Quiver's pipeline gives exactly the bytes of its steps one after another, tested
 * elsewhere.
 */
class ImageMagickAgreementTest {
    private static final int WIDTH = 61;
    private static final int HEIGHT = 37;

    @TempDir
    static Path dir;
    private static Path input;
    private static int[] pixels;

    @BeforeAll
    static void writeInput() throws IOException {
        var random = new SplittableRandom(601);
        pixels = new int[WIDTH * HEIGHT];
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0xFF000000 | random.nextInt(1 << 24);
            image.setRGB(i % WIDTH, i / WIDTH, pixels[i]);
        }
        input = dir.resolve("in.png");
        ImageIO.write(image, "png", input.toFile());
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                Arguments.of("grayscale", Kernels.grayscale(), List.of("-grayscale", "Rec601Luma")),
                Arguments.of("grayscale709", Kernels.grayscale709(), List.of("-grayscale", "Rec709Luma")),
                Arguments.of("invert", Kernels.invert(), List.of("-negate")),
                Arguments.of("gamma=2.2", Kernels.gamma(2.2f), List.of("-gamma", "2.2")),
                Arguments.of("brightness=20", Kernels.brightness(20), List.of("-evaluate", "Add", "7.8431372549%")),
                Arguments.of("contrast=1.3", Kernels.contrast(1.3f), List.of("-fx", "(u-0.5)*1.3+0.5")),
                Arguments.of("sepia", Kernels.sepia(), List.of("-color-matrix", "0.393 0.769 0.189 0.349 0.686 0.168 0.272 0.534 0.131")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void quiverIsWithinOneLevelOfImageMagick(String name, Kernel kernel, List<String> magickArguments) throws Exception {
        assumeTrue(imageMagickInstalled(), "ImageMagick's convert is not installed (apt-get install -y imagemagick): comparison skipped");
        Path output = dir.resolve(name.replace('=', '_') + ".png");
        var command = new ArrayList<String>(List.of("convert", input.toString()));
        command.addAll(magickArguments);
        command.addAll(List.of("-depth", "8", "-type", "TrueColor", "PNG24:" + output));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + " failed: " + log);
        BufferedImage magick = ImageIO.read(output.toFile());

        int[] quiver = new int[pixels.length];
        for (String backend : List.of("simd", "threads", "reference")) {
            ParallelMap.on(backend).map(kernel, pixels, quiver);
            int worst = 0;
            String where = "";
            for (int i = 0; i < pixels.length; i++) {
                int m = magick.getRGB(i % WIDTH, i / WIDTH);
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs((quiver[i] >> shift & 0xFF) - (m >> shift & 0xFF));
                    if (d > worst) {
                        worst = d;
                        where = String.format("pixel %d of 0x%06X: quiver 0x%06X, ImageMagick 0x%06X", i, pixels[i] & 0xFFFFFF, quiver[i] & 0xFFFFFF, m & 0xFFFFFF);
                    }
                }
            }
            assertTrue(worst <= 1, backend + " " + name + " differs from " + String.join(" ", magickArguments) + " by " + worst + " at " + where);
            assertEquals(0xFF, quiver[0] >>> 24);
        }
    }

    /** By what {@code convert -version} says: a machine may have something else called convert on its path. */
    private static boolean imageMagickInstalled() {
        try {
            Process p = new ProcessBuilder("convert", "-version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && version.startsWith("Version: ImageMagick");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
