package dev.quiver.decompress;

import dev.quiver.decompress.Tools.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Our bzip2 decoder on damaged data (several flipped bits, bytes overwritten, a stretch zeroed or cut out,
 * anywhere in two streams of several blocks): it decodes, or fails with a {@link DecompressionException};
 * never another exception (an index out of bounds, say), never a hang. DamagePropertyTest does this for
 * every codec with one change; here bzip2, whose decoder is our own, gets more and rougher tries.
 */
class Bzip2DamagePropertyTest {
    private static final byte[] GOOD;

    static {
        try {
            Path dir = Files.createTempDirectory("quiver-bzip2-damage");
            GOOD = TestData.concat(Tool.BZIP2.compress(dir, TestData.concat(TestData.text(250_000, 161), TestData.random(20_000, 162)), "-1"),
                    Tool.BZIP2.compress(dir, TestData.text(50_000, 163), "-9"));
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Property(tries = 1500)
    void damageIsADataProblem(@ForAll long seed) {
        var random = new SplittableRandom(seed);
        byte[] damaged = GOOD.clone();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            int at = random.nextInt(damaged.length);
            switch (random.nextInt(4)) {
                case 0 -> damaged[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> damaged[at] = (byte) random.nextInt(256);
                case 2 -> Arrays.fill(damaged, at, Math.min(damaged.length, at + random.nextInt(64)), (byte) 0);
                default -> damaged = Arrays.copyOf(damaged, Math.max(1, at));
            }
        }
        try {
            Decompress.bytes(damaged, Limits.forBytes().withMaxOutputBytes(4 << 20), Options.defaults().withCodec(Codec.BZIP2));
        } catch (DecompressionException expected) {
            // the damage was noticed
        }
    }
}
