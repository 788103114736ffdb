package dev.quiver.library;

import dev.quiver.kernel.Kernel;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A built-in kernel: its name, a one-line summary, its parameters, and the kernel itself with any
 * defaults bound. This one definition drives the library's methods, {@code quiver map NAME},
 * {@code quiver image} operations, their {@code --help} and the README's table.
 */
public record Builtin(String name, String summary, List<Parameter> parameters, Kernel kernel) {

    /**
     * A parameter of a built-in kernel.
     *
     * @param byDefault its value when none is given, or empty if one must be given
     */
    public record Parameter(String name, String meaning, OptionalDouble byDefault) {
        public static Parameter required(String name, String meaning) {
            return new Parameter(name, meaning, OptionalDouble.empty());
        }

        public static Parameter withDefault(String name, String meaning, float value) {
            return new Parameter(name, meaning, OptionalDouble.of(value));
        }
    }

    public Builtin {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
        if (!kernel.params().equals(parameters.stream().map(Parameter::name).toList())) {
            throw new IllegalArgumentException("built-in '" + name + "' documents parameters " + parameters + " but its kernel has " + kernel.params());
        }
        for (Parameter p : parameters) {
            if (p.byDefault().isPresent()) {
                kernel = kernel.with(p.name(), (float) p.byDefault().getAsDouble());
            }
        }
        kernel = kernel.named(name);
    }

    /** The kernel with {@code value} for its only parameter. */
    public Kernel with(float value) {
        if (parameters.size() != 1) {
            throw new IllegalArgumentException("built-in '" + name + "' takes " + parameters.size() + " parameters, not one");
        }
        return kernel.with(parameters.getFirst().name(), value);
    }

    /** A usage line such as {@code gamma(g)} or {@code triad(b, c; s=0.4)}. */
    public String signature() {
        var params = parameters.stream()
                .map(p -> p.byDefault().isPresent() ? p.name() + "=" + format(p.byDefault().getAsDouble()) : p.name())
                .toList();
        String inputs = String.join(", ", kernel.inputNames());
        return name + "(" + inputs + (params.isEmpty() ? "" : (inputs.isEmpty() ? "" : "; ") + String.join(", ", params)) + ")";
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", (float) v);
    }
}
