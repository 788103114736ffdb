package dev.quiver.cpu.codegen;

/**
 * The sum of a vector's lanes, always in lane order, for the generated loops. {@code reduceLanes(ADD)}
 * leaves the order unspecified, and it differs between the interpreter, C1 and C2's intrinsic, so the
 * same call gave different last bits as the JIT compiled the loop.
 */
public final class LaneSum {
    private LaneSum() {
    }

    /** {@code lanes[0] + lanes[1] + ...}, in float, left to right. */
    public static float inOrder(float[] lanes) {
        float sum = 0;
        for (float lane : lanes) {
            sum += lane;
        }
        return sum;
    }
}
