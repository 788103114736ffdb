package dev.quiver.cpu;

import dev.quiver.data.Operand;
import dev.quiver.kernel.Op;
import dev.quiver.kernel.Program;
import dev.quiver.spi.Availability;
import dev.quiver.spi.Backend;
import dev.quiver.spi.Executable;
import dev.quiver.spi.Invocation;
import java.util.Arrays;
import java.util.Optional;

/**
 * A backend that fails on purpose, preferred above all others but only for programs that contain one of
 * its marker constants: {@link #FAILS_TO_PREPARE} or {@link #FAILS_MIDWAY} (after scribbling over the
 * output, as a device that dies mid-copy might).
 */
public final class FailingBackend implements Backend {
    public static final float FAILS_TO_PREPARE = 12345.5f;
    public static final float FAILS_MIDWAY = 54321.5f;

    @Override
    public String name() {
        return "failing";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability() {
        return Availability.usable("fails on purpose, for tests");
    }

    @Override
    public Optional<String> unsupported(Program program) {
        return has(program, FAILS_TO_PREPARE) || has(program, FAILS_MIDWAY) ? Optional.empty() : Optional.of("only runs its test programs");
    }

    @Override
    public Executable prepare(Program program) {
        if (has(program, FAILS_TO_PREPARE)) {
            throw new IllegalStateException("the device refused to build it");
        }
        return new Executable() {
            @Override
            public void map(Invocation call) {
                if (call.output() instanceof Operand.FloatArray out) {
                    Arrays.fill(out.array(), out.offset(), out.offset() + out.count(), -666f);
                }
                throw new IllegalStateException("device lost");
            }

            @Override
            public double reduce(Invocation call) {
                throw new IllegalStateException("device lost");
            }
        };
    }

    private static boolean has(Program p, float marker) {
        return p.nodes().stream().anyMatch(n -> n.op() == Op.CONST && n.constant() == marker);
    }

}
