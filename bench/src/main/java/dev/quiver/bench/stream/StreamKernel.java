package dev.quiver.bench.stream;

import dev.quiver.kernel.Kernel;
import dev.quiver.library.Kernels;
import java.util.List;
import java.util.Optional;

/**
 * One kernel of the stream suite: the kernel timed, the kernel the reference interpreter runs to check it
 * (the same one, except in tests that time a deliberately wrong kernel), and BabelStream's byte count.
 *
 * @param bytesPerElement bytes read and written per element, counting each array once (BabelStream's rule)
 * @param inPlace         whether the output is input {@code a} itself (nstream)
 */
public record StreamKernel(String name, Kernel timed, Kernel reference, long bytesPerElement, boolean inPlace) {

    /** A built-in kernel checked against itself on the reference interpreter. */
    public static StreamKernel of(Kernel kernel, boolean inPlace) {
        return new StreamKernel(kernel.name(), kernel, kernel, kernel.program().bytesPerElement(), inPlace);
    }

    /** BabelStream's kernels (copy, mul, add, triad, dot, nstream) and {@code square}, in that order. */
    public static List<StreamKernel> babelStream() {
        return List.of(of(Kernels.copy(), false), of(Kernels.mul(), false), of(Kernels.add(), false), of(Kernels.triad(), false),
                of(Kernels.dot(), false), of(Kernels.nstream(), true), of(Kernels.square(), false));
    }

    public static Optional<StreamKernel> named(String name) {
        return babelStream().stream().filter(k -> k.name().equals(name)).findFirst();
    }

    public static String names() {
        return String.join(",", babelStream().stream().map(StreamKernel::name).toList());
    }
}
