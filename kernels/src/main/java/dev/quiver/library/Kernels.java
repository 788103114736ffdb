package dev.quiver.library;

import static dev.quiver.kernel.Expr.param;

import dev.quiver.kernel.Expr;
import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Pixel;
import dev.quiver.kernel.Reduction;
import dev.quiver.library.Builtin.Parameter;
import java.util.List;
import java.util.Optional;

/**
 * The built-in kernels: {@code square}; the BabelStream kernels {@code copy mul add triad nstream} and
 * reductions {@code dot sum min max}; and pixel kernels over packed ARGB, which keep alpha and change
 * the stored (gamma-encoded) red, green and blue.
 */
public final class Kernels {
    private Kernels() {
    }

    /** BabelStream's scalar. */
    static final float STREAM_SCALAR = 0.4f;

    public static final Builtin SQUARE = new Builtin("square", "y = x * x", List.of(),
            Kernel.map("square", x -> x.mul(x)));

    public static final Builtin COPY = new Builtin("copy", "c = a (BabelStream copy)", List.of(),
            Kernel.map("copy", List.of("a"), in -> in.get(0)));

    public static final Builtin MUL = new Builtin("mul", "b = s * c (BabelStream mul)",
            List.of(Parameter.withDefault("s", "the scalar", STREAM_SCALAR)),
            Kernel.map("mul", List.of("c"), in -> param("s").mul(in.get(0))));

    public static final Builtin ADD = new Builtin("add", "c = a + b (BabelStream add)", List.of(),
            Kernel.map("add", List.of("a", "b"), in -> in.get(0).add(in.get(1))));

    public static final Builtin TRIAD = new Builtin("triad", "a = b + s * c (BabelStream triad)",
            List.of(Parameter.withDefault("s", "the scalar", STREAM_SCALAR)),
            Kernel.map("triad", List.of("b", "c"), in -> in.get(0).add(param("s").mul(in.get(1)))));

    public static final Builtin NSTREAM = new Builtin("nstream", "a = a + b + s * c (BabelStream nstream; pass a as the output too)",
            List.of(Parameter.withDefault("s", "the scalar", STREAM_SCALAR)),
            Kernel.map("nstream", List.of("a", "b", "c"), in -> in.get(0).add(in.get(1)).add(param("s").mul(in.get(2)))));

    public static final Builtin DOT = new Builtin("dot", "sum of a * b (BabelStream dot)", List.of(),
            Kernel.reduce("dot", Reduction.SUM, (a, b) -> a.mul(b)));

    public static final Builtin SUM = new Builtin("sum", "sum of x", List.of(),
            Kernel.reduce("sum", Reduction.SUM, x -> x));

    public static final Builtin MIN = new Builtin("min", "smallest x (NaN if any is NaN; +Infinity if empty)", List.of(),
            Kernel.reduce("min", Reduction.MIN, x -> x));

    public static final Builtin MAX = new Builtin("max", "largest x (NaN if any is NaN; -Infinity if empty)", List.of(),
            Kernel.reduce("max", Reduction.MAX, x -> x));

    public static final Builtin GRAYSCALE = new Builtin("grayscale", "gray = Rec.601 luma 0.299 r + 0.587 g + 0.114 b", List.of(),
            Kernel.pixels("grayscale", p -> p.withGray(luma(p, 0.299f, 0.587f, 0.114f))));

    public static final Builtin GRAYSCALE709 = new Builtin("grayscale709", "gray = Rec.709 luma 0.2126 r + 0.7152 g + 0.0722 b", List.of(),
            Kernel.pixels("grayscale709", p -> p.withGray(luma(p, 0.2126f, 0.7152f, 0.0722f))));

    public static final Builtin INVERT = new Builtin("invert", "each of r, g, b becomes 255 - it", List.of(),
            Kernel.pixels("invert", p -> p.mapRgb(c -> Expr.constant(255).sub(c))));

