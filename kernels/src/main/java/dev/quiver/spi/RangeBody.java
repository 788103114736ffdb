package dev.quiver.spi;

/** Work over the index range {@code [from, to)}, for backends that run plain Java code in parallel. */
@FunctionalInterface
public interface RangeBody {
    void run(long from, long to);
}
