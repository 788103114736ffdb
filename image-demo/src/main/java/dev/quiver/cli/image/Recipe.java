package dev.quiver.cli.image;

import dev.quiver.ParallelMap;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Stencil;
import java.util.List;

/**
 * What OPS asks for, as steps: each run of per-pixel operations fused into one kernel (one pass over
 * memory), with neighbourhood operations (blurs) between them, which cannot fuse.
 *
 * @param name the operations as given, for messages
 * @param steps at least one
 */
public record Recipe(String name, List<Step> steps) {

    public Recipe {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a recipe needs at least one step");
        }
    }

    /** A recipe of one per-pixel kernel. */
    public static Recipe of(Kernel kernel) {
        return new Recipe(kernel.name(), List.of(new Point(kernel)));
    }

    /** One pass over the image. */
    public sealed interface Step {
        String name();
    }

    /** Per-pixel operations, fused. */
    public record Point(Kernel kernel) implements Step {
        @Override
        public String name() {
            return kernel.name();
        }
    }

    /** A neighbourhood operation. */
    public record Neighbourhood(Stencil stencil) implements Step {
        @Override
        public String name() {
            return stencil.name();
        }
    }

    /**
     * The image after every step, in a new array; {@code argb} is left as it was.
     *
     * @throws RuntimeException if a backend fails (the message names the step)
     */
    public int[] apply(ParallelMap map, int[] argb, int width, int height) {
        int[] result = new int[argb.length];
        apply(map, argb, width, height, result);
        return result;
    }

    /** The image after every step, into {@code out} (not {@code argb}, which is left as it was). */
    public void apply(ParallelMap map, int[] argb, int width, int height, int[] out) {
        int[] current = argb;
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            int[] next = s == steps.size() - 1 ? out : new int[argb.length];
            switch (step) {
                case Point p -> map.map(p.kernel(), current, next);
                case Neighbourhood n -> map.map(n.stencil(), current, width, height, next);
            }
            current = next;
        }
    }
}
