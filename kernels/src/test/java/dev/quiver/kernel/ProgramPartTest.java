package dev.quiver.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quiver.data.Operand;
import dev.quiver.reference.Interpreter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node of a program, cut out as a program of one float input standing for another node. */
class ProgramPartTest {
    @Test
    void aPartComputesWhatItsNodeDoesFromTheStandIn() {
        Kernel k = Kernel.parsePixels("r = 255 * pow(r / 255, 1 / level); g = g; b = b").with("level", 2f);
        Program p = k.program();
        int red = indexOf(p, Op.RED);
        int power = indexOf(p, Op.POW);
        int times255 = p.nodes().size() - 1;
        while (!(p.nodes().get(times255).op() == Op.MUL && List.of(p.nodes().get(times255).arg(0), p.nodes().get(times255).arg(1)).contains(power))) {
            times255--;
        }
        Program part = p.part(times255, red);
        assertEquals(List.of(new Program.Input("_level", Type.FLOAT)), part.inputs(), "named apart from the parameter 'level'");
        assertEquals(p.params(), part.params());
        var interpreter = new Interpreter(part, k.paramValues());
        interpreter.evaluate(List.of(new Operand.FloatArray(new float[] {64f}, 0, 1)), 0);
        assertEquals(Semantics.mul(Semantics.pow(Semantics.div(64f, 255f), Semantics.div(1f, 2f)), 255f), interpreter.floatResult());
    }

    @Test
    void aPartThatNeedsAnotherInputIsRefused() {
        Program p = Kernel.parse("y = pow(x, 2) + z").program();
        int power = indexOf(p, Op.POW);
        int x = p.inputNodes().stream().filter(i -> p.nodes().get(i).slot() == p.inputs().indexOf(new Program.Input("x", Type.FLOAT)))
                .findFirst().orElseThrow();
        assertEquals(Op.POW, p.part(power, x).result().op());
        assertThrows(IllegalArgumentException.class, () -> p.part(p.nodes().size() - 1, x));
    }

    private static int indexOf(Program p, Op op) {
        for (int i = 0; i < p.nodes().size(); i++) {
            if (p.nodes().get(i).op() == op) {
                return i;
            }
        }
        throw new AssertionError(op + " not in " + p);
    }
}
