package dev.quiver.bench;

import java.util.SplittableRandom;

/** Benchmark inputs: deterministic, with no special values, so that every backend does the same work. */
final class Data {
    private Data() {
    }

    static float[] floats(int n, long seed) {
        var r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    static int[] pixels(int n, long seed) {
        var r = new SplittableRandom(seed);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt();
        }
        return a;
    }
}