    public static final Builtin BRIGHTNESS = new Builtin("brightness", "add DELTA (-255..255) to r, g, b",
            List.of(Parameter.required("delta", "levels to add, -255..255")),
            Kernel.pixels("brightness", p -> p.mapRgb(c -> c.add(param("delta")))));

    public static final Builtin CONTRAST = new Builtin("contrast", "scale r, g, b away from mid-gray 127.5 by FACTOR",
            List.of(Parameter.required("factor", "1 keeps the image; 2 doubles contrast; 0.5 halves it")),
            Kernel.pixels("contrast", p -> p.mapRgb(c -> c.sub(127.5f).mul(param("factor")).add(127.5f))));

    public static final Builtin GAMMA = new Builtin("gamma", "255 * (c / 255) ^ (1 / GAMMA) for r, g, b (over 1 brightens, as ImageMagick -gamma)",
            List.of(Parameter.required("gamma", "the gamma, such as 2.2")),
            Kernel.pixels("gamma", p -> p.mapRgb(c -> c.div(255).pow(Expr.constant(1).div(param("gamma"))).mul(255))));

    public static final Builtin SEPIA = new Builtin("sepia", "the classic sepia tone matrix", List.of(),
            Kernel.pixels("sepia", p -> p.withRgb(
                    luma(p, 0.393f, 0.769f, 0.189f),
                    luma(p, 0.349f, 0.686f, 0.168f),
                    luma(p, 0.272f, 0.534f, 0.131f))));

    public static final Builtin THRESHOLD = new Builtin("threshold", "white where Rec.601 luma >= T, else black",
            List.of(Parameter.required("t", "the level, 0..255")),
            Kernel.pixels("threshold", p -> p.withGray(
                    luma(p, 0.299f, 0.587f, 0.114f).ge(param("t")).select(Expr.constant(255), Expr.constant(0)))));

    private static final List<Builtin> ALL = List.of(SQUARE, COPY, MUL, ADD, TRIAD, NSTREAM, DOT, SUM, MIN, MAX,
            GRAYSCALE, GRAYSCALE709, INVERT, BRIGHTNESS, CONTRAST, GAMMA, SEPIA, THRESHOLD);

    /** Every built-in kernel. */
    public static List<Builtin> all() {
        return ALL;
    }

    /** The built-in kernel of this name. */
    public static Optional<Builtin> find(String name) {
        return ALL.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    private static Expr luma(Pixel p, float wr, float wg, float wb) {
        return p.r().mul(wr).add(p.g().mul(wg)).add(p.b().mul(wb));
    }

    public static Kernel square() {
        return SQUARE.kernel();
    }

    public static Kernel copy() {
        return COPY.kernel();
    }

    /** {@code b = s * c} with BabelStream's s = 0.4. */
    public static Kernel mul() {
        return MUL.kernel();
    }

    public static Kernel add() {
        return ADD.kernel();
    }

    /** {@code a = b + s * c} with BabelStream's s = 0.4; {@code triad().with("s", 3)} for another. */
    public static Kernel triad() {
        return TRIAD.kernel();
    }

    /** {@code a = a + b + s * c}, run with the output the same array as input {@code a}. */
    public static Kernel nstream() {
        return NSTREAM.kernel();
    }

    public static Kernel dot() {
        return DOT.kernel();
    }

    public static Kernel sum() {
        return SUM.kernel();
    }

    public static Kernel min() {
        return MIN.kernel();
    }

    public static Kernel max() {
        return MAX.kernel();
    }

    public static Kernel grayscale() {
        return GRAYSCALE.kernel();
    }

    public static Kernel grayscale709() {
        return GRAYSCALE709.kernel();
    }

    public static Kernel invert() {
        return INVERT.kernel();
    }

    public static Kernel brightness(float delta) {
        return BRIGHTNESS.with(delta);
    }

    public static Kernel contrast(float factor) {
        return CONTRAST.with(factor);
    }

    public static Kernel gamma(float g) {
        return GAMMA.with(g);
    }

    public static Kernel sepia() {
        return SEPIA.kernel();
    }

    public static Kernel threshold(float t) {
        return THRESHOLD.with(t);
    }
}
