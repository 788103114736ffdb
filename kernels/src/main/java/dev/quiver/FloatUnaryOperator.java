package dev.quiver;

/** A function from float to float, for {@link ParallelMap#map(float[], FloatUnaryOperator, float[])}. */
@FunctionalInterface
public interface FloatUnaryOperator {
    float applyAsFloat(float x);
}
