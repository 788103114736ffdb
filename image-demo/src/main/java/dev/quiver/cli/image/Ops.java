package dev.quiver.cli.image;

import dev.quiver.kernel.Kernel;
import dev.quiver.kernel.Stencil;
import dev.quiver.kernel.Type;
import dev.quiver.library.Builtin;
import dev.quiver.library.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The OPS argument of {@code quiver image}, such as {@code grayscale,gamma=2.2,brightness=20,invert} or
 * {@code contrast=1.2,expr='r = 255 - r; g = g * 0.9'},blur=2, read into a {@link Recipe}: per-pixel
 * operations fused into one pass over memory ({@link Kernel#then}), with the same result as one after
 * another, and each blur a pass of its own.
 *
 * <p>The operations are the library's pixel built-ins ({@link Kernels#all()}), by name, with
 * {@code =VALUE} for the one parameter of those that take one, and {@code expr=TEXT}, a pixel kernel in
 * the kernel language ({@link Kernel#parsePixels}). Names, parameters and help come from the built-ins'
 * own definitions: a new pixel built-in is an operation with no change here.
 *
 * <p>Operations are separated by commas outside parentheses and quotes, so {@code expr=} text may call
 * {@code min(r, g)}; a value may be quoted with {@code '} or {@code "} (the quotes are removed).
 * Mistakes throw {@link IllegalArgumentException} naming the operation and what was expected.
 */
public final class Ops {
    /** The operation that takes kernel text. */
    public static final String EXPR = "expr";
    /** The Gaussian blur, a neighbourhood operation. */
    public static final String BLUR = "blur";

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Ops() {
    }

    /**
     * The operations as a {@link Recipe}: consecutive per-pixel operations fused into one kernel, named
     * by them ({@code grayscale,gamma}), every parameter bound; each blur a step of its own.
     *
     * @throws IllegalArgumentException naming the operation and the mistake
     */
    public static Recipe recipe(String ops) {
        if (ops == null || ops.isBlank()) {
            throw new IllegalArgumentException("OPS is empty: give at least one operation, such as grayscale or gamma=2.2");
        }
        var steps = new ArrayList<Recipe.Step>();
        Kernel fused = null;
        for (String op : split(ops)) {
            Recipe.Step step = operation(op);
            if (step instanceof Recipe.Point(Kernel k)) {
                fused = fused == null ? k : fused.then(k);
                continue;
            }
            if (fused != null) {
                steps.add(new Recipe.Point(fused));
                fused = null;
            }
            steps.add(step);
        }
        if (fused != null) {
            steps.add(new Recipe.Point(fused));
        }
        return new Recipe(ops.strip(), steps);
    }

    /**
     * One fused pixel kernel for operations that are all per-pixel.
     *
     * @throws IllegalArgumentException naming the operation and the mistake, or if OPS has a blur
     */
    public static Kernel parse(String ops) {
        Recipe recipe = recipe(ops);
        if (recipe.steps().size() != 1 || !(recipe.steps().getFirst() instanceof Recipe.Point(Kernel k))) {
            throw new IllegalArgumentException("'" + ops + "' has a blur, which reads neighbouring pixels and cannot fuse into one per-pixel kernel");
        }
        return k;
    }

    /** The pixel built-ins: those taking one pixel input and giving a pixel. */
    public static List<Builtin> builtins() {
        return Kernels.all().stream().filter(Ops::isPixelOperation).toList();
    }

    /**
     * The operations for help: each one's usage ({@code gamma=GAMMA}) and what it does, then a line per
     * parameter, all from the built-ins' definitions; then {@code expr} and {@code blur}.
     */
    public static List<String[]> help() {
        var rows = new ArrayList<String[]>();
        for (Builtin b : builtins()) {
            rows.add(new String[] {usage(b), b.summary()});
            for (Builtin.Parameter p : b.parameters()) {
                rows.add(new String[] {"", placeholder(p) + ": " + p.meaning()});
            }
        }
        rows.add(new String[] {EXPR + "=TEXT", "a pixel kernel: r g b a are the pixel's channels (0..255), and assigning them"
                + " sets the result's: expr='r = 255 - r; b = b * 0.8'. Quote it for the shell."});
        rows.add(new String[] {BLUR + "=SIGMA", "Gaussian blur of SIGMA pixels (0 < SIGMA <= 100), edges clamped; it reads"
                + " neighbouring pixels, so the operations before and after it run as separate passes"});
        return rows;
    }

    private static boolean isPixelOperation(Builtin b) {
        Kernel k = b.kernel();
        return !k.isReduction() && k.outputType() == Type.PIXEL && k.program().inputs().size() == 1
                && k.program().inputs().getFirst().type() == Type.PIXEL;
    }

    private static Recipe.Step operation(String op) {
        int eq = op.indexOf('=');
        String name = (eq < 0 ? op : op.substring(0, eq)).strip();
        String value = eq < 0 ? null : unquote(op.substring(eq + 1).strip());
        if (name.isEmpty()) {
            throw new IllegalArgumentException("operation '" + op + "' has no name before '='");
        }
        return switch (name) {
            case EXPR -> new Recipe.Point(expression(op, value));
            case BLUR -> new Recipe.Neighbourhood(blur(op, value));
            default -> new Recipe.Point(builtin(op, name, value));
        };
    }

    /** {@code blur=SIGMA}: a Gaussian blur of SIGMA pixels ({@link Stencil#gaussian}). */
    private static Stencil blur(String op, String value) {
        if (value == null || !NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("operation '" + op + "' needs a number of pixels: blur=SIGMA, such as blur=2");
        }
        try {
            return Stencil.gaussian(Double.parseDouble(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("operation '" + op + "': " + e.getMessage(), e);
        }
    }

    private static Kernel expression(String op, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("operation '" + op + "' needs kernel text: expr='r = 255 - r; g = 255 - g; b = 255 - b'");
        }
        Kernel k;
        try {
            k = Kernel.parsePixels(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("operation " + EXPR + "='" + text + "': " + e.getMessage(), e);
        }
        if (!k.params().isEmpty()) {
            throw new IllegalArgumentException("operation " + EXPR + "='" + text + "': '" + k.params().getFirst()
                    + "' is neither a channel (r, g, b, a) nor a name assigned before it is used");
        }
        return k;
    }

    private static Kernel builtin(String op, String name, String value) {
        Optional<Builtin> found = Kernels.find(name);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("unknown operation '" + name + "'" + suggestion(name) + "; the operations are " + names());
        }
        Builtin b = found.get();
        if (!isPixelOperation(b)) {
            throw new IllegalArgumentException("'" + name + "' is a kernel over float arrays, not an image operation (run it with quiver map);"
                    + " the image operations are " + names());
        }
        List<Builtin.Parameter> params = b.parameters();
        if (params.isEmpty()) {
            if (value != null) {
                throw new IllegalArgumentException("operation '" + op + "': " + name + " takes no value; write just " + name);
            }
            return b.kernel();
        }
        if (params.size() > 1) {
            throw new IllegalArgumentException("operation '" + name + "' takes " + params.size() + " parameters, and OPS can set one");
        }
        Builtin.Parameter p = params.getFirst();
        if (value == null || value.isEmpty()) {
            if (p.byDefault().isPresent()) {
                return b.kernel();
            }
            throw new IllegalArgumentException("operation '" + name + "' needs a value: " + usage(b) + " (" + p.meaning() + ")");
        }
        if (!NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("operation '" + op + "': '" + value + "' is not a number; write " + usage(b)
                    + " (" + p.meaning() + ")");
        }
        float v = Float.parseFloat(value);
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException("operation '" + op + "': " + value + " is too large for a float; write " + usage(b)
                    + " (" + p.meaning() + ")");
        }
        return b.with(v);
    }

    /** {@code gamma=GAMMA}, {@code invert}. */
    private static String usage(Builtin b) {
        return b.parameters().isEmpty() ? b.name() : b.name() + "=" + placeholder(b.parameters().getFirst());
    }

    private static String placeholder(Builtin.Parameter p) {
        return p.name().toUpperCase(Locale.ROOT);
    }

    private static String names() {
        var all = new ArrayList<String>();
        for (Builtin b : builtins()) {
            all.add(usage(b));
        }
        all.add(EXPR + "=TEXT");
        return String.join(", ", all);
    }

    /** "; did you mean 'grayscale'?" for a name close to one operation, else nothing. */
    private static String suggestion(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        var candidates = new ArrayList<String>();
        builtins().forEach(b -> candidates.add(b.name()));
        candidates.add(EXPR);
        candidates.add(BLUR);
        String lower = name.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = c.startsWith(lower) && lower.length() >= 3 ? 1 : distance(lower, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** The operations of OPS: split at commas outside parentheses and quotes. */
    static List<String> split(String ops) {
        var parts = new ArrayList<String>();
        var part = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < ops.length(); i++) {
            char c = ops.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                parts.add(check(part.toString(), ops));
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        if (quote != 0) {
            throw new IllegalArgumentException("OPS '" + ops + "' has a " + quote + " that is never closed");
        }
        parts.add(check(part.toString(), ops));
        return parts;
    }

    private static String check(String op, String ops) {
        if (op.isBlank()) {
            throw new IllegalArgumentException("OPS '" + ops + "' has an empty operation: two commas in a row, or one at an end");
        }
        return op.strip();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '\'' || value.charAt(0) == '"') && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
