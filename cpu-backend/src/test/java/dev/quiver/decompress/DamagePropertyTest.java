package dev.quiver.decompress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.quiver.decompress.Tools.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Real tools' data damaged at random (a flipped bit, a replaced byte, a cut) either decompresses or fails
 * with a {@link DecompressionException}: never another exception, never a hang. Undamaged, it decompresses
 * to the original.
 */
class DamagePropertyTest {
    private static final Path DIR;
    private static final Map<Tool, byte[]> ORIGINALS = new EnumMap<>(Tool.class);
    private static final Map<Tool, byte[]> COMPRESSED = new EnumMap<>(Tool.class);

    static {
        try {
            DIR = Files.createTempDirectory("quiver-damage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized byte[] compressed(Tool tool) {
        return COMPRESSED.computeIfAbsent(tool, t -> {
            byte[] data = TestData.concat(TestData.text(30_000, 111), TestData.random(3_000, 112));
            ORIGINALS.put(t, data);
            return t.compress(DIR, data);
        });
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        Files.deleteIfExists(DIR);
    }

    @Property(tries = 700)
    void damageIsReportedAsADataProblem(@ForAll Tool tool, @ForAll long seed) throws DecompressionException {
        byte[] good = compressed(tool);
        var random = new SplittableRandom(seed);
        byte[] damaged = switch (random.nextInt(3)) {
            case 0 -> TestData.flip(good, random.nextInt(good.length), 1 << random.nextInt(8));
            case 1 -> Arrays.copyOf(good, random.nextInt(good.length));
            default -> {
                byte[] b = good.clone();
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                yield b;
            }
        };
        Options options = Options.defaults().withCodec(tool.codec).withVerify(random.nextBoolean());
        try {
            Decompress.bytes(damaged, Limits.forBytes().withMaxOutputBytes(1 << 20), options);
        } catch (DecompressionException expected) {
            // the damage was noticed
        }
        assertArrayEquals(ORIGINALS.get(tool), Decompress.bytes(good, Limits.forBytes(), options));
    }
}
