package dev.quiver.kernel;

/**
 * Runs a {@link Stencil} over a band of output rows with bounded memory: the horizontal pass of the
 * {@code 2r + 1} rows each output row needs is kept in a ring and computed once per row. Bands of one
 * image may run on different threads at once; each call allocates its own ring
 * ({@code (2r + 1) × 4 × width} floats).
 */
public final class StencilBands {

    /** Row passes: {@link Stencil}'s own scalar definition, or a backend's faster equal one. */
    public interface Rows {
        void horizontal(int[] pixels, int width, int y, float[] out);

        void vertical(float[][] rows, int width, int[] out, int offset);
    }

    private StencilBands() {
    }

    /** The stencil's own definition, one pixel at a time. */
    public static Rows reference(Stencil stencil) {
        return new Rows() {
            @Override
            public void horizontal(int[] pixels, int width, int y, float[] out) {
                stencil.horizontalRow(pixels, width, y, out);
            }

            @Override
            public void vertical(float[][] rows, int width, int[] out, int offset) {
                stencil.verticalRow(rows, width, out, offset);
            }
        };
    }

    /** Writes output rows {@code [from, to)} of a {@code width × height} image. */
    public static void run(Stencil stencil, Rows rows, int[] in, int width, int height, int[] out, int from, int to) {
        int r = stencil.radius();
        int span = 2 * r + 1;
        // ring[slot] holds the horizontal pass of source row (slot's row); a row is computed when first needed
        float[][] ring = new float[span][4 * width];
        int[] held = new int[span];
        java.util.Arrays.fill(held, -1);
        float[][] window = new float[span][];
        for (int y = from; y < to; y++) {
            for (int k = 0; k < span; k++) {
                int source = Math.clamp(y - r + k, 0, height - 1);
                int slot = Math.floorMod(source, span);
                if (held[slot] != source) {
                    rows.horizontal(in, width, source, ring[slot]);
                    held[slot] = source;
                }
                window[k] = ring[slot];
            }
            rows.vertical(window, width, out, y * width);
        }
    }
}
