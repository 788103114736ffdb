package dev.quiver.kernel;

import java.util.Objects;

/**
 * The four channels of a pixel as numbers 0..255, for {@link Kernel#pixels}: the input pixel's channels
 * come in, the output's go out, and each output channel is stored by {@link Semantics#quantize}.
 */
public record Pixel(Expr r, Expr g, Expr b, Expr a) {
    public Pixel {
        for (Expr e : new Expr[] {r, g, b, a}) {
            Objects.requireNonNull(e, "channel");
            if (e.type() != Type.FLOAT) {
                throw new IllegalArgumentException("a pixel channel must be a number, but '" + e + "' is a " + e.type());
            }
        }
    }

    /** The channels of a pixel input. */
    static Pixel of(Expr pixel) {
        return new Pixel(Expr.apply(Op.RED, pixel), Expr.apply(Op.GREEN, pixel), Expr.apply(Op.BLUE, pixel),
                Expr.apply(Op.ALPHA, pixel));
    }

    /** This pixel with new red, green and blue, and the same alpha. */
    public Pixel withRgb(Expr r, Expr g, Expr b) {
        return new Pixel(r, g, b, a);
    }

    /** This pixel with the same expression in red, green and blue: a gray level. */
    public Pixel withGray(Expr level) {
        return withRgb(level, level, level);
    }

    /** Applies {@code f} to red, green and blue alike, keeping alpha. */
    public Pixel mapRgb(java.util.function.UnaryOperator<Expr> f) {
        return withRgb(f.apply(r), f.apply(g), f.apply(b));
    }

    Expr pack() {
        return Expr.apply(Op.PACK, r, g, b, a);
    }
}
